import { defineHandler } from '../../protocol/handler.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { requireWindow } from './window-view.js';

export default defineHandler('DeregisterTaskFromMaintenanceWindow', (input, ctx) => {
  const repo = ctx.services.store.maintenanceWindows;
  requireWindow(ctx, input.WindowId);
  if (!repo.getTask(ctx, input.WindowId, input.WindowTaskId)) throw mwErrors.taskNotFound(input.WindowTaskId);
  repo.deleteTask(ctx, input.WindowId, input.WindowTaskId);
  return { WindowId: input.WindowId, WindowTaskId: input.WindowTaskId };
});
