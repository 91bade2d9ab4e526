import { defineHandler } from '../../protocol/handler.js';
import { requireExecution } from './window-view.js';

// "Stops a maintenance window execution that is already in progress and cancels any tasks in the window that
// haven't already starting running. Tasks already in progress will continue to completion." (API reference)
// An execution that has already ended is left as it is.
export default defineHandler('CancelMaintenanceWindowExecution', (input, ctx) => {
  requireExecution(ctx, input.WindowExecutionId);
  ctx.services.maintenanceWindows.cancel(ctx, input.WindowExecutionId);
  return { WindowExecutionId: input.WindowExecutionId };
});
