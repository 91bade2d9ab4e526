import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_WINDOW_PAGE } from '../../../engine/maintenance-windows/limits.js';
import { encodeToken, decodeToken } from '../../../store/pagination.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import type { StoredTaskExecution } from '../../../store/repositories/window-executions.js';
import { filterOf, requireExecution, toTaskIdentity } from './window-view.js';
import { STATUS_FILTER } from './status-filter.js';

// In plan order (Priority). A window execution has at most the tasks-per-window quota of task executions.
export default defineHandler('DescribeMaintenanceWindowExecutionTasks', (input, ctx) => {
  requireExecution(ctx, input.WindowExecutionId);
  const accept = filterOf<StoredTaskExecution>(input.Filters, STATUS_FILTER);
  let from = 0;
  if (input.NextToken !== undefined) {
    const k = decodeToken<number>(input.NextToken);
    if (typeof k !== 'number') throw mwErrors.badToken();
    from = k;
  }
  const all = ctx.services.store.windowExecutions
    .listTaskExecutions(ctx, input.WindowExecutionId)
    .filter((t) => t.seq >= from && accept(t));
  const size = input.MaxResults ?? DEFAULT_WINDOW_PAGE;
  const items = all.slice(0, size);
  return {
    WindowExecutionTaskIdentities: items.map(toTaskIdentity),
    NextToken: all.length > size ? encodeToken(all[size].seq) : undefined,
  };
});
