// The Run Command engine: SendCommand creates a command (send.ts) and hands it to the dispatcher
// (dispatch.ts: MaxConcurrency / MaxErrors, delivery and expiry on the emulator clock), whose results the
// status tracker records (tracking.ts: status machines, counts), written behind in batches (persistence.ts)
// and announced as events (events.ts). All work happens off the request path; the read methods see it all.
import type { Config } from '../../config.js';
import type { SendCommandRequest } from '../../model/generated/types.js';
import type { Store } from '../../store/index.js';
import type { Page } from '../../store/pagination.js';
import type { CommandQuery } from '../../store/repositories/commands.js';
import type { Clock } from '../clock.js';
import type { FileRoot } from '../files.js';
import type { SsmResolver } from '../documents/index.js';
import type { EventBus } from '../events.js';
import { inScope, type Lifecycle, type ResetScope } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { KeyRegistry } from '../parameters/kms.js';
import { keyOf, parameterArn } from '../parameters/names.js';
import { CommandDispatcher } from './dispatch.js';
import { commandEvents, type CommandEvents } from './events.js';
import { OutputSink, writeInvocationOutputs } from './output.js';
import { CommandWriter } from './persistence.js';
import { prepareCommand, type PreparedCommand } from './prepare.js';
import { recoverRuns } from './recovery.js';
import { PATCH_DOCUMENTS, patchJobFor, patchPluginSteps } from '../patching/patch-job.js';
import { newRun, runKey, type CommandFleet, type CommandRun, type Scope } from './run.js';
import { checkTargets, newCommand, newInvocation, resolveTargets } from './send.js';
import type { CommandStatus } from './status.js';
import { StatusTracker, type CommandCounters } from './tracking.js';
import type { StoredCommand, StoredInvocation } from './types.js';

export type { CommandCounters };

export interface CommandEngineDeps {
  config: Pick<Config, 'dataDir' | 'inMemory'>;
  /** The data dir, or in memory mode the temporary folder removed at close, for outputs. */
  files: FileRoot;
  store: Store;
  clock: Clock;
  events: EventBus;
  fleet: CommandFleet;
  /** Decrypts SecureString parameters for {{ssm-secure:}}. */
  keys: KeyRegistry;
  log: Logger;
}

export class CommandEngine implements Lifecycle {
  /** Where OutputS3BucketName and CloudWatch output land on disk. */
  readonly outputs: OutputSink;
  private readonly active = new Map<string, CommandRun>();
  /** Callers waiting for a command to end (Automation's aws:runCommand), by command key. */
  private readonly finishWaiters = new Map<string, ((cmd: StoredCommand) => void)[]>();
  private readonly writer: CommandWriter;
  private readonly events: CommandEvents;
  private readonly tracker: StatusTracker;
  private readonly dispatcher: CommandDispatcher;

  constructor(private readonly deps: CommandEngineDeps) {
    this.outputs = new OutputSink(deps.files);
    this.writer = new CommandWriter(deps.store, (k) => this.active.has(k));
    this.events = commandEvents(deps.events);
    this.tracker = new StatusTracker({
      clock: deps.clock,
      writer: this.writer,
      events: this.events,
      schedulePump: (run) => this.dispatcher.schedulePump(run),
    });
    this.dispatcher = new CommandDispatcher({
      clock: deps.clock,
      fleet: deps.fleet,
      tracker: this.tracker,
      isLive: (run) => this.active.get(runKey(run.cmd)) === run,
      resolveTargets: (run) => resolveTargets(deps.store, deps.clock.nowMs(), run.cmd),
      addInvocation: (run, id) => this.addInvocation(run, id),
      writeOutputs: (run, inv) =>
        writeInvocationOutputs(this.outputs, deps.log, run.cmd, run.prepared.outputDirs, inv),
      finish: (run, s) => this.finish(run, s),
      // What the patching module asks the service for first: the node's snapshot (GetDeployablePatchSnapshotForInstance).
      deliveryExtras: (run, instanceId) =>
        PATCH_DOCUMENTS.has(run.prepared.documentName)
          ? {
              patch: patchJobFor(
                { store: deps.store, nowMs: deps.clock.nowMs(), outputs: this.outputs },
                { account: run.cmd.account, region: run.cmd.region },
                instanceId,
                run.prepared.values,
              ),
            }
          : {},
    });
  }

  /** Counters of finished commands (CloudWatch metrics AWS publishes for Run Command). */
  get counters(): CommandCounters {
    return this.tracker.counters;
  }

  /**
   * Commands a previous run left unfinished (kill -9 or a clean stop alike) are taken up again (recovery.ts):
   * active at once, so CancelCommand and waiters see them; dispatched once every engine has started.
   */
  start(): void {
    const runs = recoverRuns({
      store: this.deps.store,
      fleet: this.deps.fleet,
      log: this.deps.log,
      prepare: (scope, input) => this.prepare(scope, input),
    });
    for (const run of runs) this.active.set(runKey(run.cmd), run);
    if (runs.length) {
      this.deps.log.info({ commands: runs.length }, 'recovered unfinished commands');
      setImmediate(() => {
        // One whose tag targets were never resolved starts as a new one would; the others carry on.
        for (const run of runs)
          if (run.cmd.targets.length && run.invs.size === 0) this.dispatcher.begin(run);
          else this.dispatcher.resume(run);
      });
    }
  }

  /** /_emulator/reset: forget running commands of the scope; nothing of them is written any more. */
  reset(scope: ResetScope): void {
    for (const [k, run] of this.active) {
      if (!inScope(scope, run.cmd)) continue;
      this.stopTimers(run);
      this.active.delete(k);
      this.writer.drop(k);
      this.finishWaiters.delete(k);
    }
    this.writer.forget(scope);
  }

  close(): void {
    this.writer.flush();
    for (const run of this.active.values()) this.stopTimers(run);
    this.active.clear();
  }

  // ---- SendCommand / CancelCommand ----

  send(scope: Scope, input: SendCommandRequest): StoredCommand {
    const { clock, fleet } = this.deps;
    const prepared = this.prepare(scope, input);
    checkTargets(fleet, scope, input, prepared);
    const run = newRun(newCommand(scope, input, prepared, clock.nowMs()), prepared);
    // Invocations of explicit instance ids exist at once; tag targets are resolved in the background, as AWS does.
    for (const id of prepared.instanceIds) this.addInvocation(run, id);
    this.writer.insert(run.cmd, run.invs.values());
    this.active.set(runKey(run.cmd), run);
    this.events.command(run.cmd);
    setImmediate(() => this.dispatcher.begin(run));
    return { ...run.cmd };
  }

  /** A command's steps from its document, for SendCommand and again for a command recovered after a restart. */
  private prepare(scope: Scope, input: SendCommandRequest): PreparedCommand {
    const prepared = prepareCommand(this.deps.store, scope, input, this.ssmResolver(scope));
    // Patch Manager's documents: their platform steps run the agent's patching plugin (patch-job.ts).
    if (PATCH_DOCUMENTS.has(prepared.documentName))
      prepared.steps = patchPluginSteps(prepared.documentName, prepared.steps, prepared.values);
    return prepared;
  }

  /** Cancels a command on every target, or on some; false when the command is unknown. */
  cancel(scope: Scope, commandId: string, instanceIds?: string[]): boolean {
    const run = this.active.get(runKey({ ...scope, commandId }));
    if (!run)
      return this.deps.store.commands.getCommand(scope.account, scope.region, commandId) !== undefined;
    this.dispatcher.cancel(run, instanceIds);
    return true;
  }

  /** Resolves with the command once it has a final status (at once if it already has one). */
  whenFinished(scope: Scope, commandId: string): Promise<StoredCommand> {
    const k = runKey({ ...scope, commandId });
    if (!this.active.has(k)) {
      const stored = this.getCommand(scope, commandId);
      if (stored) return Promise.resolve(stored);
    }
    return new Promise((resolve) => {
      const list = this.finishWaiters.get(k) ?? [];
      list.push(resolve);
      this.finishWaiters.set(k, list);
    });
  }

  /** `{{ ssm:name }}` / `{{ ssm-secure:name }}` against the caller's Parameter Store (Automation uses it too). */
  ssmResolver(scope: Scope): SsmResolver {
    return (name, { secure }) => {
      const m = /^(.*?)(?::(\d+))?$/.exec(name)!;
      const k = keyOf(m[1]);
      const { store } = this.deps;
      const r = m[2]
        ? store.parameters.getVersion(scope.account, scope.region, k, Number(m[2]))
        : store.parameters.get(scope.account, scope.region, k);
      if (!r) return undefined;
      if (r.type !== 'SecureString') return r.value;
      // {{ssm:}} may not name a SecureString; {{ssm-secure:}} decrypts it (UG "Parameter Store, Run Command").
      if (!secure) return undefined;
      return this.deps.keys.decrypt(
        scope.account,
        scope.region,
        r.value,
        parameterArn(scope.region, scope.account, k),
      );
    };
  }

  // ---- reads: what is still being written in batches is written first ----

  getCommand(scope: Scope, commandId: string): StoredCommand | undefined {
    this.writer.flush();
    return this.deps.store.commands.getCommand(scope.account, scope.region, commandId);
  }

  getInvocation(scope: Scope, commandId: string, instanceId: string): StoredInvocation | undefined {
    this.writer.flush();
    return this.deps.store.commands.getInvocation(scope.account, scope.region, commandId, instanceId);
  }

  listCommands(
    scope: Scope,
    q: CommandQuery,
    pageSize: number,
    token?: string,
  ): Page<StoredCommand> | undefined {
    this.writer.flush();
    return this.deps.store.commands.listCommands(scope.account, scope.region, q, pageSize, token);
  }

  listInvocations(
    scope: Scope,
    q: CommandQuery,
    pageSize: number,
    token?: string,
  ): Page<StoredInvocation> | undefined {
    this.writer.flush();
    return this.deps.store.commands.listInvocations(scope.account, scope.region, q, pageSize, token);
  }

  /** The highest number of invocations InProgress at once, for a running or finished command. */
  peakInProgress(commandId: string): number | undefined {
    return this.tracker.peaks.get(commandId);
  }

  // ---- the parts' callbacks ----

  private addInvocation(run: CommandRun, instanceId: string): void {
    const { cmd, prepared } = run;
    const node = this.deps.fleet.node({ account: cmd.account, region: cmd.region, instanceId });
    const inv = newInvocation(cmd, prepared, instanceId, node?.name ?? '');
    run.invs.set(instanceId, inv);
    run.queue.push(instanceId);
    this.writer.invocation(inv);
  }

  private finish(run: CommandRun, s: { status: CommandStatus; statusDetails: string }): void {
    const k = runKey(run.cmd);
    this.tracker.finished(run, s);
    this.stopTimers(run);
    this.active.delete(k);
    this.writer.flush();
    const waiters = this.finishWaiters.get(k);
    this.finishWaiters.delete(k);
    for (const w of waiters ?? []) w({ ...run.cmd });
  }

  private stopTimers(run: CommandRun): void {
    const { clock } = this.deps;
    for (const t of run.timers) clock.clearTimer(t);
    for (const t of run.retries.values()) clock.clearTimer(t);
  }
}
