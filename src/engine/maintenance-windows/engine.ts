// The Maintenance Windows engine: opens windows on the emulator clock (one timer, src/engine/maintenance-
// windows/scheduler.ts), runs each opening as a WindowRun, keeps AWS's concurrency quota and SKIPPED_OVERLAPPING,
// cancels on request, ends a previous process's unfinished runs at start, and drops live work on reset.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events.js';
import type { Store } from '../../store/index.js';
import type { StoredWindow } from '../../store/repositories/maintenance-windows.js';
import type { StoredWindowExecution } from '../../store/repositories/window-executions.js';
import { windowEvents, type WindowEvents } from './events.js';
import { settle } from '../settle.js';
import {
  MAX_CONCURRENT_EXECUTIONS,
  SETTLE_IDLE_WINDOW_MS,
  SETTLE_QUIET_TURNS,
  SETTLE_REAL_MS,
} from './limits.js';
import { WindowScheduler } from './scheduler.js';
import type { InvocationEngines } from './task-invocations.js';
import { WindowRun, type RunHost } from './window-run.js';

export interface WindowEngineDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
  engines: InvocationEngines;
  /** The opening after `afterMs` of a window, or undefined when it will not open again (schedule.ts). */
  nextOpening: (w: StoredWindow, afterMs: number) => number | undefined;
}

type Scope = { account?: string; region?: string };
type Full = { account: string; region: string };
const scopeKey = (s: Full) => `${s.account}/${s.region}`;
const idKey = (s: Full, id: string) => `${s.account}/${s.region}/${id}`;

/** StatusDetails of our own making (AWS publishes no texts for these). */
export const ENGINE_DETAILS = {
  overlapping:
    'The maintenance window execution was skipped: the previous execution of this window was still running.',
  interrupted: 'The maintenance window execution was interrupted because ssm-emulator stopped while it ran.',
} as const;

export class MaintenanceWindowEngine implements RunHost {
  readonly events: WindowEvents;
  private readonly scheduler: WindowScheduler;
  /** Live runs by execution id, and by window (one live run per window). */
  private readonly runs = new Map<string, WindowRun>();
  private readonly byWindow = new Map<string, WindowRun>();
  /** Runs waiting for one of the account's concurrent execution slots, and how many run now, per scope. */
  private readonly queued = new Map<string, WindowRun[]>();
  private readonly running = new Map<string, number>();
  private readonly begun = new Set<WindowRun>();
  private started = false;

  constructor(private readonly deps: WindowEngineDeps) {
    this.events = windowEvents(deps.events);
    this.scheduler = new WindowScheduler({
      clock: deps.clock,
      windows: () => deps.store.maintenanceWindows,
      nextOpening: deps.nextOpening,
      open: (due, atMs) => this.openAll(due, atMs),
    });
  }

  get store(): Store {
    return this.deps.store;
  }
  get clock(): Clock {
    return this.deps.clock;
  }
  get engines(): InvocationEngines {
    return this.deps.engines;
  }

  // ---- lifecycle ----

  /** Ends what a previous process left running, skips the openings missed meanwhile, and sets the timer. */
  start(): void {
    this.started = true;
    const { store, clock } = this.deps;
    const now = clock.nowMs();
    store.transaction(() => {
      const history = store.windowExecutions;
      for (const e of history.unfinishedExecutions()) {
        for (const te of history.unfinishedTaskExecutions(e, e.windowExecutionId)) {
          history.putTaskExecution({
            ...te,
            status: 'FAILED',
            statusDetails: ENGINE_DETAILS.interrupted,
            endMs: now,
          });
        }
        for (const inv of history.unfinishedInvocations(e, e.windowExecutionId)) {
          history.putInvocation({
            ...inv,
            status: 'FAILED',
            statusDetails: ENGINE_DETAILS.interrupted,
            endMs: now,
          });
        }
        history.putExecution({
          ...e,
          status: 'FAILED',
          statusDetails: ENGINE_DETAILS.interrupted,
          endMs: now,
        });
      }
      // An opening missed while the emulator was down is skipped, not replayed: the next one is after now.
      for (const w of store.maintenanceWindows.enabledWindows()) {
        if (w.nextMs !== undefined && w.nextMs > now) continue;
        const next = this.deps.nextOpening(w, now);
        if (next === w.nextMs) continue;
        w.nextMs = next;
        store.maintenanceWindows.putWindow(w);
      }
    });
    this.scheduler.arm();
  }

  /** /_emulator/reset: the store has been cleared; live runs of the scope stop and write nothing more. */
  reset(scope: Scope = {}): void {
    const inScope = (s: Full) =>
      (!scope.account || s.account === scope.account) && (!scope.region || s.region === scope.region);
    for (const [k, run] of this.runs) {
      if (!inScope(run.exec)) continue;
      run.abandon();
      this.runs.delete(k);
      this.begun.delete(run);
    }
    for (const [k, run] of this.byWindow) if (inScope(run.exec)) this.byWindow.delete(k);
    for (const k of [...this.queued.keys(), ...this.running.keys()]) {
      const [account, region] = k.split('/');
      if (inScope({ account, region })) {
        this.queued.delete(k);
        this.running.delete(k);
      }
    }
    if (this.started) this.scheduler.arm();
  }

  close(): void {
    this.scheduler.disarm();
    for (const run of this.runs.values()) run.abandon();
    this.runs.clear();
    this.begun.clear();
    this.byWindow.clear();
    this.queued.clear();
    this.running.clear();
    this.started = false;
  }

  // ---- what handlers call ----

  /** The opening after now of a window as it is now (NextExecutionTime; undefined when disabled or ended). */
  nextOpening(w: StoredWindow): number | undefined {
    return w.enabled ? this.deps.nextOpening(w, this.deps.clock.nowMs()) : undefined;
  }

  /** A window was created, changed or deleted: the one timer follows the earliest next opening. */
  windowsChanged(): void {
    if (this.started) this.scheduler.arm();
  }

  /** A deleted window's live run stops; its history went with it. */
  windowDeleted(scope: Full, windowId: string): void {
    const run = this.byWindow.get(idKey(scope, windowId));
    if (run) {
      run.abandon();
      this.finished(run);
    }
    const q = this.queued.get(scopeKey(scope));
    if (q)
      this.queued.set(
        scopeKey(scope),
        q.filter((r) => r.exec.windowId !== windowId),
      );
    this.windowsChanged();
  }

  /** CancelMaintenanceWindowExecution; false when the execution is not running (nothing to cancel). */
  cancel(scope: Full, windowExecutionId: string): boolean {
    const run = this.runs.get(idKey(scope, windowExecutionId));
    if (!run) return false;
    const wasQueued = run.exec.status === 'PENDING';
    run.cancel();
    if (wasQueued) {
      const q = this.queued.get(scopeKey(scope)) ?? [];
      this.queued.set(
        scopeKey(scope),
        q.filter((r) => r !== run),
      );
      this.finished(run);
    }
    return true;
  }

  // ---- openings ----

  private async openAll(due: StoredWindow[], atMs: number): Promise<void> {
    const opened: WindowRun[] = [];
    for (const [i, w] of due.entries()) {
      // One window per turn of the event loop: API calls are answered between openings that fall together.
      if (i > 0) await new Promise<void>((r) => setImmediate(r));
      const run = this.open(w, atMs);
      if (run) opened.push(run);
    }
    // On a virtual clock, work that takes no emulator time ends at this instant, as it would on AWS.
    if (this.deps.clock.mode === 'virtual' && opened.length) await this.settle(opened);
  }

  /** Opens one window now: a new execution, or SKIPPED_OVERLAPPING while its previous one still runs. */
  open(w: StoredWindow, atMs: number): WindowRun | undefined {
    const { store } = this.deps;
    const base = {
      account: w.account,
      region: w.region,
      windowId: w.windowId,
      windowExecutionId: randomUUID(),
    };
    if (this.byWindow.has(idKey(w, w.windowId))) {
      const skipped: StoredWindowExecution = {
        ...base,
        status: 'SKIPPED_OVERLAPPING',
        statusDetails: ENGINE_DETAILS.overlapping,
        startMs: atMs,
        endMs: atMs,
        taskExecutionIds: [],
      };
      store.windowExecutions.putExecution(skipped);
      this.events.execution(skipped);
      return undefined;
    }
    const exec: StoredWindowExecution = { ...base, status: 'PENDING', startMs: atMs, taskExecutionIds: [] };
    const targets = new Map(
      store.maintenanceWindows.allTargets(w, w.windowId).map((t) => [t.windowTargetId, t] as const),
    );
    const run = new WindowRun(this, exec, w, store.maintenanceWindows.allTasks(w, w.windowId), targets);
    this.runs.set(idKey(w, exec.windowExecutionId), run);
    this.byWindow.set(idKey(w, w.windowId), run);
    store.windowExecutions.putExecution(exec);
    this.events.execution(exec);
    const k = scopeKey(w);
    if ((this.running.get(k) ?? 0) < MAX_CONCURRENT_EXECUTIONS) this.begin(run);
    else this.queued.set(k, [...(this.queued.get(k) ?? []), run]);
    return run;
  }

  private begin(run: WindowRun): void {
    const k = scopeKey(run.exec);
    this.running.set(k, (this.running.get(k) ?? 0) + 1);
    this.begun.add(run);
    void run.finished.then(() => this.finished(run));
    run.start();
  }

  /** A run ended (or was dropped): its slot goes to the next queued run of the account. Idempotent. */
  private finished(run: WindowRun): void {
    const { exec } = run;
    if (this.runs.get(idKey(exec, exec.windowExecutionId)) === run)
      this.runs.delete(idKey(exec, exec.windowExecutionId));
    if (this.byWindow.get(idKey(exec, exec.windowId)) === run)
      this.byWindow.delete(idKey(exec, exec.windowId));
    if (!this.begun.delete(run)) return;
    const k = scopeKey(exec);
    this.running.set(k, Math.max(0, (this.running.get(k) ?? 1) - 1));
    const next = this.queued.get(k)?.shift();
    // The next turn, so that runs ending together do not start their successors in one long turn.
    if (next)
      setImmediate(() => {
        if (this.runs.get(idKey(next.exec, next.exec.windowExecutionId)) === next) this.begin(next);
      });
  }

  /** Until the runs opened at this instant have ended or wait on the clock (bounded in real time). */
  private settle(runs: WindowRun[]): Promise<void> {
    return settle({
      events: this.deps.events,
      done: () => runs.every((r) => r.done || !this.runs.has(idKey(r.exec, r.exec.windowExecutionId))),
      progress: () => runs.reduce((n, r) => n + r.progress, 0),
      maxRealMs: SETTLE_REAL_MS,
      quietTurns: SETTLE_QUIET_TURNS,
      idleWindowMs: SETTLE_IDLE_WINDOW_MS,
      busy: () => this.deps.clock.busy,
    });
  }

  /** Whether an execution is one this process runs now (PENDING, IN_PROGRESS or CANCELLING). */
  isLive(scope: Full, windowExecutionId: string): boolean {
    return this.runs.has(idKey(scope, windowExecutionId));
  }
}
