import { DEFAULT_LIST_PAGE } from '../../../engine/documents/index.js';
import { decodeToken, toPage } from '../../../store/pagination.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { catalogVersion, requireDocument } from './document-access.js';
import { versionInfo } from './document-view.js';

export default defineHandler('ListDocumentVersions', (input, ctx) => {
  const doc = requireDocument(ctx, input.Name);
  const limit = input.MaxResults ?? DEFAULT_LIST_PAGE;
  let after = 0;
  if (input.NextToken !== undefined) {
    const k = decodeToken<number>(input.NextToken);
    if (typeof k !== 'number') throw new InvalidNextToken("The specified token isn't valid.");
    after = k;
  }
  const rows = doc.catalog
    ? after < 1
      ? [catalogVersion(doc.catalog)]
      : []
    : ctx.services.store.documents.versions.list(doc.owner, ctx.region, doc.name, after, limit + 1);
  const page = toPage(rows, limit, (v) => v.version);
  return { DocumentVersions: page.items.map((v) => versionInfo(doc, v)), NextToken: page.nextToken };
});
