import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import { decodeToken, toPage } from '../../../store/pagination.js';
import { targetParameter } from './policy-target.js';

/** API reference: MaxResults 1-50; 50 when absent. */
const DEFAULT_PAGE = 50;

export default defineHandler('GetResourcePolicies', (input, ctx) => {
  const { arn } = targetParameter(ctx, input.ResourceArn);
  let after = '';
  if (input.NextToken !== undefined) {
    const k = decodeToken<string>(input.NextToken);
    if (typeof k !== 'string') throw new InvalidNextToken("The specified token isn't valid.");
    after = k;
  }
  const size = input.MaxResults ?? DEFAULT_PAGE;
  const rows = ctx.services.store.resourcePolicies.list(ctx.account, ctx.region, arn, after, size + 1);
  const page = toPage(rows, size, (r) => r.policyId);
  return {
    Policies: page.items.map((p) => ({ PolicyId: p.policyId, PolicyHash: p.policyHash, Policy: p.policy })),
    NextToken: page.nextToken,
  };
});
