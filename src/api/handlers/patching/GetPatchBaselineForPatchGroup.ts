import { baselineForPatchGroup } from '../../../engine/patching/resolve.js';
import { defineHandler } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';

// The baseline the group's nodes of this OS use: the registered one, else the OS's default (as on a node).
export default defineHandler('GetPatchBaselineForPatchGroup', (input, ctx) => {
  const os = input.OperatingSystem ?? 'WINDOWS'; // "The default value is WINDOWS."
  const r = baselineForPatchGroup(ctx.services.store, scopeOf(ctx), input.PatchGroup, os);
  return { BaselineId: r.id, PatchGroup: input.PatchGroup, OperatingSystem: os };
});
