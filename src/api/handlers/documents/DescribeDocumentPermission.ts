import { DEFAULT_PERMISSION_PAGE } from '../../../engine/documents/index.js';
import { decodeToken, toPage } from '../../../store/pagination.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireOwnDocument } from './document-access.js';

export default defineHandler('DescribeDocumentPermission', (input, ctx) => {
  const doc = requireOwnDocument(ctx, input.Name, 'describe the permissions of');
  const limit = input.MaxResults ?? DEFAULT_PERMISSION_PAGE;
  let after = '';
  if (input.NextToken !== undefined) {
    const k = decodeToken<string>(input.NextToken);
    if (typeof k !== 'string') throw new InvalidNextToken("The specified token isn't valid.");
    after = k;
  }
  const rows = ctx.services.store.documents.permissions.list(
    ctx.account,
    ctx.region,
    doc.name,
    after,
    limit + 1,
  );
  const page = toPage(rows, limit, (p) => p.sharedWith);
  return {
    AccountIds: page.items.map((p) => p.sharedWith),
    AccountSharingInfoList: page.items.map((p) => ({
      AccountId: p.sharedWith,
      SharedDocumentVersion: p.sharedVersion,
    })),
    NextToken: page.nextToken,
  };
});
