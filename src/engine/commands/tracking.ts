// Status tracking: every change of an invocation, its plugins and the command goes through here, checked by
// the status machines (status.ts), counted, written behind (persistence.ts) and announced (events.ts).
import type { Clock } from '../clock.js';
import type { ResultMessage } from '../fleet/fleet.js';
import type { CommandEvents } from './events.js';
import type { CommandWriter } from './persistence.js';
import type { CommandRun } from './run.js';
import {
  isTerminal,
  moveCommand,
  moveInvocation,
  movePlugin,
  type CommandInvocationStatus,
  type CommandStatus,
  type TerminalStatus,
} from './status.js';
import type { StoredInvocation } from './types.js';

/** Counters of finished commands (CloudWatch metrics AWS publishes for Run Command). */
export interface CommandCounters {
  CommandsSucceeded: number;
  CommandsFailed: number;
  CommandsDeliveryTimedOut: number;
}

export interface TrackerDeps {
  clock: Clock;
  writer: CommandWriter;
  events: CommandEvents;
  /** Something ended: the dispatcher may send the next target (on a later turn of the event loop). */
  schedulePump(run: CommandRun): void;
}

export class StatusTracker {
  readonly counters: CommandCounters = {
    CommandsSucceeded: 0,
    CommandsFailed: 0,
    CommandsDeliveryTimedOut: 0,
  };

  /** Peak InProgress invocations per command id, running or finished (rate-control evidence). */
  readonly peaks = new Map<string, number>();

  constructor(private readonly deps: TrackerDeps) {}

  /** Something other than the status changed (the target count once tags are resolved). */
  commandChanged(run: CommandRun): void {
    this.deps.writer.command(run.cmd);
  }

  setInvocation(
    run: CommandRun,
    inv: StoredInvocation,
    status: CommandInvocationStatus,
    details: string,
  ): void {
    moveInvocation(inv, status, details);
    this.deps.writer.invocation(inv);
    this.deps.events.invocation(run.cmd, inv);
  }

  /** The agent took the invocation: it and its plugins are InProgress, and so is the command. */
  started(run: CommandRun, inv: StoredInvocation): void {
    const { cmd } = run;
    const now = this.deps.clock.nowMs();
    inv.startMs = now;
    for (const p of inv.plugins) {
      movePlugin(p, 'InProgress', 'InProgress');
      p.startMs = now;
    }
    if (inv.status !== 'InProgress') run.inProgress++;
    this.setInvocation(run, inv, 'InProgress', 'InProgress');
    run.peak = Math.max(run.peak, run.inProgress);
    this.peaks.set(cmd.commandId, run.peak);
    if (cmd.status === 'Pending') {
      moveCommand(cmd, 'InProgress', 'InProgress');
      this.deps.writer.command(cmd);
      this.deps.events.command(cmd);
    }
  }

  /** The agent's result: each plugin's outcome; returns the invocation's. */
  resulted(inv: StoredInvocation, r: ResultMessage): [TerminalStatus, string] {
    for (const p of inv.plugins) {
      const res = r.plugins.find((x) => x.name === p.name);
      if (!res) {
        // A step after an onFailure exit never ran: AWS reports it Skipped with success.
        movePlugin(p, 'Success', 'Skipped');
        Object.assign(p, { responseCode: 0, endMs: p.startMs });
        continue;
      }
      p.stdout = res.stdout;
      p.stderr = res.stderr;
      p.responseCode = res.exitCode;
      p.startMs = res.startMs;
      p.endMs = res.endMs;
      movePlugin(p, ...outcome(res.status));
    }
    return outcome(r.status);
  }

  /** Ends an invocation (and its unfinished plugins) and updates the command's counts. */
  endInvocation(
    run: CommandRun,
    inv: StoredInvocation,
    status: TerminalStatus,
    details: string,
    pump = true,
  ): void {
    if (isTerminal(inv.status)) return;
    if (inv.status === 'InProgress') run.inProgress--;
    const { clock } = this.deps;
    const now = clock.nowMs();
    inv.endMs = now;
    for (const p of inv.plugins) {
      if (isTerminal(p.status)) continue;
      movePlugin(p, status, details);
      p.endMs = inv.startMs !== undefined ? now : undefined;
      if (details === 'Undeliverable' || details === 'InvalidPlatform' || details === 'DeliveryTimedOut')
        p.responseCode = -1;
    }
    run.running.delete(inv.instanceId);
    const retry = run.retries.get(inv.instanceId);
    if (retry) clock.clearTimer(retry);
    run.retries.delete(inv.instanceId);
    this.setInvocation(run, inv, status, details);
    const { cmd } = run;
    cmd.completedCount++;
    if ((status === 'Failed' && details === 'Failed') || details === 'ExecutionTimedOut') cmd.errorCount++;
    if (details === 'DeliveryTimedOut') cmd.deliveryTimedOutCount++;
    this.deps.writer.command(cmd);
    if (pump) this.deps.schedulePump(run);
  }

  /** The command's final status, counted and announced. */
  finished(run: CommandRun, s: { status: CommandStatus; statusDetails: string }): void {
    const { cmd } = run;
    moveCommand(cmd, s.status, s.statusDetails);
    this.deps.writer.command(cmd);
    if (s.status === 'Success') this.counters.CommandsSucceeded++;
    else if (s.statusDetails === 'DeliveryTimedOut') this.counters.CommandsDeliveryTimedOut++;
    else if (s.status === 'Failed') this.counters.CommandsFailed++;
    this.deps.events.command(cmd);
  }
}

/** The agent's status of a plugin (or of the whole invocation) as Status / StatusDetails. */
function outcome(s: string): [TerminalStatus, string] {
  switch (s) {
    case 'Success':
      return ['Success', 'Success'];
    case 'Skipped':
      // Steps whose precondition fails are reported as successful with details Skipped.
      return ['Success', 'Skipped'];
    case 'TimedOut':
      // Captured: Status TimedOut, StatusDetails ExecutionTimedOut, ResponseCode 137.
      return ['TimedOut', 'ExecutionTimedOut'];
    case 'Cancelled':
      return ['Cancelled', 'Cancelled'];
    default:
      return ['Failed', 'Failed'];
  }
}
