import { defineHandler } from '../../protocol/handler.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { requireWindow } from './window-view.js';

// With Safe, a target that a task names (WindowTargetIds) stays registered: TargetInUseException. Without it,
// the target goes and tasks that named it run on their other targets.
export default defineHandler('DeregisterTargetFromMaintenanceWindow', (input, ctx) => {
  const { store, maintenanceWindows: engine } = ctx.services;
  const repo = store.maintenanceWindows;
  requireWindow(ctx, input.WindowId);
  if (!repo.getTarget(ctx, input.WindowId, input.WindowTargetId))
    throw mwErrors.targetNotFound(input.WindowTargetId);
  if (input.Safe) {
    const used = repo
      .allTasks(ctx, input.WindowId)
      .some((t) =>
        t.targets.some((s) => s.Key === 'WindowTargetIds' && s.Values.includes(input.WindowTargetId)),
      );
    if (used) throw mwErrors.targetInUse(input.WindowTargetId);
  }
  repo.deleteTarget(ctx, input.WindowId, input.WindowTargetId);
  engine.events.targetRegistration(ctx, input.WindowId, input.WindowTargetId, false);
  return { WindowId: input.WindowId, WindowTargetId: input.WindowTargetId };
});
