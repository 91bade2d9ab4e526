import { defineHandler } from '../../protocol/handler.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { requireWindow, toTaskDetails } from './window-view.js';

export default defineHandler('GetMaintenanceWindowTask', (input, ctx) => {
  requireWindow(ctx, input.WindowId);
  const task = ctx.services.store.maintenanceWindows.getTask(ctx, input.WindowId, input.WindowTaskId);
  if (!task) throw mwErrors.taskNotFound(input.WindowTaskId);
  return toTaskDetails(task);
});
