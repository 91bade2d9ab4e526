import { defineHandler } from '../../protocol/handler.js';

// Aggregated over the patch states the group's nodes reported (AWS-RunPatchBaseline writes them).
export default defineHandler('DescribePatchGroupState', (input, ctx) => {
  ctx.services.patching.flush(); // reports that arrived this turn
  return ctx.services.store.patchStates.groupSummary(ctx.account, ctx.region, input.PatchGroup);
});
