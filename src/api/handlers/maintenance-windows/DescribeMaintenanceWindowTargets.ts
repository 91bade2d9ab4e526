import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_WINDOW_PAGE } from '../../../engine/maintenance-windows/limits.js';
import type { StoredWindowTarget } from '../../../store/repositories/maintenance-windows.js';
import { filterOf, pageOrThrow, requireWindow, toWindowTarget } from './window-view.js';

// "The supported filter keys are Type, WindowTargetId and OwnerInformation." (UG, describe examples)
export default defineHandler('DescribeMaintenanceWindowTargets', (input, ctx) => {
  requireWindow(ctx, input.WindowId);
  const accept = filterOf<StoredWindowTarget>(input.Filters, {
    keys: ['Type', 'WindowTargetId', 'OwnerInformation'],
    test: (key, values, t) =>
      values.includes(
        (key === 'Type'
          ? t.resourceType
          : key === 'WindowTargetId'
            ? t.windowTargetId
            : t.ownerInformation) ?? '',
      ),
  });
  const page = pageOrThrow(
    ctx.services.store.maintenanceWindows.listTargets(
      ctx,
      input.WindowId,
      input.MaxResults ?? DEFAULT_WINDOW_PAGE,
      input.NextToken,
      accept,
    ),
  );
  return { Targets: page.items.map(toWindowTarget), NextToken: page.nextToken };
});
