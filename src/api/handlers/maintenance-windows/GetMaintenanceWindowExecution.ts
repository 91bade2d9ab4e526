import { defineHandler } from '../../protocol/handler.js';
import { requireExecution } from './window-view.js';

export default defineHandler('GetMaintenanceWindowExecution', (input, ctx) => {
  const e = requireExecution(ctx, input.WindowExecutionId);
  return {
    WindowExecutionId: e.windowExecutionId,
    TaskIds: e.taskExecutionIds,
    Status: e.status,
    StatusDetails: e.statusDetails,
    StartTime: new Date(e.startMs),
    EndTime: e.endMs === undefined ? undefined : new Date(e.endMs),
  };
});
