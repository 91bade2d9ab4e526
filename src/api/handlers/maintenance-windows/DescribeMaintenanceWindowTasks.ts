import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_WINDOW_PAGE } from '../../../engine/maintenance-windows/limits.js';
import type { StoredWindowTask } from '../../../store/repositories/maintenance-windows.js';
import { filterOf, pageOrThrow, requireWindow, toWindowTask } from './window-view.js';

// "The supported filter keys are WindowTaskId, TaskArn, Priority, and TaskType." (API reference)
export default defineHandler('DescribeMaintenanceWindowTasks', (input, ctx) => {
  requireWindow(ctx, input.WindowId);
  const accept = filterOf<StoredWindowTask>(input.Filters, {
    keys: ['WindowTaskId', 'TaskArn', 'Priority', 'TaskType'],
    test: (key, values, t) => {
      const field =
        key === 'WindowTaskId'
          ? t.windowTaskId
          : key === 'TaskArn'
            ? t.taskArn
            : key === 'Priority'
              ? String(t.priority)
              : t.taskType;
      return values.includes(field);
    },
  });
  const page = pageOrThrow(
    ctx.services.store.maintenanceWindows.listTasks(
      ctx,
      input.WindowId,
      input.MaxResults ?? DEFAULT_WINDOW_PAGE,
      input.NextToken,
      accept,
    ),
  );
  return { Tasks: page.items.map(toWindowTask), NextToken: page.nextToken };
});
