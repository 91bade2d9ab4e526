// Run Command's status machines (UG "Understanding command statuses"): the command, each invocation and each
// plugin, typed by the model's enums; and the command's final Status / StatusDetails from its invocations.
import type {
  CommandInvocationStatus,
  CommandPluginStatus,
  CommandStatus,
} from '../../model/generated/types.js';
import { checkMove, finalStatuses, type Transitions } from '../status-machine.js';
import type { StoredCommand, StoredInvocation, StoredPlugin } from './types.js';

export type { CommandInvocationStatus, CommandPluginStatus, CommandStatus };

/** The statuses an invocation and its plugins end in (the terminal values both enums share). */
export type TerminalStatus = 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';
const ENDS = ['Success', 'Failed', 'TimedOut', 'Cancelled'] as const;

export const COMMAND_TRANSITIONS: Transitions<CommandStatus> = {
  // Pending ends at once when no target matched (NoInstancesInTag) or every target was cancelled/undeliverable.
  Pending: ['InProgress', 'Cancelling', ...ENDS],
  InProgress: ['Cancelling', ...ENDS],
  Cancelling: ['Cancelled', 'Failed', 'TimedOut', 'Success'],
  Success: [],
  Failed: [],
  TimedOut: [],
  Cancelled: [],
};

export const INVOCATION_TRANSITIONS: Transitions<CommandInvocationStatus> = {
  // Undeliverable / InvalidPlatform end a Pending invocation as Failed; DeliveryTimedOut as TimedOut.
  Pending: ['InProgress', 'Delayed', 'Cancelling', ...ENDS],
  // Delayed: the agent was not reachable; it is tried again until the delivery timeout.
  Delayed: ['InProgress', 'Cancelling', ...ENDS],
  InProgress: ['Cancelling', ...ENDS],
  Cancelling: ['Cancelled', 'Failed', 'TimedOut', 'Success'],
  Success: [],
  Failed: [],
  TimedOut: [],
  Cancelled: [],
};

export const PLUGIN_TRANSITIONS: Transitions<CommandPluginStatus> = {
  Pending: ['InProgress', ...ENDS],
  InProgress: [...ENDS],
  Success: [],
  Failed: [],
  TimedOut: [],
  Cancelled: [],
};

/** Invocation Status values that end an invocation (API enum CommandInvocationStatus). */
export const TERMINAL_INVOCATION: ReadonlySet<string> = finalStatuses(INVOCATION_TRANSITIONS);

export function isTerminal(status: CommandInvocationStatus | CommandPluginStatus): status is TerminalStatus {
  return TERMINAL_INVOCATION.has(status);
}

/** Moves a command to a status the machine allows; an illegal move throws. */
export function moveCommand(cmd: StoredCommand, status: CommandStatus, details: string): void {
  cmd.status = checkMove('Command status', COMMAND_TRANSITIONS, cmd.status, status);
  cmd.statusDetails = details;
}

export function moveInvocation(
  inv: StoredInvocation,
  status: CommandInvocationStatus,
  details: string,
): void {
  inv.status = checkMove('Command invocation status', INVOCATION_TRANSITIONS, inv.status, status);
  inv.statusDetails = details;
}

export function movePlugin(p: StoredPlugin, status: CommandPluginStatus, details: string): void {
  p.status = checkMove('Command plugin status', PLUGIN_TRANSITIONS, p.status, status);
  p.statusDetails = details;
}

export function finalStatus(
  cmd: StoredCommand,
  invs: StoredInvocation[],
  errorLimit: number,
  cancelled: boolean,
): { status: CommandStatus; statusDetails: string } {
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
