import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_WINDOW_PAGE } from '../../../engine/maintenance-windows/limits.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import type { StoredWindow } from '../../../store/repositories/maintenance-windows.js';
import { filterOf, pageOrThrow, toWindowIdentity } from './window-view.js';

// Filters Name (a prefix: the UG's `Key=Name,Values=My` lists "My-First-..." and "My-Second-...") and Enabled.
export default defineHandler('DescribeMaintenanceWindows', (input, ctx) => {
  const accept = filterOf<StoredWindow>(input.Filters, {
    keys: ['Name', 'Enabled'],
    validate: (key, values) => {
      if (key !== 'Enabled') return;
      for (const v of values)
        if (!['true', 'false'].includes(v.toLowerCase())) throw mwErrors.badFilterValue(key, v);
    },
    test: (key, values, w) =>
      key === 'Name'
        ? values.some((v) => w.name.startsWith(v))
        : values.some((v) => (v.toLowerCase() === 'true') === w.enabled),
  });
  const page = pageOrThrow(
    ctx.services.store.maintenanceWindows.listWindows(
      ctx,
      input.MaxResults ?? DEFAULT_WINDOW_PAGE,
      input.NextToken,
      accept,
    ),
  );
  return { WindowIdentities: page.items.map(toWindowIdentity), NextToken: page.nextToken };
});
