import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_WINDOW_PAGE } from '../../../engine/maintenance-windows/limits.js';
import type { StoredTaskInvocation } from '../../../store/repositories/window-executions.js';
import { filterOf, pageOrThrow, requireTaskExecution, toInvocation } from './window-view.js';
import { STATUS_FILTER } from './status-filter.js';

// "the individual task executions (one per target)", in the order they started.
export default defineHandler('DescribeMaintenanceWindowExecutionTaskInvocations', (input, ctx) => {
  requireTaskExecution(ctx, input.WindowExecutionId, input.TaskId);
  const accept = filterOf<StoredTaskInvocation>(input.Filters, STATUS_FILTER);
  const page = pageOrThrow(
    ctx.services.store.windowExecutions.listInvocations(
      ctx,
      input.WindowExecutionId,
      input.TaskId,
      input.MaxResults ?? DEFAULT_WINDOW_PAGE,
      input.NextToken,
      accept,
    ),
  );
  return { WindowExecutionTaskInvocationIdentities: page.items.map(toInvocation), NextToken: page.nextToken };
});
