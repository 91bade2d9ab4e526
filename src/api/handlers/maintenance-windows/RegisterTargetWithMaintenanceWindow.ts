import { randomUUID } from 'node:crypto';
import { defineHandler } from '../../protocol/handler.js';
import { MAX_TARGETS_PER_WINDOW } from '../../../engine/maintenance-windows/limits.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { checkWindowTargetKeys } from '../../../engine/maintenance-windows/targets.js';
import type { StoredWindowTarget } from '../../../store/repositories/maintenance-windows.js';
import { fingerprintOf, replayed, requireWindow, toSpecs } from './window-view.js';

export default defineHandler('RegisterTargetWithMaintenanceWindow', (input, ctx) => {
  const { store, maintenanceWindows: engine } = ctx.services;
  const repo = store.maintenanceWindows;
  requireWindow(ctx, input.WindowId);
  if (input.ClientToken) {
    const prior = replayed(
      repo.findTargetByToken(ctx.account, ctx.region, input.ClientToken),
      input,
      'RegisterTargetWithMaintenanceWindow',
    );
    if (prior) return { WindowTargetId: prior.windowTargetId };
  }
  const targets = toSpecs(input.Targets);
  checkWindowTargetKeys(input.ResourceType, targets);
  if (repo.countTargets(ctx, input.WindowId) >= MAX_TARGETS_PER_WINDOW)
    throw mwErrors.tooManyTargets(input.WindowId);
  const t: StoredWindowTarget = {
    account: ctx.account,
    region: ctx.region,
    windowId: input.WindowId,
    windowTargetId: randomUUID(),
    resourceType: input.ResourceType,
    targets,
    ownerInformation: input.OwnerInformation,
    name: input.Name,
    description: input.Description,
    clientToken: input.ClientToken,
    requestFingerprint: input.ClientToken ? fingerprintOf(input) : undefined,
  };
  repo.putTarget(t);
  engine.events.targetRegistration(ctx, t.windowId, t.windowTargetId, true);
  return { WindowTargetId: t.windowTargetId };
});
