import { DEFAULT_LIST_PAGE } from '../../../engine/documents/index.js';
import { decodeToken, toPage } from '../../../store/pagination.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import type { ReviewStatus } from '../../../model/generated/types.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireDocument, requireVersion } from '../documents/document-access.js';

export default defineHandler('ListDocumentMetadataHistory', (input, ctx) => {
  const doc = requireDocument(ctx, input.Name);
  const v = requireVersion(ctx, doc, input.DocumentVersion ?? '$LATEST');
  const limit = input.MaxResults ?? DEFAULT_LIST_PAGE;
  let after = 0;
  if (input.NextToken !== undefined) {
    const k = decodeToken<number>(input.NextToken);
    if (typeof k !== 'number') throw new InvalidNextToken("The specified token isn't valid.");
    after = k;
  }
  const rows = doc.catalog
    ? []
    : ctx.services.store.documents.reviews.list(doc.owner, ctx.region, doc.name, v.version, after, limit + 1);
  const page = toPage(rows, limit, (r) => r.seq);
  return {
    Name: doc.name,
    DocumentVersion: String(v.version),
    Metadata: {
      ReviewerResponse: page.items.map((r) => ({
        CreateTime: new Date(r.createdMs),
        UpdatedTime: new Date(r.createdMs),
        ReviewStatus: r.reviewStatus as ReviewStatus,
        Comment: r.comment === undefined ? [] : [{ Type: 'Comment' as const, Content: r.comment }],
        Reviewer: r.reviewer,
      })),
    },
    NextToken: page.nextToken,
  };
});
