import { MAX_PATCH_GROUPS_PER_BASELINE } from '../../../engine/patching/resolve.js';
import { AlreadyExistsException, ResourceLimitExceededException } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireBaseline } from './baseline-access.js';

// A patch group has one baseline per operating system (a group may mix Windows and Linux nodes).
export default defineHandler('RegisterPatchBaselineForPatchGroup', (input, ctx) => {
  const r = requireBaseline(ctx, input.BaselineId, 'invalid');
  const repo = ctx.services.store.patchBaselines;
  const os = r.baseline.operatingSystem;
  if (repo.group(ctx.account, ctx.region, input.PatchGroup, os)) {
    // The text moto and other emulators use; AWS's own is not published.
    throw new AlreadyExistsException(
      `Patch Group baseline already has a baseline registered for OperatingSystem ${os}.`,
    );
  }
  if (repo.groupsOf(ctx.account, ctx.region, r.id).length >= MAX_PATCH_GROUPS_PER_BASELINE) {
    throw new ResourceLimitExceededException(
      `You have reached the maximum number of patch groups (${MAX_PATCH_GROUPS_PER_BASELINE}) for patch baseline ${input.BaselineId}.`,
    );
  }
  repo.putGroup(ctx.account, ctx.region, {
    patchGroup: input.PatchGroup,
    operatingSystem: os,
    baselineId: r.id,
  });
  return { BaselineId: input.BaselineId, PatchGroup: input.PatchGroup };
});
