// One maintenance window execution: its tasks in Priority order (same priority in parallel), each task's
// invocations under its MaxConcurrency / MaxErrors, no task started inside the cutoff, CutoffBehavior at the
// cutoff, cancellation, and the history records (execution, task executions, invocations) with their events.
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../clock.js';
import type { Store } from '../../store/index.js';
import type {
  StoredWindow,
  StoredWindowTarget,
  StoredWindowTask,
} from '../../store/repositories/maintenance-windows.js';
import type {
  StoredTaskExecution,
  StoredTaskInvocation,
  StoredWindowExecution,
  WindowExecutionStatus,
} from '../../store/repositories/window-executions.js';
import { concurrencyOf, errorLimitOf } from '../commands/rate.js';
import type { WindowEvents } from './events.js';
import { targetIdOf, type PseudoValues } from './pseudo.js';
import { resolveTaskTargets, type TaskTarget } from './targets.js';
import {
  commandPerNode,
  startInvocation,
  type InvocationEngines,
  type InvocationOutcome,
  type StartedInvocation,
} from './task-invocations.js';

const HOUR_MS = 3_600_000;

/** StatusDetails AWS shows (UG "View information about tasks and task executions"; console run history). */
export const DETAILS = {
  noTasks: 'No tasks to execute.',
  taskFailed: 'One or more tasks in the orchestration failed.',
  // Ours: the texts AWS uses for these cases are not published.
  noInvocations: 'No invocations to execute: the task targets resolved to no managed nodes.',
  notStartedCutoff: 'The task was not started: the maintenance window cutoff time was reached.',
  cutoffCancelled: 'The maintenance window cutoff time was reached and the task was cancelled (CANCEL_TASK).',
  cancelled: 'The maintenance window execution was cancelled.',
} as const;

export interface RunHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: WindowEvents;
  readonly engines: InvocationEngines;
}

const FINAL: ReadonlySet<WindowExecutionStatus> = new Set([
  'SUCCESS',
  'FAILED',
  'TIMED_OUT',
  'CANCELLED',
  'SKIPPED_OVERLAPPING',
]);

export class WindowRun {
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private readonly taskExecs: { te: StoredTaskExecution; task: StoredWindowTask }[] = [];
  /** Invocations still running, with their task (CANCEL_TASK cancels a Run Command task's commands). */
  private readonly live = new Map<StartedInvocation, StoredWindowTask>();
  private cutoffTimer: TimerHandle | undefined;
  private cutoffReached = false;
  private cancelRequested = false;
  private abandoned = false;
  private invocationSeq = 0;
  private readonly startFailures: string[] = [];
  /** Invocations that ended: the settle check of a virtual clock watches it. */
  progress = 0;

  constructor(
    private readonly host: RunHost,
    readonly exec: StoredWindowExecution,
    private readonly window: StoredWindow,
    private readonly tasks: StoredWindowTask[],
    private readonly targets: Map<string, StoredWindowTarget>,
  ) {
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  /** No task starts after this instant: the window's end minus its Cutoff hours (CreateMaintenanceWindow API). */
  get cutoffMs(): number {
    return this.exec.startMs + (this.window.duration - this.window.cutoff) * HOUR_MS;
  }

  get done(): boolean {
    return FINAL.has(this.exec.status);
  }

  /** PENDING to IN_PROGRESS: plans every task (TaskIds are known from the start) and runs them. */
  start(): void {
    if (this.abandoned) return;
    const now = this.host.clock.nowMs();
    if (!this.tasks.length) return this.end('SUCCESS', DETAILS.noTasks);
    // Priority order, lower first; ties in a stable order so that runs are reproducible.
    const ordered = [...this.tasks].sort(
      (a, b) => a.priority - b.priority || a.windowTaskId.localeCompare(b.windowTaskId),
    );
    ordered.forEach((task, seq) => {
      const te: StoredTaskExecution = {
        account: this.exec.account,
        region: this.exec.region,
        windowId: this.exec.windowId,
        windowExecutionId: this.exec.windowExecutionId,
        taskExecutionId: randomUUID(),
        windowTaskId: task.windowTaskId,
        seq,
        taskArn: task.taskArn,
        taskType: task.taskType,
        serviceRole: task.serviceRoleArn,
        taskParameters: [],
        priority: task.priority,
        maxConcurrency: task.maxConcurrency ?? '1',
        maxErrors: task.maxErrors ?? '1',
        status: 'PENDING',
        alarmConfiguration: task.alarmConfiguration,
      };
      this.taskExecs.push({ te, task });
    });
    this.exec.status = 'IN_PROGRESS';
    this.exec.taskExecutionIds = this.taskExecs.map((x) => x.te.taskExecutionId);
    this.host.store.transaction(() => {
      this.host.store.windowExecutions.putExecution(this.exec);
      for (const { te } of this.taskExecs) this.host.store.windowExecutions.putTaskExecution(te);
    });
    this.host.events.execution(this.exec);
    if (now >= this.cutoffMs) this.onCutoff();
    else this.cutoffTimer = this.host.clock.setTimer(this.cutoffMs, () => this.onCutoff());
    void this.runTasks();
  }

  /** CancelMaintenanceWindowExecution: tasks not started are cancelled; running ones finish (API reference). */
  cancel(): void {
    if (this.done || this.cancelRequested) return;
    this.cancelRequested = true;
    if (this.exec.status === 'PENDING') return this.end('CANCELLED', DETAILS.cancelled);
    this.exec.status = 'CANCELLING';
    this.saveExec();
  }

  /** Reset or shutdown: stop everything and write nothing more (the history may be gone). */
  abandon(): void {
    this.abandoned = true;
    this.host.clock.clearTimer(this.cutoffTimer);
    this.resolveFinished();
  }

  private async runTasks(): Promise<void> {
    const groups = new Map<number, { te: StoredTaskExecution; task: StoredWindowTask }[]>();
    for (const x of this.taskExecs) groups.set(x.task.priority, [...(groups.get(x.task.priority) ?? []), x]);
    for (const group of groups.values()) {
      if (this.abandoned) return;
      await Promise.all(group.map((x) => this.runTask(x.te, x.task)));
    }
    if (this.abandoned) return;
    const statuses = this.taskExecs.map((x) => x.te.status);
    if (this.cancelRequested) this.end('CANCELLED', DETAILS.cancelled);
    else if (statuses.includes('FAILED')) this.end('FAILED', this.failureDetails());
    else if (statuses.includes('TIMED_OUT')) this.end('TIMED_OUT');
    else if (statuses.includes('CANCELLED')) this.end('CANCELLED');
    else this.end('SUCCESS');
  }

  private async runTask(te: StoredTaskExecution, task: StoredWindowTask): Promise<void> {
    if (this.cancelRequested) return this.endTask(te, 'CANCELLED', DETAILS.cancelled);
    if (this.cutoffReached) return this.endTask(te, 'TIMED_OUT', DETAILS.notStartedCutoff);
    const now = this.host.clock.nowMs();
    te.status = 'IN_PROGRESS';
    te.startMs = now;
    this.saveTask(te);
    const groups: TaskTarget[][] = task.targets.length
      ? resolveTaskTargets(this.host.store, this.exec, task.targets, this.targets, now)
      : [[]];
    // A Run Command invocation is one command over a window target's nodes (its MaxConcurrency / MaxErrors
    // apply inside the command); other types, and Run Command tasks that use per-node pseudo parameters,
    // invoke once per resource under the task's MaxConcurrency / MaxErrors.
    const perTarget = task.taskType === 'RUN_COMMAND' && !commandPerNode(task);
    const units: TaskTarget[][][] = groups.map((g) => (perTarget || !g.length ? [g] : g.map((t) => [t])));
    const total = units.reduce((n, g) => n + g.length, 0);
    if (task.targets.length && !groups.some((g) => g.length))
      return this.endTask(te, 'SUCCESS', DETAILS.noInvocations);
    const concurrency = perTarget ? 1 : concurrencyOf(te.maxConcurrency, total);
    const errorLimit = perTarget ? Infinity : errorLimitOf(te.maxErrors, total);
    const outcomes: InvocationOutcome[] = [];
    let unstarted = 0;
    const errors = () => outcomes.filter((o) => o.status === 'FAILED' || o.status === 'TIMED_OUT').length;
    const mayDispatch = () =>
      !this.abandoned &&
      !this.cancelRequested &&
      !(this.cutoffReached && task.cutoffBehavior === 'CANCEL_TASK') &&
      errors() <= errorLimit;
    // Window targets run one after another; inside one, up to MaxConcurrency at a time.
    for (const group of units) {
      const queue = [...group];
      const active = new Set<Promise<void>>();
      while ((queue.length && mayDispatch()) || active.size) {
        while (active.size < concurrency && queue.length && mayDispatch()) {
          const p: Promise<void> = this.invoke(te, task, queue.shift()!).then((o) => {
            outcomes.push(o);
            active.delete(p);
          });
          active.add(p);
        }
        if (active.size) await Promise.race(active);
      }
      unstarted += queue.length;
      if (this.abandoned) return;
    }
    const failure = outcomes.find((o) => o.status === 'FAILED' || o.status === 'TIMED_OUT');
    const allSucceeded = !unstarted && outcomes.every((o) => o.status === 'SUCCESS');
    if (this.cancelRequested && !allSucceeded) this.endTask(te, 'CANCELLED', DETAILS.cancelled);
    else if (this.cutoffReached && task.cutoffBehavior === 'CANCEL_TASK' && !allSucceeded)
      this.endTask(te, 'TIMED_OUT', DETAILS.cutoffCancelled);
    else if (failure || unstarted) {
      if (failure?.notStarted) this.startFailures.push(failure.statusDetails!);
      this.endTask(te, 'FAILED', failure?.statusDetails);
    } else this.endTask(te, 'SUCCESS');
  }

  /** Starts one invocation and resolves with its final status once it has one. */
  private async invoke(
    te: StoredTaskExecution,
    task: StoredWindowTask,
    unit: TaskTarget[],
  ): Promise<InvocationOutcome> {
    const invocationId = randomUUID();
    const target: TaskTarget | undefined = unit[0];
    const single = unit.length === 1 ? target : undefined;
    const pseudo: PseudoValues = {
      WINDOW_ID: this.exec.windowId,
      WINDOW_TASK_ID: task.windowTaskId,
      WINDOW_TARGET_ID: target?.windowTargetId,
      WINDOW_EXECUTION_ID: this.exec.windowExecutionId,
      TASK_EXECUTION_ID: te.taskExecutionId,
      INVOCATION_ID: invocationId,
      TARGET_TYPE: target?.resourceType,
      TARGET_ID: single && targetIdOf(single.resourceId, single.resourceType, this.exec),
      RESOURCE_ID: single?.resourceId,
    };
    const started = startInvocation(this.host.engines, this.exec, task, unit, pseudo);
    const inv: StoredTaskInvocation = {
      account: this.exec.account,
      region: this.exec.region,
      windowId: this.exec.windowId,
      windowExecutionId: this.exec.windowExecutionId,
      taskExecutionId: te.taskExecutionId,
      invocationId,
      seq: this.invocationSeq++,
      executionId: started.executionId,
      taskType: task.taskType,
      parameters: started.parameters,
      status: 'IN_PROGRESS',
      startMs: this.host.clock.nowMs(),
      ownerInformation: target?.ownerInformation,
      windowTargetId: target?.windowTargetId,
      resourceId: single?.resourceId,
    };
    te.taskParameters.push(started.taskParameters);
    this.live.set(started, task);
    this.saveInvocation(inv);
    if (!this.abandoned) this.host.store.windowExecutions.putTaskExecution(te); // its TaskParameters grew
    const outcome = await started.outcome;
    this.live.delete(started);
    if (this.abandoned) return outcome;
    inv.status = outcome.status;
    inv.statusDetails = outcome.statusDetails;
    inv.endMs = this.host.clock.nowMs();
    this.saveInvocation(inv);
    this.progress++;
    return outcome;
  }

  private onCutoff(): void {
    this.cutoffTimer = undefined;
    if (this.done || this.abandoned) return;
    this.cutoffReached = true;
    // CANCEL_TASK: Run Command tasks get a CancelCommand; other types let running invocations finish.
    for (const [started, task] of this.live)
      if (task.cutoffBehavior === 'CANCEL_TASK' && task.taskType === 'RUN_COMMAND') started.cancel();
  }

  private failureDetails(): string {
    // A task that could not even start (bad parameters) says why, as AWS does; otherwise AWS's summary.
    return this.startFailures[0] ?? DETAILS.taskFailed;
  }

  private endTask(te: StoredTaskExecution, status: WindowExecutionStatus, details?: string): void {
    const now = this.host.clock.nowMs();
    te.status = status;
    te.statusDetails = details;
    te.startMs ??= now;
    te.endMs = now;
    this.saveTask(te);
  }

  private end(status: WindowExecutionStatus, details?: string): void {
    if (this.abandoned || this.done) return;
    const now = this.host.clock.nowMs();
    this.host.clock.clearTimer(this.cutoffTimer);
    this.cutoffTimer = undefined;
    // Tasks still PENDING (cancelled before they began) end with the execution.
    for (const { te } of this.taskExecs)
      if (te.status === 'PENDING') this.endTask(te, 'CANCELLED', DETAILS.cancelled);
    this.exec.status = status;
    this.exec.statusDetails = details;
    this.exec.endMs = now;
    this.saveExec();
    this.resolveFinished();
  }

  private saveExec(): void {
    if (this.abandoned) return;
    this.host.store.windowExecutions.putExecution(this.exec);
    this.host.events.execution(this.exec);
  }

  private saveTask(te: StoredTaskExecution): void {
    if (this.abandoned) return;
    this.host.store.windowExecutions.putTaskExecution(te);
    this.host.events.taskExecution(te);
  }

  private saveInvocation(inv: StoredTaskInvocation): void {
    if (this.abandoned) return;
    this.host.store.windowExecutions.putInvocation(inv);
    this.host.events.invocation(inv);
  }
}
