// The command's final Status / StatusDetails from its invocations (UG "Understanding command statuses").
import type { StoredCommand, StoredInvocation } from './types.js';

export function finalStatus(
  cmd: StoredCommand,
  invs: StoredInvocation[],
  errorLimit: number,
  cancelled: boolean,
): { status: string; statusDetails: string } {
  if (cancelled) return { status: 'Cancelled', statusDetails: 'Cancelled' };
  let success = 0;
  let ignorable = 0;
  let deliveryTimedOut = 0;
  for (const i of invs) {
    if (i.status === 'Success') success++;
    // Undeliverable, Invalid Platform don't count against MaxErrors; all of them alone make the command Failed.
    else if (i.statusDetails === 'Undeliverable' || i.statusDetails === 'InvalidPlatform') ignorable++;
    else if (i.statusDetails === 'DeliveryTimedOut') deliveryTimedOut++;
  }
  if (cmd.errorCount > errorLimit) return { status: 'Failed', statusDetails: 'Failed' };
  if (success + ignorable === invs.length)
    return success > 0
      ? { status: 'Success', statusDetails: 'Success' }
      : { status: 'Failed', statusDetails: 'Failed' };
  if (deliveryTimedOut > errorLimit && cmd.errorCount === 0 && success === 0)
    return { status: 'TimedOut', statusDetails: 'DeliveryTimedOut' };
  // Attempted everywhere, not all Success, not enough errors to be Failed: Incomplete (Status has no such value).
  return { status: 'Failed', statusDetails: 'Incomplete' };
}
