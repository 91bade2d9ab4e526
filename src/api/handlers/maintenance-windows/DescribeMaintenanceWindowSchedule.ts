import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_SCHEDULE_PAGE } from '../../../engine/maintenance-windows/limits.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { formatOpening, upcomingOpenings } from '../../../engine/maintenance-windows/schedule.js';
import { windowIdsTargeting } from '../../../engine/maintenance-windows/targets.js';
import type { StoredWindow } from '../../../store/repositories/maintenance-windows.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import { requireWindow, toSpecs } from './window-view.js';

type Key = [number, string];

// The next openings of one window, or of every window whose targets reach the given nodes, earliest first,
// from now on the emulator clock. Filters are not supported: AWS documents no filter key for this operation.
export default defineHandler('DescribeMaintenanceWindowSchedule', (input, ctx) => {
  const { store, clock } = ctx.services;
  if (input.Filters?.length) throw mwErrors.badFilter(input.Filters[0].Key ?? '', []);
  if ((input.WindowId === undefined) === (input.Targets === undefined)) throw mwErrors.scheduleNeedsSubject();
  let windows: StoredWindow[];
  if (input.WindowId !== undefined) windows = [requireWindow(ctx, input.WindowId)];
  else {
    const ids = windowIdsTargeting(store, ctx, toSpecs(input.Targets), input.ResourceType, clock.nowMs());
    windows = [...ids].map((id) => store.maintenanceWindows.getWindow(ctx.account, ctx.region, id)!);
  }
  let after: Key = [clock.nowMs(), ''];
  if (input.NextToken !== undefined) {
    const k = decodeToken<Key>(input.NextToken);
    if (!Array.isArray(k) || typeof k[0] !== 'number' || typeof k[1] !== 'string') throw mwErrors.badToken();
    after = k;
  }
  const size = input.MaxResults ?? DEFAULT_SCHEDULE_PAGE;
  // Each window contributes at most size + 1 openings past the key: enough to fill the merged page.
  const openings: { ms: number; w: StoredWindow }[] = [];
  for (const w of windows) {
    if (!w.enabled) continue;
    for (const ms of upcomingOpenings(w, after[0] - 1, size + 1))
      if (ms > after[0] || (ms === after[0] && w.windowId > after[1])) openings.push({ ms, w });
  }
  openings.sort((a, b) => a.ms - b.ms || a.w.windowId.localeCompare(b.w.windowId));
  const page = openings.slice(0, size);
  const last = page[page.length - 1];
  return {
    ScheduledWindowExecutions: page.map(({ ms, w }) => ({
      WindowId: w.windowId,
      Name: w.name,
      ExecutionTime: formatOpening(ms, w.scheduleTimezone),
    })),
    NextToken: openings.length > size ? encodeToken([last.ms, last.w.windowId]) : undefined,
  };
});
