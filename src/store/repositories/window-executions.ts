// The history of maintenance window runs: executions (newest first per window), their task executions (in
// the order they were planned) and each task's invocations (one per target). JSON records beside seek columns.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';
import { decodeToken, toPage, type Page } from '../pagination.js';

export type WindowExecutionStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESS'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'CANCELLING'
  | 'CANCELLED'
  | 'SKIPPED_OVERLAPPING';

export interface StoredWindowExecution {
  account: string;
  region: string;
  windowId: string;
  windowExecutionId: string;
  status: WindowExecutionStatus;
  statusDetails?: string;
  startMs: number;
  endMs?: number;
  taskExecutionIds: string[];
}

export interface StoredTaskExecution {
  account: string;
  region: string;
  windowId: string;
  windowExecutionId: string;
  taskExecutionId: string;
  windowTaskId: string;
  seq: number;
  taskArn: string;
  taskType: string;
  serviceRole?: string;
  /** One map per invocation, as GetMaintenanceWindowExecutionTask lists them. */
  taskParameters: Record<string, { Values: string[] }>[];
  priority: number;
  maxConcurrency: string;
  maxErrors: string;
  status: WindowExecutionStatus;
  statusDetails?: string;
  startMs?: number;
  endMs?: number;
  alarmConfiguration?: { IgnorePollAlarmFailure?: boolean; Alarms: { Name: string }[] };
}

export interface StoredTaskInvocation {
  account: string;
  region: string;
  windowId: string;
  windowExecutionId: string;
  taskExecutionId: string;
  invocationId: string;
  seq: number;
  /** The command id (RUN_COMMAND) or automation execution id (AUTOMATION) this invocation started. */
  executionId?: string;
  taskType: string;
  /** The invocation's parameters as JSON text, as AWS returns them. */
  parameters: string;
  status: WindowExecutionStatus;
  statusDetails?: string;
  startMs?: number;
  endMs?: number;
  ownerInformation?: string;
  windowTargetId?: string;
  /** The resource the invocation is for (an instance id), absent for a task without targets. */
  resourceId?: string;
}

export const UNFINISHED_STATUSES: readonly WindowExecutionStatus[] = ['PENDING', 'IN_PROGRESS', 'CANCELLING'];

type Scope = { account: string; region: string };
interface JsonRow {
  data_json: string;
}
type ExecKey = [number, string];

export class WindowExecutionsRepository {
  private readonly s: Record<string, BetterSqlite3.Statement>;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    const unfinished = UNFINISHED_STATUSES.map((x) => `'${x}'`).join(', ');
    this.s = {
      putExecution: p(
        `INSERT INTO mw_executions (account_id, region, window_execution_id, window_id, status, start_ms, data_json)
         VALUES (@account, @region, @windowExecutionId, @windowId, @status, @startMs, @data)
         ON CONFLICT (account_id, region, window_execution_id) DO UPDATE SET
           status = excluded.status, data_json = excluded.data_json`,
      ),
      getExecution: p(
        'SELECT data_json FROM mw_executions WHERE account_id = ? AND region = ? AND window_execution_id = ?',
      ),
      listExecutions: p(
        `SELECT data_json, start_ms, window_execution_id FROM mw_executions
         WHERE account_id = ? AND region = ? AND window_id = ? AND start_ms < ? AND start_ms >= ?
           AND (start_ms < ? OR (start_ms = ? AND window_execution_id < ?))
         ORDER BY start_ms DESC, window_execution_id DESC LIMIT ?`,
      ),
      unfinishedExecutions: p(`SELECT data_json FROM mw_executions WHERE status IN (${unfinished})`),
      putTaskExecution: p(
        `INSERT INTO mw_task_executions (account_id, region, window_execution_id, task_execution_id, seq, status, data_json)
         VALUES (@account, @region, @windowExecutionId, @taskExecutionId, @seq, @status, @data)
         ON CONFLICT (account_id, region, window_execution_id, task_execution_id) DO UPDATE SET
           status = excluded.status, data_json = excluded.data_json`,
      ),
      getTaskExecution: p(
        `SELECT data_json FROM mw_task_executions
         WHERE account_id = ? AND region = ? AND window_execution_id = ? AND task_execution_id = ?`,
      ),
      listTaskExecutions: p(
        `SELECT data_json FROM mw_task_executions WHERE account_id = ? AND region = ? AND window_execution_id = ?
         ORDER BY seq`,
      ),
      unfinishedTaskExecutions: p(
        `SELECT data_json FROM mw_task_executions WHERE account_id = ? AND region = ? AND window_execution_id = ?
           AND status IN (${unfinished})`,
      ),
      putInvocation: p(
        `INSERT INTO mw_invocations
           (account_id, region, window_execution_id, task_execution_id, invocation_id, seq, status, data_json)
         VALUES (@account, @region, @windowExecutionId, @taskExecutionId, @invocationId, @seq, @status, @data)
         ON CONFLICT (account_id, region, window_execution_id, task_execution_id, invocation_id) DO UPDATE SET
           status = excluded.status, data_json = excluded.data_json`,
      ),
      getInvocation: p(
        `SELECT data_json FROM mw_invocations WHERE account_id = ? AND region = ? AND window_execution_id = ?
           AND task_execution_id = ? AND invocation_id = ?`,
      ),
      listInvocations: p(
        `SELECT data_json, seq FROM mw_invocations WHERE account_id = ? AND region = ? AND window_execution_id = ?
           AND task_execution_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      unfinishedInvocations: p(
        `SELECT data_json FROM mw_invocations WHERE account_id = ? AND region = ? AND window_execution_id = ?
           AND status IN (${unfinished})`,
      ),
      deleteInvocations: p(
        `DELETE FROM mw_invocations WHERE account_id = ? AND region = ? AND window_execution_id IN
           (SELECT window_execution_id FROM mw_executions WHERE account_id = ? AND region = ? AND window_id = ?)`,
      ),
      deleteTaskExecutions: p(
        `DELETE FROM mw_task_executions WHERE account_id = ? AND region = ? AND window_execution_id IN
           (SELECT window_execution_id FROM mw_executions WHERE account_id = ? AND region = ? AND window_id = ?)`,
      ),
      deleteExecutions: p('DELETE FROM mw_executions WHERE account_id = ? AND region = ? AND window_id = ?'),
    };
  }

  // ---- executions ----

  putExecution(e: StoredWindowExecution): void {
    this.s.putExecution.run({
      account: e.account,
      region: e.region,
      windowExecutionId: e.windowExecutionId,
      windowId: e.windowId,
      status: e.status,
      startMs: e.startMs,
      data: JSON.stringify(e),
    });
  }

  getExecution(scope: Scope, windowExecutionId: string): StoredWindowExecution | undefined {
    return parse(this.s.getExecution.get(scope.account, scope.region, windowExecutionId));
  }

  /** A window's executions, newest first; ExecutedBefore / ExecutedAfter bound StartTime. */
  listExecutions(
    scope: Scope,
    windowId: string,
    q: { beforeMs?: number; afterMs?: number },
    pageSize: number,
    nextToken: string | undefined,
  ): Page<StoredWindowExecution> | 'bad-token' {
    let after: ExecKey = [Number.MAX_SAFE_INTEGER, ''];
    if (nextToken !== undefined) {
      const k = decodeToken<ExecKey>(nextToken);
      if (!Array.isArray(k) || k.length !== 2 || typeof k[0] !== 'number' || typeof k[1] !== 'string')
        return 'bad-token';
      after = k;
    }
    const rows = this.s.listExecutions.all(
      scope.account,
      scope.region,
      windowId,
      q.beforeMs ?? Number.MAX_SAFE_INTEGER,
      q.afterMs ?? Number.MIN_SAFE_INTEGER,
      after[0],
      after[0],
      nextToken === undefined ? '\uffff' : after[1],
      pageSize + 1,
    ) as JsonRow[];
    const items = rows.map((r) => JSON.parse(r.data_json) as StoredWindowExecution);
    return toPage(items, pageSize, (last) => [last.startMs, last.windowExecutionId]);
  }

  /** Executions a previous process left running (they cannot continue after a restart). */
  unfinishedExecutions(): StoredWindowExecution[] {
    return (this.s.unfinishedExecutions.all() as JsonRow[]).map(
      (r) => JSON.parse(r.data_json) as StoredWindowExecution,
    );
  }

  // ---- task executions ----

  putTaskExecution(t: StoredTaskExecution): void {
    this.s.putTaskExecution.run({
      account: t.account,
      region: t.region,
      windowExecutionId: t.windowExecutionId,
      taskExecutionId: t.taskExecutionId,
      seq: t.seq,
      status: t.status,
      data: JSON.stringify(t),
    });
  }

  getTaskExecution(
    scope: Scope,
    windowExecutionId: string,
    taskExecutionId: string,
  ): StoredTaskExecution | undefined {
    return parse(
      this.s.getTaskExecution.get(scope.account, scope.region, windowExecutionId, taskExecutionId),
    );
  }

  /** The task executions of one window execution, in plan order (at most the tasks-per-window quota). */
  listTaskExecutions(scope: Scope, windowExecutionId: string): StoredTaskExecution[] {
    return (this.s.listTaskExecutions.all(scope.account, scope.region, windowExecutionId) as JsonRow[]).map(
      (r) => JSON.parse(r.data_json) as StoredTaskExecution,
    );
  }

  unfinishedTaskExecutions(scope: Scope, windowExecutionId: string): StoredTaskExecution[] {
    return (
      this.s.unfinishedTaskExecutions.all(scope.account, scope.region, windowExecutionId) as JsonRow[]
    ).map((r) => JSON.parse(r.data_json) as StoredTaskExecution);
  }

  // ---- invocations ----

  putInvocation(i: StoredTaskInvocation): void {
    this.s.putInvocation.run({
      account: i.account,
      region: i.region,
      windowExecutionId: i.windowExecutionId,
      taskExecutionId: i.taskExecutionId,
      invocationId: i.invocationId,
      seq: i.seq,
      status: i.status,
      data: JSON.stringify(i),
    });
  }

  getInvocation(
    scope: Scope,
    windowExecutionId: string,
    taskExecutionId: string,
    invocationId: string,
  ): StoredTaskInvocation | undefined {
    return parse(
      this.s.getInvocation.get(scope.account, scope.region, windowExecutionId, taskExecutionId, invocationId),
    );
  }

  /** One task's invocations in start order; `accept` filters (STATUS) and pages are refilled. */
  listInvocations(
    scope: Scope,
    windowExecutionId: string,
    taskExecutionId: string,
    pageSize: number,
    nextToken: string | undefined,
    accept: (i: StoredTaskInvocation) => boolean = () => true,
  ): Page<StoredTaskInvocation> | 'bad-token' {
    let after = -1;
    if (nextToken !== undefined) {
      const k = decodeToken<number>(nextToken);
      if (typeof k !== 'number') return 'bad-token';
      after = k;
    }
    const out: StoredTaskInvocation[] = [];
    const chunk = Math.max(pageSize + 1, 50);
    for (;;) {
      const rows = this.s.listInvocations.all(
        scope.account,
        scope.region,
        windowExecutionId,
        taskExecutionId,
        after,
        chunk,
      ) as (JsonRow & { seq: number })[];
      for (const r of rows) {
        const inv = JSON.parse(r.data_json) as StoredTaskInvocation;
        if (accept(inv)) out.push(inv);
        if (out.length > pageSize) break;
      }
      if (out.length > pageSize || rows.length < chunk) break;
      after = rows[rows.length - 1].seq;
    }
    return toPage(out, pageSize, (last) => last.seq);
  }

  unfinishedInvocations(scope: Scope, windowExecutionId: string): StoredTaskInvocation[] {
    return (
      this.s.unfinishedInvocations.all(scope.account, scope.region, windowExecutionId) as JsonRow[]
    ).map((r) => JSON.parse(r.data_json) as StoredTaskInvocation);
  }

  /** A deleted window's history (call inside the transaction that deletes the window). */
  deleteByWindow(scope: Scope, windowId: string): void {
    const args = [scope.account, scope.region, scope.account, scope.region, windowId];
    this.s.deleteInvocations.run(...args);
    this.s.deleteTaskExecutions.run(...args);
    this.s.deleteExecutions.run(scope.account, scope.region, windowId);
  }
}

function parse<T>(row: unknown): T | undefined {
  return row ? (JSON.parse((row as JsonRow).data_json) as T) : undefined;
}
