import { defineHandler } from '../../protocol/handler.js';
import { InvalidInstanceId, InvalidNextToken } from '../../../model/generated/errors.js';
import { DEFAULT_ASSOCIATION_PAGE } from '../../../engine/associations/limits.js';
import { BAD_TOKEN, toStatusInfo } from './association-view.js';

// Each association's latest result on the node.
export default defineHandler('DescribeInstanceAssociationsStatus', (input, ctx) => {
  const { store } = ctx.services;
  if (!store.nodes.get(ctx.account, ctx.region, input.InstanceId))
    throw new InvalidInstanceId(
      `Instances [[${input.InstanceId}]] not in a valid state for account ${ctx.account}`,
    );
  const page = store.associationExecutions.listInstanceStatuses(
    ctx.account,
    ctx.region,
    input.InstanceId,
    input.MaxResults ?? DEFAULT_ASSOCIATION_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken(BAD_TOKEN);
  return { InstanceAssociationStatusInfos: page.items.map(toStatusInfo), NextToken: page.nextToken };
});
