// A Maintenance Windows engine on a frozen virtual clock and an in-memory store, with Run Command and Automation
// stand-ins whose commands and executions take the emulator time a test gives them (and can fail).
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../src/engine/clock.js';
import { EventBus } from '../../../src/engine/events.js';
import { Store } from '../../../src/store/index.js';
import { MaintenanceWindowEngine } from '../../../src/engine/maintenance-windows/engine.js';
import { nextOpening, rateAnchor } from '../../../src/engine/maintenance-windows/schedule.js';
import type { InvocationEngines } from '../../../src/engine/maintenance-windows/task-invocations.js';
import type {
  StoredWindow,
  StoredWindowTarget,
  StoredWindowTask,
} from '../../../src/store/repositories/maintenance-windows.js';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const SCOPE = { account: ACCOUNT, region: REGION };
export const START = Date.parse('2026-03-01T00:00:00.000Z');
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

export interface Behaviour {
  /** Emulator time the command or execution takes (0: ends at once). */
  ms?: number;
  status?: string;
}

interface Pending {
  id: string;
  resolve: (status: string) => void;
  timer?: { id: number };
}

export interface SentCommand {
  commandId: string;
  at: number;
  DocumentName: string;
  InstanceIds: string[];
  Parameters?: Record<string, string[]>;
  Comment?: string;
  MaxConcurrency?: string;
  MaxErrors?: string;
}

export class Harness {
  readonly clock: Clock;
  readonly store: Store;
  readonly events: EventBus;
  readonly engine: MaintenanceWindowEngine;
  readonly sent: SentCommand[] = [];
  readonly automations: {
    id: string;
    at: number;
    DocumentName: string;
    Parameters?: Record<string, string[]>;
  }[] = [];
  readonly cancelled: string[] = [];
  /** What a command (by its first instance id) or automation (by document name) does; default: ends at once. */
  behaviour: (key: string) => Behaviour = () => ({});
  private readonly pending = new Map<string, Pending>();

  constructor(opts: { dataDir?: string; now?: number } = {}) {
    this.clock = new Clock(() => opts.now ?? START);
    this.clock.freeze();
    this.store = Store.open({ dataDir: opts.dataDir ?? '', inMemory: !opts.dataDir });
    this.events = new EventBus(this.clock);
    this.engine = new MaintenanceWindowEngine({
      store: this.store,
      clock: this.clock,
      events: this.events,
      engines: this.fakeEngines(),
      nextOpening,
    });
    this.engine.start();
  }

  private run(id: string, key: string): Promise<string> {
    const b = this.behaviour(key);
    const status = b.status ?? 'Success';
    if (!b.ms) return Promise.resolve(status);
    return new Promise((resolve) => {
      const p: Pending = { id, resolve };
      p.timer = this.clock.setTimeout(b.ms!, () => {
        this.pending.delete(id);
        resolve(status);
      });
      this.pending.set(id, p);
    });
  }

  private stop(id: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.cancelled.push(id);
    this.clock.clearTimer(p.timer);
    this.pending.delete(id);
    p.resolve('Cancelled');
  }

  private fakeEngines(): InvocationEngines {
    const outcomes = new Map<string, Promise<string>>();
    const commands = {
      send: (_scope: unknown, req: Omit<SentCommand, 'commandId' | 'at'>) => {
        const commandId = randomUUID();
        this.sent.push({ ...req, commandId, at: this.clock.nowMs() });
        outcomes.set(commandId, this.run(commandId, req.InstanceIds[0]));
        return { commandId };
      },
      whenFinished: async (_scope: unknown, id: string) => {
        const status = await outcomes.get(id)!;
        return { status, statusDetails: status };
      },
      cancel: (_scope: unknown, id: string) => {
        this.stop(id);
        return true;
      },
    };
    const automation = {
      startExecution: (
        _scope: unknown,
        _arn: string,
        req: { DocumentName: string; Parameters?: Record<string, string[]> },
      ) => {
        const id = randomUUID();
        this.automations.push({ id, at: this.clock.nowMs(), ...req });
        outcomes.set(id, this.run(id, req.DocumentName));
        return id;
      },
      whenFinished: async (_scope: unknown, id: string) => ({ status: await outcomes.get(id)! }),
      stopExecution: (_scope: unknown, id: string) => this.stop(id),
    };
    return { commands, automation } as unknown as InvocationEngines;
  }

  /** Stores a window as CreateMaintenanceWindow does (next opening from now) and sets the timer. */
  window(fields: Partial<StoredWindow> & { schedule: string }): StoredWindow {
    const now = this.clock.nowMs();
    const w: StoredWindow = {
      ...SCOPE,
      windowId: `mw-${randomUUID().replace(/-/g, '').slice(0, 17)}`,
      name: 'test-window',
      duration: 4,
      cutoff: 1,
      allowUnassociatedTargets: true,
      enabled: true,
      createdMs: now,
      modifiedMs: now,
      ...fields,
    };
    w.anchorMs ??= rateAnchor(w, now);
    w.nextMs = this.engine.nextOpening(w);
    this.store.maintenanceWindows.putWindow(w);
    this.engine.windowsChanged();
    return w;
  }

  target(w: StoredWindow, instanceIds: string[], owner?: string): StoredWindowTarget {
    const t: StoredWindowTarget = {
      ...SCOPE,
      windowId: w.windowId,
      windowTargetId: randomUUID(),
      resourceType: 'INSTANCE',
      targets: [{ Key: 'InstanceIds', Values: instanceIds }],
      ownerInformation: owner,
    };
    this.store.maintenanceWindows.putTarget(t);
    return t;
  }

  task(w: StoredWindow, fields: Partial<StoredWindowTask> = {}): StoredWindowTask {
    const t: StoredWindowTask = {
      ...SCOPE,
      windowId: w.windowId,
      windowTaskId: randomUUID(),
      taskArn: 'AWS-RunShellScript',
      taskType: 'RUN_COMMAND',
      targets: [],
      priority: 1,
      maxConcurrency: '1',
      maxErrors: '1',
      invocationParameters: { RunCommand: { Parameters: { commands: ['echo hi'] } } },
      ...fields,
    };
    this.store.maintenanceWindows.putTask(t);
    return t;
  }

  executions(w: StoredWindow) {
    const page = this.store.windowExecutions.listExecutions(SCOPE, w.windowId, {}, 100, undefined);
    if (page === 'bad-token') throw new Error('bad token');
    return page.items.reverse(); // oldest first
  }

  taskExecutions(windowExecutionId: string) {
    return this.store.windowExecutions.listTaskExecutions(SCOPE, windowExecutionId);
  }

  invocations(windowExecutionId: string, taskExecutionId: string) {
    const page = this.store.windowExecutions.listInvocations(
      SCOPE,
      windowExecutionId,
      taskExecutionId,
      100,
      undefined,
    );
    if (page === 'bad-token') throw new Error('bad token');
    return page.items;
  }

  advance(ms: number): Promise<void> {
    return this.clock.advance(ms / 1000);
  }

  close(): void {
    this.engine.close();
    this.clock.dispose();
    this.store.close();
  }
}

export const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
