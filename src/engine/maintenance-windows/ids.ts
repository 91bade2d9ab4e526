// Maintenance window ids: mw- and 17 hex digits (the model's MaintenanceWindowId pattern ^mw-[0-9a-f]{17}$).
import { randomBytes } from 'node:crypto';

export function newWindowId(): string {
  return `mw-${randomBytes(9).toString('hex').slice(0, 17)}`;
}
