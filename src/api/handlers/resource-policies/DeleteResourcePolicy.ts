import { defineHandler } from '../../protocol/handler.js';
import { existingPolicy, targetParameter } from './policy-target.js';

export default defineHandler('DeleteResourcePolicy', (input, ctx) => {
  const { arn } = targetParameter(ctx, input.ResourceArn);
  existingPolicy(ctx, arn, input.PolicyId, input.PolicyHash);
  ctx.services.store.transaction(() =>
    ctx.services.store.resourcePolicies.delete(ctx.account, ctx.region, arn, input.PolicyId),
  );
  return {};
});
