import { defineHandler } from '../../protocol/handler.js';
import { requireBaseline } from './baseline-access.js';

// An account's own baseline by id or ARN; AWS's by full ARN, which also "resets the AWS predefined patch
// baseline as the default" (RegisterDefaultPatchBaseline reference). One default per operating system.
export default defineHandler('RegisterDefaultPatchBaseline', (input, ctx) => {
  const r = requireBaseline(ctx, input.BaselineId, 'invalid');
  const repo = ctx.services.store.patchBaselines;
  const os = r.baseline.operatingSystem;
  if (r.owner === 'AWS' && r.baseline.isDefault) repo.clearDefault(ctx.account, ctx.region, os);
  else repo.setDefault(ctx.account, ctx.region, os, r.id);
  return { BaselineId: input.BaselineId };
});
