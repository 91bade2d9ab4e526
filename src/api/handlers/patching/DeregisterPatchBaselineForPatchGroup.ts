import { findBaseline, parseBaselineRef } from '../../../engine/patching/resolve.js';
import { InvalidResourceId } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';

// The operation models only InvalidResourceId: an unknown baseline or a patch group it doesn't have get it.
export default defineHandler('DeregisterPatchBaselineForPatchGroup', (input, ctx) => {
  const ref = parseBaselineRef(scopeOf(ctx), input.BaselineId);
  const r = ref && findBaseline(ctx.services.store, scopeOf(ctx), ref);
  if (!r) throw new InvalidResourceId('').because(`no patch baseline ${input.BaselineId}`);
  const repo = ctx.services.store.patchBaselines;
  const os = r.baseline.operatingSystem;
  const g = repo.group(ctx.account, ctx.region, input.PatchGroup, os);
  if (!g || g.baselineId !== r.id)
    throw new InvalidResourceId('').because(
      `patch group ${input.PatchGroup} is not registered with ${input.BaselineId}`,
    );
  repo.deleteGroup(ctx.account, ctx.region, input.PatchGroup, os);
  return { BaselineId: input.BaselineId, PatchGroup: input.PatchGroup };
});
