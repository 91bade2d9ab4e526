// The STATUS filter of DescribeMaintenanceWindowExecutionTasks / ...TaskInvocations: "The supported filter key
// is STATUS with the corresponding values PENDING, IN_PROGRESS, SUCCESS, FAILED, TIMED_OUT, CANCELLING, and
// CANCELLED." (API reference)
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import type { WindowExecutionStatus } from '../../../store/repositories/window-executions.js';
import type { FilterCheck } from './window-view.js';

const STATUSES = ['PENDING', 'IN_PROGRESS', 'SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLING', 'CANCELLED'];

export const STATUS_FILTER: FilterCheck<{ status: WindowExecutionStatus }> = {
  keys: ['STATUS'],
  validate: (key, values) => {
    for (const v of values) if (!STATUSES.includes(v)) throw mwErrors.badFilterValue(key, v);
  },
  test: (_key, values, r) => values.includes(r.status),
};
