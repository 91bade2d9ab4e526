import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import { DEFAULT_ASSOCIATION_PAGE } from '../../../engine/associations/limits.js';
import { BAD_TOKEN, toVersionInfo } from './association-view.js';

export default defineHandler('ListAssociationVersions', (input, ctx) => {
  ctx.services.associations.get(ctx, input.AssociationId);
  const page = ctx.services.store.associations.listVersions(
    ctx.account,
    ctx.region,
    input.AssociationId,
    input.MaxResults ?? DEFAULT_ASSOCIATION_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken(BAD_TOKEN);
  return { AssociationVersions: page.items.map(toVersionInfo), NextToken: page.nextToken };
});
