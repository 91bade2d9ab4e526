import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_SCHEDULE_PAGE } from '../../../engine/maintenance-windows/limits.js';
import { windowIdsTargeting } from '../../../engine/maintenance-windows/targets.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { toSpecs } from './window-view.js';

// The windows whose registered targets reach these nodes (resolved now, so tag targets count), by window id.
export default defineHandler('DescribeMaintenanceWindowsForTarget', (input, ctx) => {
  const { store, clock } = ctx.services;
  let after = '';
  if (input.NextToken !== undefined) {
    const k = decodeToken<string>(input.NextToken);
    if (typeof k !== 'string') throw mwErrors.badToken();
    after = k;
  }
  const ids = [...windowIdsTargeting(store, ctx, toSpecs(input.Targets), input.ResourceType, clock.nowMs())]
    .filter((id) => id > after)
    .sort();
  const size = input.MaxResults ?? DEFAULT_SCHEDULE_PAGE;
  const page = ids.slice(0, size);
  return {
    WindowIdentities: page.map((id) => ({
      WindowId: id,
      Name: store.maintenanceWindows.getWindow(ctx.account, ctx.region, id)?.name,
    })),
    NextToken: ids.length > size ? encodeToken(page[page.length - 1]) : undefined,
  };
});
