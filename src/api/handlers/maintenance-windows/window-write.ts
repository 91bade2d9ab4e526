// The cross-field rules of CreateMaintenanceWindow / UpdateMaintenanceWindow (the model checks each field).
import type { StoredWindow } from '../../../store/repositories/maintenance-windows.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { checkWindowSchedule, parseWindowDate } from '../../../engine/maintenance-windows/schedule.js';

/** Checks a window as it would be stored; throws AWS's ValidationException and changes nothing. */
export function checkWindow(w: StoredWindow): void {
  if (w.cutoff >= w.duration) throw mwErrors.cutoffNotBelowDuration(w.cutoff, w.duration);
  checkWindowSchedule({
    schedule: w.schedule,
    scheduleTimezone: w.scheduleTimezone,
    scheduleOffset: w.scheduleOffset,
  });
  const start = w.startDate === undefined ? undefined : parseWindowDate('StartDate', w.startDate);
  const end = w.endDate === undefined ? undefined : parseWindowDate('EndDate', w.endDate);
  if (start !== undefined && end !== undefined && end <= start) throw mwErrors.endBeforeStart();
}
