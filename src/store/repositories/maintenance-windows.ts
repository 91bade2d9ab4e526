// Maintenance windows with their registered targets and tasks. Records are JSON (their shape follows the API);
// the columns beside them are what lists seek on and what the scheduler's one timer reads (next_ms).
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';
import { decodeToken, toPage, type Page } from '../pagination.js';

export interface TargetSpec {
  Key: string;
  Values: string[];
}

export interface StoredWindow {
  account: string;
  region: string;
  windowId: string;
  name: string;
  description?: string;
  startDate?: string;
  endDate?: string;
  schedule: string;
  scheduleTimezone?: string;
  scheduleOffset?: number;
  duration: number;
  cutoff: number;
  allowUnassociatedTargets: boolean;
  enabled: boolean;
  createdMs: number;
  modifiedMs: number;
  /** A rate() window's first opening, which later ones count from (schedule.ts, rateAnchor). */
  anchorMs?: number;
  /** The next opening the scheduler will run (epoch ms); absent when disabled or the schedule has ended. */
  nextMs?: number;
  clientToken?: string;
  /** The request members ClientToken idempotency compares (JSON text). */
  requestFingerprint?: string;
}

export interface StoredWindowTarget {
  account: string;
  region: string;
  windowId: string;
  windowTargetId: string;
  resourceType: 'INSTANCE' | 'RESOURCE_GROUP';
  targets: TargetSpec[];
  ownerInformation?: string;
  name?: string;
  description?: string;
  clientToken?: string;
  requestFingerprint?: string;
}

export interface StoredWindowTask {
  account: string;
  region: string;
  windowId: string;
  windowTaskId: string;
  taskArn: string;
  taskType: 'RUN_COMMAND' | 'AUTOMATION' | 'STEP_FUNCTIONS' | 'LAMBDA';
  targets: TargetSpec[];
  serviceRoleArn?: string;
  taskParameters?: Record<string, { Values?: string[] }>;
  /** TaskInvocationParameters as the API shapes them (a Lambda Payload kept as base64 text). */
  invocationParameters?: Record<string, Record<string, unknown>>;
  priority: number;
  maxConcurrency?: string;
  maxErrors?: string;
  loggingInfo?: { S3BucketName: string; S3KeyPrefix?: string; S3Region: string };
  name?: string;
  description?: string;
  cutoffBehavior?: 'CONTINUE_TASK' | 'CANCEL_TASK';
  alarmConfiguration?: { IgnorePollAlarmFailure?: boolean; Alarms: { Name: string }[] };
  clientToken?: string;
  requestFingerprint?: string;
}

type Scope = { account: string; region: string };
interface JsonRow {
  data_json: string;
}

export class MaintenanceWindowsRepository {
  private readonly s: Record<string, BetterSqlite3.Statement>;

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      putWindow: p(
        `INSERT INTO mw_windows (account_id, region, window_id, name, enabled, next_ms, client_token, data_json)
         VALUES (@account, @region, @windowId, @name, @enabled, @nextMs, @clientToken, @data)
         ON CONFLICT (account_id, region, window_id) DO UPDATE SET name = excluded.name,
           enabled = excluded.enabled, next_ms = excluded.next_ms, data_json = excluded.data_json`,
      ),
      getWindow: p('SELECT data_json FROM mw_windows WHERE account_id = ? AND region = ? AND window_id = ?'),
      windowByToken: p(
        'SELECT data_json FROM mw_windows WHERE account_id = ? AND region = ? AND client_token = ?',
      ),
      countWindows: p('SELECT COUNT(*) AS n FROM mw_windows WHERE account_id = ? AND region = ?'),
      listWindows: p(
        `SELECT data_json, window_id FROM mw_windows WHERE account_id = ? AND region = ? AND window_id > ?
         ORDER BY window_id LIMIT ?`,
      ),
      due: p(
        `SELECT data_json FROM mw_windows WHERE next_ms IS NOT NULL AND next_ms <= ?
         ORDER BY next_ms, account_id, region, window_id`,
      ),
      earliest: p('SELECT MIN(next_ms) AS at FROM mw_windows WHERE next_ms IS NOT NULL'),
      enabledWindows: p('SELECT data_json FROM mw_windows WHERE enabled = 1'),
      deleteWindow: p('DELETE FROM mw_windows WHERE account_id = ? AND region = ? AND window_id = ?'),
      putTarget: p(
        `INSERT INTO mw_targets (account_id, region, window_id, window_target_id, client_token, data_json)
         VALUES (@account, @region, @windowId, @windowTargetId, @clientToken, @data)
         ON CONFLICT (account_id, region, window_id, window_target_id) DO UPDATE SET data_json = excluded.data_json`,
      ),
      getTarget: p(
        'SELECT data_json FROM mw_targets WHERE account_id = ? AND region = ? AND window_id = ? AND window_target_id = ?',
      ),
      targetByToken: p(
        'SELECT data_json FROM mw_targets WHERE account_id = ? AND region = ? AND client_token = ?',
      ),
      countTargets: p(
        'SELECT COUNT(*) AS n FROM mw_targets WHERE account_id = ? AND region = ? AND window_id = ?',
      ),
      listTargets: p(
        `SELECT data_json, window_target_id AS id FROM mw_targets
         WHERE account_id = ? AND region = ? AND window_id = ? AND window_target_id > ? ORDER BY window_target_id LIMIT ?`,
      ),
      scopeTargets: p(
        'SELECT data_json FROM mw_targets WHERE account_id = ? AND region = ? ORDER BY window_id',
      ),
      deleteTarget: p(
        'DELETE FROM mw_targets WHERE account_id = ? AND region = ? AND window_id = ? AND window_target_id = ?',
      ),
      deleteTargets: p('DELETE FROM mw_targets WHERE account_id = ? AND region = ? AND window_id = ?'),
      putTask: p(
        `INSERT INTO mw_tasks (account_id, region, window_id, window_task_id, client_token, data_json)
         VALUES (@account, @region, @windowId, @windowTaskId, @clientToken, @data)
         ON CONFLICT (account_id, region, window_id, window_task_id) DO UPDATE SET data_json = excluded.data_json`,
      ),
      getTask: p(
        'SELECT data_json FROM mw_tasks WHERE account_id = ? AND region = ? AND window_id = ? AND window_task_id = ?',
      ),
      taskByToken: p(
        'SELECT data_json FROM mw_tasks WHERE account_id = ? AND region = ? AND client_token = ?',
      ),
      countTasks: p(
        'SELECT COUNT(*) AS n FROM mw_tasks WHERE account_id = ? AND region = ? AND window_id = ?',
      ),
      listTasks: p(
        `SELECT data_json, window_task_id AS id FROM mw_tasks
         WHERE account_id = ? AND region = ? AND window_id = ? AND window_task_id > ? ORDER BY window_task_id LIMIT ?`,
      ),
      deleteTask: p(
        'DELETE FROM mw_tasks WHERE account_id = ? AND region = ? AND window_id = ? AND window_task_id = ?',
      ),
      deleteTasks: p('DELETE FROM mw_tasks WHERE account_id = ? AND region = ? AND window_id = ?'),
    };
  }

  // ---- windows ----

  putWindow(w: StoredWindow): void {
    this.s.putWindow.run({
      account: w.account,
      region: w.region,
      windowId: w.windowId,
      name: w.name,
      enabled: w.enabled ? 1 : 0,
      nextMs: w.nextMs ?? null,
      clientToken: w.clientToken ?? null,
      data: JSON.stringify(w),
    });
  }

  getWindow(account: string, region: string, windowId: string): StoredWindow | undefined {
    return parse<StoredWindow>(this.s.getWindow.get(account, region, windowId));
  }

  findWindowByToken(account: string, region: string, token: string): StoredWindow | undefined {
    return parse<StoredWindow>(this.s.windowByToken.get(account, region, token));
  }

  countWindows(account: string, region: string): number {
    return (this.s.countWindows.get(account, region) as { n: number }).n;
  }

  /** Windows by id; `accept` filters what SQL does not, and pages are refilled so they stay pageSize long. */
  listWindows(
    scope: Scope,
    pageSize: number,
    nextToken: string | undefined,
    accept: (w: StoredWindow) => boolean,
  ): Page<StoredWindow> | 'bad-token' {
    return keysetById(nextToken, pageSize, accept, (after, limit) =>
      (
        this.s.listWindows.all(scope.account, scope.region, after, limit) as (JsonRow & {
          window_id: string;
        })[]
      ).map((r) => ({ item: JSON.parse(r.data_json) as StoredWindow, id: r.window_id })),
    );
  }

  /** Every window (of every account) whose next opening is at or before atMs, earliest first. */
  dueWindows(atMs: number): StoredWindow[] {
    return (this.s.due.all(atMs) as JsonRow[]).map((r) => JSON.parse(r.data_json) as StoredWindow);
  }

  /** The earliest next opening across all windows: the one moment the scheduler's timer is set for. */
  earliestNextMs(): number | undefined {
    return (this.s.earliest.get() as { at: number | null }).at ?? undefined;
  }

  enabledWindows(): StoredWindow[] {
    return (this.s.enabledWindows.all() as JsonRow[]).map((r) => JSON.parse(r.data_json) as StoredWindow);
  }

  /** The window with its targets and tasks (call inside a transaction with the history's removal). */
  deleteWindow(account: string, region: string, windowId: string): void {
    this.s.deleteTargets.run(account, region, windowId);
    this.s.deleteTasks.run(account, region, windowId);
    this.s.deleteWindow.run(account, region, windowId);
  }

  // ---- targets ----

  putTarget(t: StoredWindowTarget): void {
    this.s.putTarget.run({
      account: t.account,
      region: t.region,
      windowId: t.windowId,
      windowTargetId: t.windowTargetId,
      clientToken: t.clientToken ?? null,
      data: JSON.stringify(t),
    });
  }

  getTarget(scope: Scope, windowId: string, windowTargetId: string): StoredWindowTarget | undefined {
    return parse(this.s.getTarget.get(scope.account, scope.region, windowId, windowTargetId));
  }

  findTargetByToken(account: string, region: string, token: string): StoredWindowTarget | undefined {
    return parse(this.s.targetByToken.get(account, region, token));
  }

  countTargets(scope: Scope, windowId: string): number {
    return (this.s.countTargets.get(scope.account, scope.region, windowId) as { n: number }).n;
  }

  listTargets(
    scope: Scope,
    windowId: string,
    pageSize: number,
    nextToken: string | undefined,
    accept: (t: StoredWindowTarget) => boolean = () => true,
  ): Page<StoredWindowTarget> | 'bad-token' {
    return keysetById(nextToken, pageSize, accept, (after, limit) =>
      (
        this.s.listTargets.all(scope.account, scope.region, windowId, after, limit) as (JsonRow & {
          id: string;
        })[]
      ).map((r) => ({ item: JSON.parse(r.data_json) as StoredWindowTarget, id: r.id })),
    );
  }

  /** All targets of a window (at most the quota of targets per window). */
  allTargets(scope: Scope, windowId: string): StoredWindowTarget[] {
    return (this.s.listTargets.all(scope.account, scope.region, windowId, '', -1) as JsonRow[]).map(
      (r) => JSON.parse(r.data_json) as StoredWindowTarget,
    );
  }

  /** Every target of every window of an account and region (windows x targets are bounded by quotas). */
  targetsInScope(scope: Scope): StoredWindowTarget[] {
    return (this.s.scopeTargets.all(scope.account, scope.region) as JsonRow[]).map(
      (r) => JSON.parse(r.data_json) as StoredWindowTarget,
    );
  }

  deleteTarget(scope: Scope, windowId: string, windowTargetId: string): void {
    this.s.deleteTarget.run(scope.account, scope.region, windowId, windowTargetId);
  }

  // ---- tasks ----

  putTask(t: StoredWindowTask): void {
    this.s.putTask.run({
      account: t.account,
      region: t.region,
      windowId: t.windowId,
      windowTaskId: t.windowTaskId,
      clientToken: t.clientToken ?? null,
      data: JSON.stringify(t),
    });
  }

  getTask(scope: Scope, windowId: string, windowTaskId: string): StoredWindowTask | undefined {
    return parse(this.s.getTask.get(scope.account, scope.region, windowId, windowTaskId));
  }

  findTaskByToken(account: string, region: string, token: string): StoredWindowTask | undefined {
    return parse(this.s.taskByToken.get(account, region, token));
  }

  countTasks(scope: Scope, windowId: string): number {
    return (this.s.countTasks.get(scope.account, scope.region, windowId) as { n: number }).n;
  }

  listTasks(
    scope: Scope,
    windowId: string,
    pageSize: number,
    nextToken: string | undefined,
    accept: (t: StoredWindowTask) => boolean = () => true,
  ): Page<StoredWindowTask> | 'bad-token' {
    return keysetById(nextToken, pageSize, accept, (after, limit) =>
      (
        this.s.listTasks.all(scope.account, scope.region, windowId, after, limit) as (JsonRow & {
          id: string;
        })[]
      ).map((r) => ({ item: JSON.parse(r.data_json) as StoredWindowTask, id: r.id })),
    );
  }

  /** All tasks of a window (at most the quota of tasks per window). */
  allTasks(scope: Scope, windowId: string): StoredWindowTask[] {
    return (this.s.listTasks.all(scope.account, scope.region, windowId, '', -1) as JsonRow[]).map(
      (r) => JSON.parse(r.data_json) as StoredWindowTask,
    );
  }

  deleteTask(scope: Scope, windowId: string, windowTaskId: string): void {
    this.s.deleteTask.run(scope.account, scope.region, windowId, windowTaskId);
  }
}

function parse<T>(row: unknown): T | undefined {
  return row ? (JSON.parse((row as JsonRow).data_json) as T) : undefined;
}

/**
 * Keyset pages over an id-ordered query; `fetch(after, limit)` returns rows past `after`. Rows `accept` refuses
 * are skipped and the page is refilled, so a page costs O(page + skipped), never O(collection) when unfiltered.
 */
export function keysetById<T>(
  nextToken: string | undefined,
  pageSize: number,
  accept: (item: T) => boolean,
  fetch: (after: string, limit: number) => { item: T; id: string }[],
): Page<T> | 'bad-token' {
  let after = '';
  if (nextToken !== undefined) {
    const k = decodeToken<string>(nextToken);
    if (typeof k !== 'string') return 'bad-token';
    after = k;
  }
  const out: { item: T; id: string }[] = [];
  const chunk = Math.max(pageSize + 1, 50);
  for (;;) {
    const rows = fetch(after, chunk);
    for (const r of rows) {
      if (accept(r.item)) out.push(r);
      if (out.length > pageSize) break;
    }
    if (out.length > pageSize || rows.length < chunk) break;
    after = rows[rows.length - 1].id;
  }
  const page = toPage(out, pageSize, (last) => last.id);
  return { items: page.items.map((r) => r.item), nextToken: page.nextToken };
}
