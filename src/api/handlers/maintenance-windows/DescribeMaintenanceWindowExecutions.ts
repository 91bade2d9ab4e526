import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_WINDOW_PAGE } from '../../../engine/maintenance-windows/limits.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { pageOrThrow } from './window-view.js';
import { toExecution } from './window-view.js';

const KEYS = ['ExecutedBefore', 'ExecutedAfter'];

// Newest first. "Supported keys include ExecutedBefore and ExecutedAfter ... ISO 8601 date/time" (API reference).
// The model lists no DoesNotExistException here: an unknown window has no executions.
export default defineHandler('DescribeMaintenanceWindowExecutions', (input, ctx) => {
  const q: { beforeMs?: number; afterMs?: number } = {};
  for (const f of input.Filters ?? []) {
    const key = f.Key ?? '';
    if (!KEYS.includes(key)) throw mwErrors.badFilter(key, KEYS);
    for (const v of f.Values ?? []) {
      const ms = Date.parse(v);
      if (Number.isNaN(ms)) throw mwErrors.badFilterValue(key, v);
      if (key === 'ExecutedBefore') q.beforeMs = Math.min(q.beforeMs ?? Infinity, ms);
      else q.afterMs = Math.max(q.afterMs ?? -Infinity, ms);
    }
  }
  const page = pageOrThrow(
    ctx.services.store.windowExecutions.listExecutions(
      ctx,
      input.WindowId,
      q,
      input.MaxResults ?? DEFAULT_WINDOW_PAGE,
      input.NextToken,
    ),
  );
  return { WindowExecutions: page.items.map(toExecution), NextToken: page.nextToken };
});
