import { defineHandler } from '../../protocol/handler.js';
import { ValidationException } from '../../../model/generated/errors.js';
import type { StoredWindow } from '../../../store/repositories/maintenance-windows.js';
import { requireWindow } from './window-view.js';
import { checkWindow } from './window-write.js';
import { rateAnchor } from '../../../engine/maintenance-windows/schedule.js';

const REQUIRED_ON_REPLACE = ['Name', 'Schedule', 'Duration', 'Cutoff', 'AllowUnassociatedTargets'] as const;

// "Only specified parameters are modified"; with Replace, the fields CreateMaintenanceWindow requires must be
// given and the optional ones not given are cleared (UpdateMaintenanceWindow API reference).
export default defineHandler('UpdateMaintenanceWindow', (input, ctx) => {
  const { store, clock, maintenanceWindows: engine } = ctx.services;
  const old = requireWindow(ctx, input.WindowId);
  if (input.Replace) {
    const missing = REQUIRED_ON_REPLACE.filter((k) => input[k] === undefined);
    // Ours: AWS's text for this case is not published.
    if (missing.length)
      throw new ValidationException(
        `When Replace is true, these fields are required: ${missing.join(', ')}.`,
      );
  }
  const pick = <K extends keyof StoredWindow>(given: StoredWindow[K] | undefined, key: K): StoredWindow[K] =>
    given !== undefined ? given : input.Replace ? (undefined as StoredWindow[K]) : old[key];
  const now = clock.nowMs();
  const w: StoredWindow = {
    ...old,
    name: input.Name ?? old.name,
    description: pick(input.Description, 'description'),
    startDate: pick(input.StartDate, 'startDate'),
    endDate: pick(input.EndDate, 'endDate'),
    schedule: input.Schedule ?? old.schedule,
    scheduleTimezone: pick(input.ScheduleTimezone, 'scheduleTimezone'),
    scheduleOffset: pick(input.ScheduleOffset, 'scheduleOffset'),
    duration: input.Duration ?? old.duration,
    cutoff: input.Cutoff ?? old.cutoff,
    allowUnassociatedTargets: input.AllowUnassociatedTargets ?? old.allowUnassociatedTargets,
    enabled: input.Enabled ?? old.enabled,
    modifiedMs: now,
  };
  checkWindow(w);
  // A new schedule or start date starts a new rate() count.
  if (w.schedule !== old.schedule || w.startDate !== old.startDate) w.anchorMs = rateAnchor(w, now);
  w.nextMs = engine.nextOpening(w);
  store.maintenanceWindows.putWindow(w);
  engine.windowsChanged();
  if (w.enabled !== old.enabled) engine.events.windowState(ctx, w.windowId, w.enabled);
  return {
    WindowId: w.windowId,
    Name: w.name,
    Description: w.description,
    StartDate: w.startDate,
    EndDate: w.endDate,
    Schedule: w.schedule,
    ScheduleTimezone: w.scheduleTimezone,
    ScheduleOffset: w.scheduleOffset,
    Duration: w.duration,
    Cutoff: w.cutoff,
    AllowUnassociatedTargets: w.allowUnassociatedTargets,
    Enabled: w.enabled,
  };
});
