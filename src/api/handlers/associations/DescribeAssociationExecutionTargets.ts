import { defineHandler } from '../../protocol/handler.js';
import { AssociationExecutionDoesNotExist, InvalidNextToken } from '../../../model/generated/errors.js';
import { DEFAULT_ASSOCIATION_PAGE } from '../../../engine/associations/limits.js';
import { BAD_TOKEN, toExecutionTarget } from './association-view.js';

const COLUMN = { Status: 'status', ResourceId: 'resource_id', ResourceType: 'resource_type' } as const;

export default defineHandler('DescribeAssociationExecutionTargets', (input, ctx) => {
  const { store } = ctx.services;
  ctx.services.associations.get(ctx, input.AssociationId);
  if (
    !store.associationExecutions.getExecution(ctx.account, ctx.region, input.AssociationId, input.ExecutionId)
  )
    // The model's text for this error.
    throw new AssociationExecutionDoesNotExist(
      "The specified execution ID doesn't exist. Verify the ID number and try again.",
    );
  const page = store.associationExecutions.listTargets(
    ctx.account,
    ctx.region,
    input.AssociationId,
    input.ExecutionId,
    (input.Filters ?? []).map((f) => ({ column: COLUMN[f.Key], value: f.Value })),
    input.MaxResults ?? DEFAULT_ASSOCIATION_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken(BAD_TOKEN);
  return { AssociationExecutionTargets: page.items.map(toExecutionTarget), NextToken: page.nextToken };
});
