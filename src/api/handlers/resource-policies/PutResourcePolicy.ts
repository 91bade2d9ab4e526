import { randomUUID } from 'node:crypto';
import { defineHandler } from '../../protocol/handler.js';
import {
  ResourcePolicyConflictException,
  ResourcePolicyLimitExceededException,
} from '../../../model/generated/errors.js';
import { MAX_RESOURCE_POLICY_BYTES } from '../../../engine/parameters/limits.js';
import { checkShareable, existingPolicy, granteesOf, policyHash, targetParameter } from './policy-target.js';

export default defineHandler('PutResourcePolicy', (input, ctx) => {
  const { record, arn } = targetParameter(ctx, input.ResourceArn);
  checkShareable(record);
  if (Buffer.byteLength(input.Policy, 'utf8') > MAX_RESOURCE_POLICY_BYTES) {
    throw new ResourcePolicyLimitExceededException(
      `A policy can't be greater than ${MAX_RESOURCE_POLICY_BYTES} bytes in size.`,
      {
        Limit: MAX_RESOURCE_POLICY_BYTES,
        LimitType: 'PolicySize',
      },
    );
  }
  const grantees = granteesOf(input.Policy);
  if (input.PolicyId === undefined && input.PolicyHash !== undefined) {
    throw new ResourcePolicyConflictException(
      'A PolicyHash can only be given together with the PolicyId of the policy to update.',
    );
  }
  const previous =
    input.PolicyId !== undefined ? existingPolicy(ctx, arn, input.PolicyId, input.PolicyHash) : undefined;
  const policyId = previous?.policyId ?? randomUUID();
  const hash = policyHash(input.Policy);
  const repo = ctx.services.store.resourcePolicies;
  ctx.services.store.transaction(() =>
    repo.put(
      ctx.account,
      ctx.region,
      {
        resourceArn: arn,
        policyId,
        policyHash: hash,
        policy: input.Policy,
        createdMs: ctx.services.clock.nowMs(),
      },
      grantees,
    ),
  );
  return { PolicyId: policyId, PolicyHash: hash };
});
