import { defineHandler } from '../../protocol/handler.js';
import { TooManyTagsError } from '../../../model/generated/errors.js';
import { MAX_TAGS_PER_RESOURCE } from '../../../engine/parameters/limits.js';
import { MAX_WINDOWS_PER_ACCOUNT } from '../../../engine/maintenance-windows/limits.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { newWindowId } from '../../../engine/maintenance-windows/ids.js';
import type { StoredWindow } from '../../../store/repositories/maintenance-windows.js';
import { fingerprintOf, replayed } from './window-view.js';
import { checkWindow } from './window-write.js';
import { rateAnchor } from '../../../engine/maintenance-windows/schedule.js';

// A new window is enabled and scheduled at once: its first opening is set on the emulator clock.
export default defineHandler('CreateMaintenanceWindow', (input, ctx) => {
  const { store, clock, maintenanceWindows: engine } = ctx.services;
  const repo = store.maintenanceWindows;
  if (input.ClientToken) {
    const prior = replayed(
      repo.findWindowByToken(ctx.account, ctx.region, input.ClientToken),
      input,
      'CreateMaintenanceWindow',
    );
    if (prior) return { WindowId: prior.windowId };
  }
  const now = clock.nowMs();
  const w: StoredWindow = {
    account: ctx.account,
    region: ctx.region,
    windowId: newWindowId(),
    name: input.Name,
    description: input.Description,
    startDate: input.StartDate,
    endDate: input.EndDate,
    schedule: input.Schedule,
    scheduleTimezone: input.ScheduleTimezone,
    scheduleOffset: input.ScheduleOffset,
    duration: input.Duration,
    cutoff: input.Cutoff,
    allowUnassociatedTargets: input.AllowUnassociatedTargets,
    enabled: true,
    createdMs: now,
    modifiedMs: now,
    clientToken: input.ClientToken,
    requestFingerprint: input.ClientToken ? fingerprintOf(input) : undefined,
  };
  checkWindow(w);
  if ((input.Tags?.length ?? 0) > MAX_TAGS_PER_RESOURCE) throw new TooManyTagsError('');
  if (repo.countWindows(ctx.account, ctx.region) >= MAX_WINDOWS_PER_ACCOUNT) throw mwErrors.tooManyWindows();
  w.anchorMs = rateAnchor(w, now);
  w.nextMs = engine.nextOpening(w);
  store.transaction(() => {
    repo.putWindow(w);
    if (input.Tags?.length)
      store.tags.put(
        ctx.account,
        ctx.region,
        'MaintenanceWindow',
        w.windowId,
        input.Tags.map((t) => ({ key: t.Key, value: t.Value })),
      );
  });
  engine.windowsChanged();
  return { WindowId: w.windowId };
});
