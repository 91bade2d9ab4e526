import { defineHandler } from '../../protocol/handler.js';
import { nextExecutionTime, requireWindow } from './window-view.js';

export default defineHandler('GetMaintenanceWindow', (input, ctx) => {
  const w = requireWindow(ctx, input.WindowId);
  return {
    WindowId: w.windowId,
    Name: w.name,
    Description: w.description,
    StartDate: w.startDate,
    EndDate: w.endDate,
    Schedule: w.schedule,
    ScheduleTimezone: w.scheduleTimezone,
    ScheduleOffset: w.scheduleOffset,
    NextExecutionTime: nextExecutionTime(w),
    Duration: w.duration,
    Cutoff: w.cutoff,
    AllowUnassociatedTargets: w.allowUnassociatedTargets,
    Enabled: w.enabled,
    CreatedDate: new Date(w.createdMs),
    ModifiedDate: new Date(w.modifiedMs),
  };
});
