// Dispatch with rate control: targets are sent the command in waves of MaxConcurrency, stop once errors pass
// MaxErrors, wait (Delayed) for unreachable agents, and time out on the emulator clock (TimeoutSeconds for
// delivery, ExpiresAfter for everything). Results come back through the status tracker.
import type { DeliverCommand } from '../../agent-contract/protocol.js';
import type { Clock } from '../clock.js';
import type { ResultMessage } from '../fleet/fleet.js';
import { DELIVERY_RETRY_SECONDS, DISPATCH_BATCH } from './limits.js';
import { concurrencyOf, errorLimitOf } from './rate.js';
import type { CommandFleet, CommandRun } from './run.js';
import { finalStatus, isTerminal, type CommandStatus } from './status.js';
import type { StatusTracker } from './tracking.js';
import type { StoredInvocation } from './types.js';

export interface DispatchDeps {
  clock: Clock;
  fleet: CommandFleet;
  tracker: StatusTracker;
  /** False once the command finished or a reset dropped it: late timers and results then do nothing. */
  isLive(run: CommandRun): boolean;
  /** Tag targets resolved in the background (instance ids, in order). */
  resolveTargets(run: CommandRun): string[];
  /** Adds the invocation of a target found after SendCommand answered. */
  addInvocation(run: CommandRun, instanceId: string): void;
  /** Stores a finished invocation's output where the command asked (S3 folder, CloudWatch). */
  writeOutputs(run: CommandRun, inv: StoredInvocation): void;
  /** The command has its final status. */
  finish(run: CommandRun, s: { status: CommandStatus; statusDetails: string }): void;
  /** What else this node's agent gets with the command (a patching document's baseline snapshot). */
  deliveryExtras?(run: CommandRun, instanceId: string): Partial<Pick<DeliverCommand, 'patch'>>;
}

export class CommandDispatcher {
  constructor(private readonly deps: DispatchDeps) {}

  /** Off the request path: resolves tag targets, arms the timeouts, sends the first wave. */
  begin(run: CommandRun): void {
    const { deps } = this;
    if (!deps.isLive(run)) return;
    const { cmd } = run;
    if (cmd.targets.length) {
      for (const id of deps.resolveTargets(run)) if (!run.invs.has(id)) deps.addInvocation(run, id);
      cmd.targetCount = run.invs.size;
      deps.tracker.commandChanged(run);
      if (!run.invs.size) {
        // UG "Understanding command statuses": No Instances In Tag is terminal; nothing ran, nothing failed.
        deps.finish(run, { status: 'Success', statusDetails: 'NoInstancesInTag' });
        return;
      }
    }
    this.resume(run);
  }

  /**
   * Rate control and the timeouts of a command whose targets are known, then the first wave: at the end of
   * begin(), and for a command recovered at start (recovery.ts), whose timeouts keep their moments.
   */
  resume(run: CommandRun): void {
    if (!this.deps.isLive(run)) return;
    const { cmd } = run;
    run.concurrency = concurrencyOf(cmd.maxConcurrency, run.invs.size);
    run.errorLimit = errorLimitOf(cmd.maxErrors, run.invs.size);
    if (run.errors > run.errorLimit) this.stopSending(run); // a recovered command that had passed MaxErrors
    const { clock } = this.deps;
    // TimeoutSeconds: a target that has not started by then will not run (SendCommand API reference).
    run.timers.push(
      clock.setTimer(cmd.requestedMs + cmd.timeoutSeconds * 1000, () => this.deliveryDeadline(run)),
    );
    // ExpiresAfter: whatever is still Pending, Delayed or InProgress becomes Delivery Timed Out (UG timeouts).
    run.timers.push(clock.setTimer(cmd.expiresAfterMs, () => this.expire(run)));
    this.pump(run);
  }

  pump(run: CommandRun): void {
    // A bounded batch per turn of the event loop, so API calls are answered while thousands dispatch.
    let batch = DISPATCH_BATCH;
    while (this.deps.isLive(run) && !run.stopped && run.running.size < run.concurrency && run.queue.length) {
      if (batch-- === 0) {
        this.schedulePump(run);
        return;
      }
      this.dispatch(run, run.queue.shift()!);
    }
    this.finishIfDone(run);
  }

  schedulePump(run: CommandRun): void {
    if (run.pumpScheduled) return;
    run.pumpScheduled = true;
    setImmediate(() => {
      run.pumpScheduled = false;
      this.pump(run);
    });
  }

  /** CancelCommand: the given targets (all when none are given) end Cancelled; running ones are told to stop. */
  cancel(run: CommandRun, instanceIds: string[] | undefined): void {
    const all = !instanceIds || instanceIds.length === 0;
    const ids = all ? [...run.invs.keys()] : instanceIds.filter((id) => run.invs.has(id));
    if (all) run.cancelled = true;
    run.queue = run.queue.filter((id) => !ids.includes(id));
    const { cmd } = run;
    for (const id of ids) {
      const inv = run.invs.get(id)!;
      if (isTerminal(inv.status)) continue;
      if (inv.status === 'InProgress')
        this.deps.fleet.cancelCommand(
          { account: cmd.account, region: cmd.region, instanceId: id },
          cmd.commandId,
        );
      this.deps.tracker.endInvocation(run, inv, 'Cancelled', 'Cancelled', false);
    }
    this.pump(run);
  }

  private dispatch(run: CommandRun, instanceId: string): void {
    const { cmd, prepared } = run;
    const { fleet, tracker } = this.deps;
    const inv = run.invs.get(instanceId)!;
    const node = fleet.node({ account: cmd.account, region: cmd.region, instanceId });
    if (!node || fleet.pingStatus(node) !== 'Online') {
      // A node that is gone or ConnectionLost: Failed / Undeliverable, ResponseCode -1; not a MaxErrors error.
      tracker.endInvocation(run, inv, 'Failed', 'Undeliverable');
      return;
    }
    if (prepared.platformTypes.length && !prepared.platformTypes.includes(node.platformType)) {
      // UG "Understanding command statuses": Invalid Platform, not counted against MaxErrors.
      tracker.endInvocation(run, inv, 'Failed', 'InvalidPlatform');
      return;
    }
    run.running.add(instanceId);
    this.deliver(run, inv);
  }

  private deliver(run: CommandRun, inv: StoredInvocation): void {
    const { cmd, prepared } = run;
    const { fleet, clock, tracker } = this.deps;
    run.retries.delete(inv.instanceId);
    if (!this.deps.isLive(run) || isTerminal(inv.status)) return;
    const ref = { account: cmd.account, region: cmd.region, instanceId: inv.instanceId };
    const delay = () => {
      // The agent is not connected: Delayed, and tried again until the delivery timeout (UG statuses: Delayed).
      // One it was running before a restart (recovery.ts) stays InProgress while its agent is away.
      if (inv.status === 'Pending') tracker.setInvocation(run, inv, 'Delayed', 'Delayed');
      run.retries.set(
        inv.instanceId,
        clock.setTimeout(DELIVERY_RETRY_SECONDS * 1000, () => this.deliver(run, inv)),
      );
    };
    const result = fleet.runCommand(ref, {
      commandId: cmd.commandId,
      documentName: prepared.documentName,
      steps: prepared.steps,
      timeoutSeconds: prepared.executionTimeoutSeconds,
      ...(Object.keys(prepared.documents).length ? { documents: prepared.documents } : {}),
      ...this.deps.deliveryExtras?.(run, inv.instanceId),
    });
    if (!result) {
      delay();
      return;
    }
    tracker.started(run, inv);
    void result.then((r) => this.complete(run, inv, r));
  }

  private complete(run: CommandRun, inv: StoredInvocation, r: ResultMessage): void {
    if (!this.deps.isLive(run) || isTerminal(inv.status)) return;
    const { tracker } = this.deps;
    const [status, details] = tracker.resulted(inv, r);
    this.deps.writeOutputs(run, inv);
    tracker.endInvocation(run, inv, status, details);
    if (status === 'Failed' || details === 'ExecutionTimedOut') {
      run.errors++;
      if (run.errors > run.errorLimit && !run.stopped) this.stopSending(run);
    }
    // In real time the next wave waits for a turn of the event loop, so API calls are answered between
    // waves; in virtual time it must start at the instant of the completion, as AWS would.
    if (this.deps.clock.mode === 'real') this.schedulePump(run);
    else this.pump(run);
  }

  /** UG "Using error controls": once errors pass MaxErrors no further targets are sent the command. */
  private stopSending(run: CommandRun): void {
    run.stopped = true;
    for (const id of run.queue)
      this.deps.tracker.endInvocation(run, run.invs.get(id)!, 'Cancelled', 'Terminated', false);
    run.queue.length = 0;
  }

  private deliveryDeadline(run: CommandRun): void {
    if (!this.deps.isLive(run)) return;
    for (const inv of run.invs.values()) {
      if (inv.status === 'Pending' || inv.status === 'Delayed')
        this.deps.tracker.endInvocation(run, inv, 'TimedOut', 'DeliveryTimedOut', false);
    }
    run.queue.length = 0;
    this.pump(run);
  }

  private expire(run: CommandRun): void {
    if (!this.deps.isLive(run)) return;
    const { cmd } = run;
    for (const inv of run.invs.values()) {
      if (!isTerminal(inv.status)) {
        this.deps.fleet.cancelCommand(
          { account: cmd.account, region: cmd.region, instanceId: inv.instanceId },
          cmd.commandId,
        );
        this.deps.tracker.endInvocation(run, inv, 'TimedOut', 'DeliveryTimedOut', false);
      }
    }
    run.queue.length = 0;
    this.pump(run);
  }

  private finishIfDone(run: CommandRun): void {
    if (!this.deps.isLive(run) || run.queue.length || run.running.size) return;
    for (const inv of run.invs.values()) if (!isTerminal(inv.status)) return;
    if (run.cmd.targets.length && run.concurrency === 0 && run.invs.size) return; // targets not resolved yet
    this.deps.finish(run, finalStatus(run.cmd, [...run.invs.values()], run.errorLimit, run.cancelled));
  }
}
