import { defineHandler } from '../../protocol/handler.js';
import { ValidationException } from '../../../model/generated/errors.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { checkWindowTargetKeys } from '../../../engine/maintenance-windows/targets.js';
import type { StoredWindowTarget } from '../../../store/repositories/maintenance-windows.js';
import { requireWindow, toSpecs, toWindowTarget } from './window-view.js';

// Only the given fields change; with Replace, Targets is required and the optional fields not given are
// cleared (UG "Update a maintenance window": --replace removes the description).
export default defineHandler('UpdateMaintenanceWindowTarget', (input, ctx) => {
  const repo = ctx.services.store.maintenanceWindows;
  requireWindow(ctx, input.WindowId);
  const old = repo.getTarget(ctx, input.WindowId, input.WindowTargetId);
  if (!old) throw mwErrors.targetNotFound(input.WindowTargetId);
  // Ours: AWS's text for this case is not published.
  if (input.Replace && input.Targets === undefined)
    throw new ValidationException('When Replace is true, these fields are required: Targets.');
  const keep = <V>(given: V | undefined, current: V | undefined) =>
    given !== undefined ? given : input.Replace ? undefined : current;
  const t: StoredWindowTarget = {
    ...old,
    targets: input.Targets ? toSpecs(input.Targets) : old.targets,
    ownerInformation: keep(input.OwnerInformation, old.ownerInformation),
    name: keep(input.Name, old.name),
    description: keep(input.Description, old.description),
  };
  checkWindowTargetKeys(t.resourceType, t.targets);
  repo.putTarget(t);
  const { ResourceType: _type, ...out } = toWindowTarget(t);
  void _type;
  return out;
});
