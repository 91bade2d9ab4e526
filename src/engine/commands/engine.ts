// The Run Command engine: creates commands, resolves targets, dispatches to agents under MaxConcurrency /
// MaxErrors, follows the invocation and plugin status machines, applies delivery and expiry timeouts on the
// emulator clock, writes outputs, and emits events. All work happens off the request path; state is kept in
// memory while a command runs and written to the store in batched transactions.
import {
  InvalidInstanceId,
  InvalidOutputFolder,
  UnsupportedPlatformType,
} from '../../model/generated/errors.js';
import { randomUUID } from 'node:crypto';
import type { Services } from '../../services.js';
import type { TimerHandle } from '../clock.js';
import type { ResultMessage } from '../fleet/fleet.js';
import type { PluginStep } from '../../agent-contract/protocol.js';
import { parameterEngine } from '../parameters/engine.js';
import { keyOf, parameterArn } from '../parameters/names.js';
import type { SsmResolver } from '../documents/index.js';
import {
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_ERRORS,
  DEFAULT_TIMEOUT_SECONDS,
  DELIVERY_RETRY_SECONDS,
  DISPATCH_BATCH,
} from './limits.js';
import { OutputSink, outputKey, s3Url } from './output.js';
import { PATCH_DOCUMENTS, patchJobFor, patchPluginSteps } from '../patching/patch-job.js';
import type { SendCommandRequest } from '../../model/generated/types.js';
import { prepareCommand, type PreparedCommand } from './prepare.js';
import { concurrencyOf, errorLimitOf } from './rate.js';
import {
  finalStatus,
  isTerminal,
  moveCommand,
  moveInvocation,
  movePlugin,
  type CommandInvocationStatus,
  type CommandStatus,
  type TerminalStatus,
} from './status.js';
import type { StoredCommand, StoredInvocation, StoredPlugin } from './types.js';

interface Active {
  cmd: StoredCommand;
  prepared: PreparedCommand;
  invs: Map<string, StoredInvocation>;
  queue: string[];
  running: Set<string>;
  concurrency: number;
  errorLimit: number;
  errors: number;
  stopped: boolean;
  cancelled: boolean;
  timers: TimerHandle[];
  retries: Map<string, TimerHandle>;
  /** Invocations InProgress now, and the highest number at once (reported by peakInProgress). */
  inProgress: number;
  peak: number;
  /** A pump is queued for the next turn of the event loop. */
  pumpScheduled: boolean;
}

/** Counters of finished commands (CloudWatch metrics AWS publishes for Run Command). */
export interface CommandCounters {
  CommandsSucceeded: number;
  CommandsFailed: number;
  CommandsDeliveryTimedOut: number;
}

const key = (account: string, region: string, commandId: string) => `${account}/${region}/${commandId}`;

export class CommandEngine {
  private services: Services | undefined;
  private readonly active = new Map<string, Active>();
  private readonly dirtyCommands = new Set<StoredCommand>();
  private readonly dirtyInvocations = new Set<StoredInvocation>();
  private flushScheduled = false;
  private output: OutputSink | undefined;
  readonly counters: CommandCounters = {
    CommandsSucceeded: 0,
    CommandsFailed: 0,
    CommandsDeliveryTimedOut: 0,
  };
  /** Callers waiting for a command to end (Automation's aws:runCommand), by command key. */
  private readonly finishWaiters = new Map<string, ((cmd: StoredCommand) => void)[]>();
  /** Peak InProgress invocations per finished or running command id (rate-control evidence). */
  private readonly peaks = new Map<string, number>();

  start(services: Services): void {
    this.services = services;
    this.output = new OutputSink({ dataDir: services.config.dataDir, inMemory: services.config.inMemory });
  }

  private get s(): Services {
    if (!this.services) throw new Error('command engine not started');
    return this.services;
  }

  /** Where OutputS3BucketName and CloudWatch output land on disk. */
  get outputs(): OutputSink {
    if (!this.output) throw new Error('command engine not started');
    return this.output;
  }

  peakInProgress(commandId: string): number | undefined {
    return this.peaks.get(commandId);
  }

  // ---- SendCommand ----

  send(scope: { account: string; region: string }, input: SendCommandRequest): StoredCommand {
    const { store, clock, fleet } = this.s;
    const prepared = prepareCommand(store, scope, input, this.ssmResolver(scope));
    // Patch Manager's documents: their platform steps run the agent's patching plugin (patch-job.ts).
    if (PATCH_DOCUMENTS.has(prepared.documentName))
      prepared.steps = patchPluginSteps(prepared.steps, prepared.values);
    if (
      input.OutputS3BucketName !== undefined &&
      !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(input.OutputS3BucketName)
    )
      throw new InvalidOutputFolder('');
    // Instance ids given directly must be managed nodes of the caller (aws-samples/eks-security-...#12 capture).
    const unknown = prepared.instanceIds.filter((id) => !fleet.node({ ...scope, instanceId: id }));
    if (unknown.length)
      throw new InvalidInstanceId(
        `Instances [[${unknown.join(', ')}]] not in a valid state for account ${scope.account}`,
      );
    for (const id of prepared.instanceIds) {
      const node = fleet.node({ ...scope, instanceId: id })!;
      if (prepared.platformTypes.length && !prepared.platformTypes.includes(node.platformType))
        throw new UnsupportedPlatformType(
          `Cannot perform operation for instance id ${id} of platform type ${node.platformType}`,
        );
    }
    const now = clock.nowMs();
    const timeoutSeconds = input.TimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const cmd: StoredCommand = {
      account: scope.account,
      region: scope.region,
      commandId: randomUUID(),
      documentName: input.DocumentName,
      documentVersion: input.DocumentVersion ?? '',
      comment: input.Comment ?? '',
      requestedMs: now,
      expiresAfterMs: now + (timeoutSeconds + prepared.executionTimeoutSeconds) * 1000,
      parameters: input.Parameters ?? {},
      instanceIds: prepared.instanceIds,
      targets: prepared.targets,
      status: 'Pending',
      statusDetails: 'Pending',
      outputS3Region: input.OutputS3Region ?? scope.region,
      outputS3BucketName: input.OutputS3BucketName ?? '',
      outputS3KeyPrefix: input.OutputS3KeyPrefix ?? '',
      maxConcurrency: input.MaxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      maxErrors: input.MaxErrors ?? DEFAULT_MAX_ERRORS,
      targetCount: prepared.instanceIds.length,
      completedCount: 0,
      errorCount: 0,
      deliveryTimedOutCount: 0,
      serviceRole: input.ServiceRoleArn ?? '',
      notificationConfig: {
        NotificationArn: input.NotificationConfig?.NotificationArn ?? '',
        NotificationEvents: input.NotificationConfig?.NotificationEvents ?? [],
        NotificationType: input.NotificationConfig?.NotificationType ?? '',
      },
      cloudWatchOutputConfig: {
        CloudWatchLogGroupName: input.CloudWatchOutputConfig?.CloudWatchLogGroupName ?? '',
        CloudWatchOutputEnabled: input.CloudWatchOutputConfig?.CloudWatchOutputEnabled ?? false,
      },
      timeoutSeconds,
      ...(input.AlarmConfiguration ? { alarmConfiguration: input.AlarmConfiguration } : {}),
    };
    const a: Active = {
      cmd,
      prepared,
      invs: new Map(),
      queue: [],
      running: new Set(),
      concurrency: 0,
      errorLimit: 0,
      errors: 0,
      stopped: false,
      cancelled: false,
      timers: [],
      retries: new Map(),
      inProgress: 0,
      peak: 0,
      pumpScheduled: false,
    };
    // Invocations of explicit instance ids exist at once; tag targets are resolved in the background, as AWS does.
    for (const id of prepared.instanceIds) this.addInvocation(a, id);
    store.transaction(() => {
      store.commands.putCommand(cmd);
      for (const inv of a.invs.values()) store.commands.putInvocation(inv);
    });
    for (const inv of a.invs.values()) this.dirtyInvocations.delete(inv);
    this.active.set(key(cmd.account, cmd.region, cmd.commandId), a);
    this.emitCommand(cmd);
    setImmediate(() => this.begin(a));
    return { ...cmd };
  }

  /** `{{ ssm:name }}` / `{{ ssm-secure:name }}` against the caller's Parameter Store (Automation uses it too). */
  ssmResolver(scope: { account: string; region: string }): SsmResolver {
    return (name, { secure }) => {
      const m = /^(.*?)(?::(\d+))?$/.exec(name)!;
      const k = keyOf(m[1]);
      const { store } = this.s;
      const r = m[2]
        ? store.parameters.getVersion(scope.account, scope.region, k, Number(m[2]))
        : store.parameters.get(scope.account, scope.region, k);
      if (!r) return undefined;
      if (r.type !== 'SecureString') return r.value;
      // {{ssm:}} may not name a SecureString; {{ssm-secure:}} decrypts it (UG "Parameter Store, Run Command").
      if (!secure) return undefined;
      return parameterEngine(this.s).keys.decrypt(
        scope.account,
        scope.region,
        r.value,
        parameterArn(scope.region, scope.account, k),
      );
    };
  }

  private addInvocation(a: Active, instanceId: string): void {
    const { cmd, prepared } = a;
    const node = this.s.fleet.node({ account: cmd.account, region: cmd.region, instanceId });
    const plugins: StoredPlugin[] = prepared.steps.map((st, i) => {
      const dir = prepared.outputDirs[i];
      return {
        name: st.name,
        status: 'Pending',
        statusDetails: 'Pending',
        responseCode: -1,
        stdout: '',
        stderr: '',
        outputS3KeyPrefix: cmd.outputS3BucketName
          ? outputKey(cmd.outputS3KeyPrefix, cmd.commandId, instanceId, dir.plugin)
          : '',
        standardOutputUrl: '',
        standardErrorUrl: '',
      };
    });
    a.invs.set(instanceId, {
      account: cmd.account,
      region: cmd.region,
      commandId: cmd.commandId,
      instanceId,
      instanceName: node?.name ?? '',
      documentName: cmd.documentName,
      documentVersion: cmd.documentVersion,
      comment: cmd.comment,
      requestedMs: cmd.requestedMs,
      status: 'Pending',
      statusDetails: 'Pending',
      plugins,
    });
    a.queue.push(instanceId);
    this.dirtyInvocations.add(a.invs.get(instanceId)!);
  }

  private begin(a: Active): void {
    if (!this.isLive(a)) return;
    const { cmd } = a;
    if (cmd.targets.length) {
      for (const id of this.resolveTargets(a)) if (!a.invs.has(id)) this.addInvocation(a, id);
      cmd.targetCount = a.invs.size;
      this.markDirty(cmd);
      if (!a.invs.size) {
        // UG "Understanding command statuses": No Instances In Tag is terminal; nothing ran, nothing failed.
        this.finish(a, { status: 'Success', statusDetails: 'NoInstancesInTag' });
        return;
      }
    }
    a.concurrency = concurrencyOf(cmd.maxConcurrency, a.invs.size);
    a.errorLimit = errorLimitOf(cmd.maxErrors, a.invs.size);
    const { clock } = this.s;
    // TimeoutSeconds: a target that has not started by then will not run (SendCommand API reference).
    a.timers.push(
      clock.setTimer(cmd.requestedMs + cmd.timeoutSeconds * 1000, () => this.deliveryDeadline(a)),
    );
    // ExpiresAfter: whatever is still Pending, Delayed or InProgress becomes Delivery Timed Out (UG timeouts).
    a.timers.push(clock.setTimer(cmd.expiresAfterMs, () => this.expire(a)));
    this.pump(a);
  }

  private resolveTargets(a: Active): string[] {
    const { cmd } = a;
    const { store, clock } = this.s;
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (id: string) => {
      if (!seen.has(id)) {
        seen.add(id);
        out.push(id);
      }
    };
    const conditions: { tagKeys: string[]; values?: string[] }[] = [];
    let ids: string[] | undefined;
    for (const t of cmd.targets) {
      if (/^instanceids$/i.test(t.Key)) ids = t.Values;
      else if (t.Key.startsWith('tag:')) conditions.push({ tagKeys: [t.Key.slice(4)], values: t.Values });
      else if (t.Key === 'tag-key') conditions.push({ tagKeys: t.Values });
      else if (t.Key === 'resource-groups:Name')
        // Nodes carry group membership as the tag `resource-groups:Name` (no Resource Groups service here).
        conditions.push({ tagKeys: ['resource-groups:Name'], values: t.Values });
      else if (t.Key === 'resource-groups:ResourceTypeFilters') continue;
    }
    if (ids) {
      for (const id of ids)
        if (store.nodes.get(cmd.account, cmd.region, id) && conditions.length === 0) add(id);
      if (conditions.length === 0) return out;
    }
    let after: string | undefined;
    for (;;) {
      const page = store.nodes.list(
        cmd.account,
        cmd.region,
        { conditions, nowMs: clock.nowMs(), lostAfterMs: Number.MAX_SAFE_INTEGER },
        1000,
        after,
      );
      for (const n of page.items) if (!ids || ids.includes(n.instanceId)) add(n.instanceId);
      if (!page.nextToken || !page.items.length) break;
      after = page.items[page.items.length - 1].instanceId;
    }
    return out;
  }

  private pump(a: Active): void {
    // A bounded batch per turn of the event loop, so API calls are answered while thousands dispatch.
    let batch = DISPATCH_BATCH;
    while (this.isLive(a) && !a.stopped && a.running.size < a.concurrency && a.queue.length) {
      if (batch-- === 0) {
        this.schedulePump(a);
        return;
      }
      this.dispatch(a, a.queue.shift()!);
    }
    this.finishIfDone(a);
  }

  private dispatch(a: Active, instanceId: string): void {
    const { cmd, prepared } = a;
    const { fleet } = this.s;
    const inv = a.invs.get(instanceId)!;
    const ref = { account: cmd.account, region: cmd.region, instanceId };
    const node = fleet.node(ref);
    if (!node || fleet.pingStatus(node) !== 'Online') {
      // A node that is gone or ConnectionLost: Failed / Undeliverable, ResponseCode -1; not a MaxErrors error.
      this.endInvocation(a, inv, 'Failed', 'Undeliverable');
      return;
    }
    if (prepared.platformTypes.length && !prepared.platformTypes.includes(node.platformType)) {
      // UG "Understanding command statuses": Invalid Platform, not counted against MaxErrors.
      this.endInvocation(a, inv, 'Failed', 'InvalidPlatform');
      return;
    }
    a.running.add(instanceId);
    this.deliver(a, inv);
  }

  private deliver(a: Active, inv: StoredInvocation): void {
    const { cmd, prepared } = a;
    const { fleet, clock } = this.s;
    a.retries.delete(inv.instanceId);
    if (!this.isLive(a) || isTerminal(inv.status)) return;
    const ref = { account: cmd.account, region: cmd.region, instanceId: inv.instanceId };
    if (!fleet.isReachable(ref)) {
      this.delay(a, inv);
      return;
    }
    const result = fleet.runCommand(ref, {
      commandId: cmd.commandId,
      documentName: prepared.documentName,
      steps: prepared.steps as PluginStep[],
      timeoutSeconds: prepared.executionTimeoutSeconds,
      // What the patching module asks the service for first: the node's snapshot (GetDeployablePatchSnapshotForInstance).
      ...(PATCH_DOCUMENTS.has(prepared.documentName)
        ? {
            patch: patchJobFor(
              { store: this.s.store, nowMs: clock.nowMs(), outputs: this.outputs },
              { account: cmd.account, region: cmd.region },
              inv.instanceId,
              prepared.values,
            ),
          }
        : {}),
    });
    if (!result) {
      this.delay(a, inv);
      return;
    }
    const now = clock.nowMs();
    inv.startMs = now;
    for (const p of inv.plugins) {
      movePlugin(p, 'InProgress', 'InProgress');
      p.startMs = now;
    }
    if (inv.status !== 'InProgress') a.inProgress++;
    this.setInvocation(a, inv, 'InProgress', 'InProgress');
    a.peak = Math.max(a.peak, a.inProgress);
    this.peaks.set(cmd.commandId, a.peak);
    if (cmd.status === 'Pending') {
      moveCommand(cmd, 'InProgress', 'InProgress');
      this.markDirty(cmd);
      this.emitCommand(cmd);
    }
    void result.then((r) => this.complete(a, inv, r));
  }

  /** The agent is not connected: Delayed, and tried again until the delivery timeout (UG statuses: Delayed). */
  private delay(a: Active, inv: StoredInvocation): void {
    if (inv.status !== 'Delayed') this.setInvocation(a, inv, 'Delayed', 'Delayed');
    a.retries.set(
      inv.instanceId,
      this.s.clock.setTimeout(DELIVERY_RETRY_SECONDS * 1000, () => this.deliver(a, inv)),
    );
  }

  private complete(a: Active, inv: StoredInvocation, r: ResultMessage): void {
    if (!this.isLive(a) || isTerminal(inv.status)) return;
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
      movePlugin(p, ...pluginStatus(res.status));
    }
    this.writeOutputs(a, inv);
    const [status, details] = invocationStatus(r.status);
    this.endInvocation(a, inv, status, details);
    if (status === 'Failed' || details === 'ExecutionTimedOut') {
      a.errors++;
      // UG "Using error controls": once errors pass MaxErrors no further targets are sent the command.
      if (a.errors > a.errorLimit && !a.stopped) {
        a.stopped = true;
        for (const id of a.queue) this.endInvocation(a, a.invs.get(id)!, 'Cancelled', 'Terminated', false);
        a.queue.length = 0;
      }
    }
    // In real time the next wave waits for a turn of the event loop, so API calls are answered between
    // waves; in virtual time it must start at the instant of the completion, as AWS would.
    if (this.s.clock.mode === 'real') this.schedulePump(a);
    else this.pump(a);
  }

  private schedulePump(a: Active): void {
    if (a.pumpScheduled) return;
    a.pumpScheduled = true;
    setImmediate(() => {
      a.pumpScheduled = false;
      this.pump(a);
    });
  }

  private writeOutputs(a: Active, inv: StoredInvocation): void {
    const { cmd, prepared } = a;
    const bucket = cmd.outputS3BucketName;
    const cw = cmd.cloudWatchOutputConfig;
    inv.plugins.forEach((p, i) => {
      const dir = prepared.outputDirs[i];
      if (bucket) {
        const base = outputKey(cmd.outputS3KeyPrefix, cmd.commandId, inv.instanceId, dir.plugin, dir.step);
        try {
          if (p.stdout) this.outputs.writeS3(bucket, `${base}/stdout`, p.stdout);
          if (p.stderr) this.outputs.writeS3(bucket, `${base}/stderr`, p.stderr);
          p.standardOutputUrl = p.stdout ? s3Url(cmd.outputS3Region, bucket, `${base}/stdout`) : '';
          p.standardErrorUrl = p.stderr ? s3Url(cmd.outputS3Region, bucket, `${base}/stderr`) : '';
        } catch (err) {
          this.s.log.error({ err, commandId: cmd.commandId }, 'writing command output failed');
        }
      }
      if (cw.CloudWatchOutputEnabled) {
        // UG "Configuring Amazon CloudWatch Logs for Run Command": default group /aws/ssm/<DocumentName>,
        // streams <CommandId>/<InstanceId>/<PluginName>/stdout|stderr.
        const group = cw.CloudWatchLogGroupName || `/aws/ssm/${cmd.documentName}`;
        const stream = `${cmd.commandId}/${inv.instanceId}/${dir.plugin}`;
        try {
          if (p.stdout) this.outputs.writeLog(group, `${stream}/stdout`, p.stdout);
          if (p.stderr) this.outputs.writeLog(group, `${stream}/stderr`, p.stderr);
        } catch (err) {
          this.s.log.error({ err, commandId: cmd.commandId }, 'writing command logs failed');
        }
      }
    });
  }

  private setInvocation(
    a: Active,
    inv: StoredInvocation,
    status: CommandInvocationStatus,
    details: string,
  ): void {
    moveInvocation(inv, status, details);
    this.dirtyInvocations.add(inv);
    this.scheduleFlush();
    this.emitInvocation(a.cmd, inv);
  }

  /** Ends an invocation and updates the command's counts. */
  private endInvocation(
    a: Active,
    inv: StoredInvocation,
    status: TerminalStatus,
    details: string,
    pump = true,
  ): void {
    if (isTerminal(inv.status)) return;
    if (inv.status === 'InProgress') a.inProgress--;
    const now = this.s.clock.nowMs();
    inv.endMs = now;
    for (const p of inv.plugins) {
      if (isTerminal(p.status)) continue;
      movePlugin(p, status, details);
      p.endMs = inv.startMs !== undefined ? now : undefined;
      if (details === 'Undeliverable' || details === 'InvalidPlatform' || details === 'DeliveryTimedOut')
        p.responseCode = -1;
    }
    a.running.delete(inv.instanceId);
    const retry = a.retries.get(inv.instanceId);
    if (retry) this.s.clock.clearTimer(retry);
    a.retries.delete(inv.instanceId);
    this.setInvocation(a, inv, status, details);
    const { cmd } = a;
    cmd.completedCount++;
    if ((status === 'Failed' && details === 'Failed') || details === 'ExecutionTimedOut') cmd.errorCount++;
    if (details === 'DeliveryTimedOut') cmd.deliveryTimedOutCount++;
    this.markDirty(cmd);
    if (pump) this.schedulePump(a);
  }

  private deliveryDeadline(a: Active): void {
    if (!this.isLive(a)) return;
    for (const inv of a.invs.values()) {
      if (inv.status === 'Pending' || inv.status === 'Delayed')
        this.endInvocation(a, inv, 'TimedOut', 'DeliveryTimedOut', false);
    }
    a.queue.length = 0;
    this.pump(a);
  }

  private expire(a: Active): void {
    if (!this.isLive(a)) return;
    for (const inv of a.invs.values()) {
      if (!isTerminal(inv.status)) {
        this.s.fleet.cancelCommand(
          { account: a.cmd.account, region: a.cmd.region, instanceId: inv.instanceId },
          a.cmd.commandId,
        );
        this.endInvocation(a, inv, 'TimedOut', 'DeliveryTimedOut', false);
      }
    }
    a.queue.length = 0;
    this.pump(a);
  }

  private finishIfDone(a: Active): void {
    if (!this.isLive(a) || a.queue.length || a.running.size) return;
    for (const inv of a.invs.values()) if (!isTerminal(inv.status)) return;
    if (a.cmd.targets.length && a.concurrency === 0 && a.invs.size) return; // targets not resolved yet
    this.finish(a, finalStatus(a.cmd, [...a.invs.values()], a.errorLimit, a.cancelled));
  }

  private finish(a: Active, s: { status: CommandStatus; statusDetails: string }): void {
    const { cmd } = a;
    moveCommand(cmd, s.status, s.statusDetails);
    this.markDirty(cmd);
    for (const t of a.timers) this.s.clock.clearTimer(t);
    for (const t of a.retries.values()) this.s.clock.clearTimer(t);
    this.active.delete(key(cmd.account, cmd.region, cmd.commandId));
    if (s.status === 'Success') this.counters.CommandsSucceeded++;
    else if (s.statusDetails === 'DeliveryTimedOut') this.counters.CommandsDeliveryTimedOut++;
    else if (s.status === 'Failed') this.counters.CommandsFailed++;
    this.emitCommand(cmd);
    this.flush();
    const k = key(cmd.account, cmd.region, cmd.commandId);
    const waiters = this.finishWaiters.get(k);
    this.finishWaiters.delete(k);
    for (const w of waiters ?? []) w({ ...cmd });
  }

  /** Resolves with the command once it has a final status (at once if it already has one). */
  whenFinished(scope: { account: string; region: string }, commandId: string): Promise<StoredCommand> {
    const k = key(scope.account, scope.region, commandId);
    if (!this.active.has(k)) {
      const stored = this.s.store.commands.getCommand(scope.account, scope.region, commandId);
      if (stored) return Promise.resolve(stored);
    }
    return new Promise((resolve) => {
      const list = this.finishWaiters.get(k) ?? [];
      list.push(resolve);
      this.finishWaiters.set(k, list);
    });
  }

  // ---- CancelCommand ----

  /** Cancels a command on every target, or on some; false when the command is unknown. */
  cancel(scope: { account: string; region: string }, commandId: string, instanceIds?: string[]): boolean {
    const a = this.active.get(key(scope.account, scope.region, commandId));
    if (!a) return this.s.store.commands.getCommand(scope.account, scope.region, commandId) !== undefined;
    const all = !instanceIds || instanceIds.length === 0;
    const ids = all ? [...a.invs.keys()] : instanceIds.filter((id) => a.invs.has(id));
    if (all) a.cancelled = true;
    a.queue = a.queue.filter((id) => !ids.includes(id));
    for (const id of ids) {
      const inv = a.invs.get(id)!;
      if (isTerminal(inv.status)) continue;
      if (inv.status === 'InProgress')
        this.s.fleet.cancelCommand(
          { account: scope.account, region: scope.region, instanceId: id },
          commandId,
        );
      this.endInvocation(a, inv, 'Cancelled', 'Cancelled', false);
    }
    this.pump(a);
    return true;
  }

  // ---- persistence ----

  private markDirty(cmd: StoredCommand): void {
    this.dirtyCommands.add(cmd);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes pending changes in one transaction; readers call it first so they see the latest state. */
  flush(): void {
    this.flushScheduled = false;
    if (!this.services || (!this.dirtyCommands.size && !this.dirtyInvocations.size)) return;
    const { store } = this.services;
    const cmds = [...this.dirtyCommands];
    const invs = [...this.dirtyInvocations];
    this.dirtyCommands.clear();
    this.dirtyInvocations.clear();
    store.transaction(() => {
      for (const c of cmds) if (this.stillStored(c)) store.commands.putCommand(c);
      for (const i of invs) if (this.stillStored(i)) store.commands.putInvocation(i);
    });
  }

  private stillStored(x: { account: string; region: string; commandId: string }): boolean {
    return (
      this.active.has(key(x.account, x.region, x.commandId)) ||
      !this.dropped.has(key(x.account, x.region, x.commandId))
    );
  }

  private readonly dropped = new Set<string>();

  private isLive(a: Active): boolean {
    return this.active.get(key(a.cmd.account, a.cmd.region, a.cmd.commandId)) === a;
  }

  /** /_emulator/reset: forget running commands of the scope (the store has already been cleared). */
  reset(scope: { account?: string; region?: string } = {}): void {
    for (const [k, a] of this.active) {
      if (
        (scope.account && a.cmd.account !== scope.account) ||
        (scope.region && a.cmd.region !== scope.region)
      )
        continue;
      for (const t of a.timers) this.s.clock.clearTimer(t);
      for (const t of a.retries.values()) this.s.clock.clearTimer(t);
      this.active.delete(k);
      this.dropped.add(k);
      this.finishWaiters.delete(k);
    }
    const inScope = (x: { account: string; region: string }) =>
      (!scope.account || x.account === scope.account) && (!scope.region || x.region === scope.region);
    for (const c of [...this.dirtyCommands]) if (inScope(c)) this.dirtyCommands.delete(c);
    for (const i of [...this.dirtyInvocations]) if (inScope(i)) this.dirtyInvocations.delete(i);
  }

  close(): void {
    this.flush();
    for (const a of this.active.values()) {
      for (const t of a.timers) this.s.clock.clearTimer(t);
      for (const t of a.retries.values()) this.s.clock.clearTimer(t);
    }
    this.active.clear();
  }

  // ---- events (UG "Amazon EventBridge event examples": Run Command) ----

  private emitCommand(cmd: StoredCommand): void {
    this.s.events.emit({
      'detail-type': 'EC2 Command Status-change Notification',
      account: cmd.account,
      region: cmd.region,
      resources: cmd.instanceIds.map((id) => instanceArn(cmd, id)),
      detail: {
        'command-id': cmd.commandId,
        'document-name': cmd.documentName,
        'expire-after': new Date(cmd.expiresAfterMs).toISOString(),
        parameters: cmd.parameters,
        'requested-date-time': new Date(cmd.requestedMs).toISOString(),
        status: eventStatus(cmd.status, cmd.statusDetails),
      },
    });
  }

  private emitInvocation(cmd: StoredCommand, inv: StoredInvocation): void {
    this.s.events.emit({
      'detail-type': 'EC2 Command Invocation Status-change Notification',
      account: cmd.account,
      region: cmd.region,
      resources: [instanceArn(cmd, inv.instanceId)],
      detail: {
        'command-id': cmd.commandId,
        'document-name': cmd.documentName,
        'instance-id': inv.instanceId,
        'requested-date-time': new Date(cmd.requestedMs).toISOString(),
        status: eventStatus(inv.status, inv.statusDetails),
      },
    });
  }
}

function instanceArn(cmd: StoredCommand, id: string): string {
  return id.startsWith('mi-')
    ? `arn:aws:ssm:${cmd.region}:${cmd.account}:managed-instance/${id}`
    : `arn:aws:ec2:${cmd.region}:${cmd.account}:instance/${id}`;
}

/** Events carry the detailed status for the states Status alone does not tell apart. */
function eventStatus(status: string, details: string): string {
  return details === 'DeliveryTimedOut' || details === 'ExecutionTimedOut' || details === 'Undeliverable'
    ? details
    : status;
}

function pluginStatus(s: string): [TerminalStatus, string] {
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

function invocationStatus(s: ResultMessage['status']): [TerminalStatus, string] {
  return pluginStatus(s);
}
