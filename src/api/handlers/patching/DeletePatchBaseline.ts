import { isDefaultBaseline, parseBaselineRef, findBaseline } from '../../../engine/patching/resolve.js';
import { InvalidResourceId, ResourceInUseException } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';

export default defineHandler('DeletePatchBaseline', (input, ctx) => {
  const scope = scopeOf(ctx);
  const { store } = ctx.services;
  const ref = parseBaselineRef(scope, input.BaselineId);
  // AWS's predefined baselines (and ids that are no baseline id) can't be deleted from an account.
  if (!ref || ref.owner !== 'Self')
    throw new InvalidResourceId('').because(`${input.BaselineId} is not a baseline of this account`);
  const found = findBaseline(store, scope, ref);
  // Deleting a baseline that is already gone succeeds, as AWS's delete calls do (the id is returned).
  if (!found) return { BaselineId: input.BaselineId };
  const groups = store.patchBaselines.groupsOf(ctx.account, ctx.region, found.id);
  if (groups.length) {
    // AWS's text, quoted in rebuy-de/aws-nuke#321.
    throw new ResourceInUseException(
      `PatchBaseline to be deleted is used for Patch Group: ${groups[0].patchGroup}`,
    );
  }
  if (isDefaultBaseline(store, scope, found)) {
    // Worded as the patch group case; AWS's text for a default baseline is not published.
    throw new ResourceInUseException(
      `PatchBaseline to be deleted is the default baseline for OperatingSystem: ${found.baseline.operatingSystem}`,
    );
  }
  store.transaction(() => {
    store.patchBaselines.delete(ctx.account, ctx.region, found.id);
    store.tags.removeAll(ctx.account, ctx.region, 'PatchBaseline', found.id);
  });
  return { BaselineId: input.BaselineId };
});
