import { defaultBaseline } from '../../../engine/patching/resolve.js';
import { defineHandler } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';

export default defineHandler('GetDefaultPatchBaseline', (input, ctx) => {
  // "If you don't specify an operating system value, the default patch baseline for Windows is returned."
  const os = input.OperatingSystem ?? 'WINDOWS';
  return { BaselineId: defaultBaseline(ctx.services.store, scopeOf(ctx), os).id, OperatingSystem: os };
});
