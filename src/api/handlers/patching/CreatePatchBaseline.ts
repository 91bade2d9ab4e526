import { randomBytes } from 'node:crypto';
import { definitionFrom, type StoredBaseline } from '../../../patch-catalog/baseline.js';
import { MAX_PATCH_BASELINES } from '../../../engine/patching/resolve.js';
import { validateBaseline } from '../../../engine/patching/validate-baseline.js';
import {
  IdempotentParameterMismatch,
  ResourceLimitExceededException,
} from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';

export default defineHandler('CreatePatchBaseline', (input, ctx) => {
  const repo = ctx.services.store.patchBaselines;
  const fingerprint = JSON.stringify({ ...input, ClientToken: undefined });
  if (input.ClientToken) {
    const prior = repo.byClientToken<StoredBaseline & Record<string, unknown>>(
      ctx.account,
      ctx.region,
      input.ClientToken,
    );
    if (prior) {
      if (prior.fingerprint === fingerprint) return { BaselineId: prior.baselineId };
      // Worded as StartAutomationExecution's mismatch; CreatePatchBaseline's own text is not published.
      throw new IdempotentParameterMismatch(
        'Error occurred during operation CreatePatchBaseline. ClientToken is already used with different parameters.',
      );
    }
  }
  const definition = definitionFrom(input);
  validateBaseline(definition);
  if (repo.count(ctx.account, ctx.region) >= MAX_PATCH_BASELINES) {
    throw new ResourceLimitExceededException(
      `You have reached the maximum number of patch baselines (${MAX_PATCH_BASELINES}) for this Region.`,
    );
  }
  const now = ctx.services.clock.nowMs();
  const baseline: StoredBaseline = {
    ...definition,
    baselineId: `pb-0${randomBytes(8).toString('hex')}`,
    createdMs: now,
    modifiedMs: now,
    clientToken: input.ClientToken,
    fingerprint,
  };
  ctx.services.store.transaction(() => {
    repo.put(ctx.account, ctx.region, { ...baseline });
    if (input.Tags?.length) {
      ctx.services.store.tags.put(
        ctx.account,
        ctx.region,
        'PatchBaseline',
        baseline.baselineId,
        input.Tags.map((t) => ({ key: t.Key, value: t.Value })),
      );
    }
  });
  return { BaselineId: baseline.baselineId };
});
