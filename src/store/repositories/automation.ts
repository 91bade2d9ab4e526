// Automation executions and their step executions. The record is JSON (its shape follows the API and
// changes with it); the columns beside it are what lists filter and page on (keyset, newest first).
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';
import { decodeToken, toPage, type Page } from '../pagination.js';
import type {
  AlarmConfiguration,
  AutomationExecutionStatus,
  TargetLocation,
} from '../../model/generated/types.js';

export interface StoredFailureDetails {
  FailureStage?: string;
  FailureType?: string;
  Details?: Record<string, string[]>;
}

export interface StoredStepExecution {
  stepExecutionId: string;
  stepName: string;
  action: string;
  status: AutomationExecutionStatus;
  timeoutSeconds?: number;
  onFailure?: string;
  maxAttempts?: number;
  startMs?: number;
  endMs?: number;
  responseCode?: string;
  inputs?: Record<string, string>;
  outputs?: Record<string, string[]>;
  response?: string;
  failureMessage?: string;
  failureDetails?: StoredFailureDetails;
  overriddenParameters?: Record<string, string[]>;
  isEnd?: boolean;
  nextStep?: string;
  isCritical?: boolean;
  validNextSteps?: string[];
  targets?: { Key: string; Values: string[] }[];
  /** Steps inside aws:loop: the loop step and the iteration they ran in. */
  parentStepDetails?: {
    StepExecutionId: string;
    Iteration: number;
    IteratorValue?: string;
    Action: string;
    StepName: string;
  };
}

export interface StoredExecution {
  account: string;
  region: string;
  executionId: string;
  documentName: string;
  documentVersion: string;
  status: AutomationExecutionStatus;
  mode: 'Auto' | 'Interactive';
  executedBy: string;
  startMs: number;
  endMs?: number;
  parameters: Record<string, string[]>;
  outputs: Record<string, string[]>;
  variables?: Record<string, string[]>;
  failureMessage?: string;
  parentId?: string;
  currentStepName?: string;
  currentAction?: string;
  targetParameterName?: string;
  targets?: { Key: string; Values: string[] }[];
  targetMaps?: Record<string, string[]>[];
  resolvedTargets?: { ParameterValues: string[]; Truncated: boolean };
  maxConcurrency?: string;
  maxErrors?: string;
  target?: string;
  targetLocations?: TargetLocation[];
  alarmConfiguration?: AlarmConfiguration;
  automationType: 'Local' | 'CrossAccount';
  subtype?: 'ChangeRequest';
  scheduledMs?: number;
  runbooks?: Record<string, unknown>[];
  changeRequestName?: string;
  clientToken?: string;
  /** The request members ClientToken idempotency compares (JSON text). */
  requestFingerprint?: string;
  progress?: {
    TotalSteps: number;
    SuccessSteps: number;
    FailedSteps: number;
    CancelledSteps: number;
    TimedOutSteps: number;
  };
  tags?: { Key: string; Value: string }[];
  /** The runbook's steps in order: reads list the ones that have not run as Pending, as AWS does. */
  plannedSteps?: { StepName: string; Action: string }[];
}

/** What DescribeAutomationExecutions filters on in SQL; the handler applies the other keys. */
export interface ExecutionQuery {
  statuses?: string[];
  documentNamePrefixes?: string[];
  executionIds?: string[];
  parentIds?: string[];
  /** start_ms < before, start_ms >= after (epoch ms) */
  startedBefore?: number;
  startedAfter?: number;
}

interface ExecRow {
  data_json: string;
  start_ms: number;
  execution_id: string;
}

type PageKey = [number, string];

export class AutomationRepository {
  private readonly put: BetterSqlite3.Statement;
  private readonly getOne: BetterSqlite3.Statement;
  private readonly byToken: BetterSqlite3.Statement;
  private readonly putStepStmt: BetterSqlite3.Statement;
  private readonly steps: BetterSqlite3.Statement;
  private readonly inProgress: BetterSqlite3.Statement;

  constructor(private readonly db: Db) {
    this.put = db.prepare(
      `INSERT INTO automation_executions
         (account_id, region, execution_id, document_name, status, start_ms, parent_id, client_token, data_json)
       VALUES (@account, @region, @executionId, @documentName, @status, @startMs, @parentId, @clientToken, @data)
       ON CONFLICT (account_id, region, execution_id) DO UPDATE SET
         status = excluded.status, data_json = excluded.data_json`,
    );
    this.getOne = db.prepare(
      'SELECT data_json, start_ms, execution_id FROM automation_executions WHERE account_id = ? AND region = ? AND execution_id = ?',
    );
    this.byToken = db.prepare(
      'SELECT data_json, start_ms, execution_id FROM automation_executions WHERE account_id = ? AND region = ? AND client_token = ?',
    );
    this.putStepStmt = db.prepare(
      `INSERT INTO automation_steps (account_id, region, execution_id, seq, data_json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, execution_id, seq) DO UPDATE SET data_json = excluded.data_json`,
    );
    this.steps = db.prepare(
      'SELECT data_json FROM automation_steps WHERE account_id = ? AND region = ? AND execution_id = ? ORDER BY seq',
    );
    this.inProgress = db.prepare(
      `SELECT data_json, start_ms, execution_id FROM automation_executions
       WHERE status IN ('Pending', 'InProgress', 'Waiting', 'Cancelling', 'PendingApproval', 'Approved',
                        'Scheduled', 'RunbookInProgress')`,
    );
  }

  putExecution(e: StoredExecution): void {
    this.put.run({
      account: e.account,
      region: e.region,
      executionId: e.executionId,
      documentName: e.documentName,
      status: e.status,
      startMs: e.startMs,
      parentId: e.parentId ?? null,
      clientToken: e.clientToken ?? null,
      data: JSON.stringify(e),
    });
  }

  getExecution(account: string, region: string, executionId: string): StoredExecution | undefined {
    const row = this.getOne.get(account, region, executionId) as ExecRow | undefined;
    return row ? (JSON.parse(row.data_json) as StoredExecution) : undefined;
  }

  findByClientToken(account: string, region: string, token: string): StoredExecution | undefined {
    const row = this.byToken.get(account, region, token) as ExecRow | undefined;
    return row ? (JSON.parse(row.data_json) as StoredExecution) : undefined;
  }

  putStep(
    e: Pick<StoredExecution, 'account' | 'region' | 'executionId'>,
    seq: number,
    s: StoredStepExecution,
  ): void {
    this.putStepStmt.run(e.account, e.region, e.executionId, seq, JSON.stringify(s));
  }

  listSteps(account: string, region: string, executionId: string): StoredStepExecution[] {
    return (this.steps.all(account, region, executionId) as { data_json: string }[]).map(
      (r) => JSON.parse(r.data_json) as StoredStepExecution,
    );
  }

  /** Executions a previous process left running (they cannot continue after a restart). */
  listUnfinished(): StoredExecution[] {
    return (this.inProgress.all() as ExecRow[]).map((r) => JSON.parse(r.data_json) as StoredExecution);
  }

  /**
   * Newest first. Statement text depends on which filters are present, so statements are cached by shape.
   * `accept` filters what SQL does not; pages are refilled until full so a page is still pageSize long.
   */
  list(
    account: string,
    region: string,
    q: ExecutionQuery,
    pageSize: number,
    nextToken: string | undefined,
    accept: (e: StoredExecution) => boolean = () => true,
  ): Page<StoredExecution> | 'bad-token' {
    let after: PageKey | undefined;
    if (nextToken !== undefined) {
      after = decodeToken<PageKey>(nextToken);
      if (!Array.isArray(after) || after.length !== 2) return 'bad-token';
    }
    const out: StoredExecution[] = [];
    const chunk = Math.max(pageSize + 1, 50);
    for (;;) {
      const rows = this.query(account, region, q, after, chunk);
      for (const r of rows) {
        const e = JSON.parse(r.data_json) as StoredExecution;
        if (accept(e)) out.push(e);
        if (out.length > pageSize) break;
      }
      if (out.length > pageSize || rows.length < chunk) break;
      const last = rows[rows.length - 1];
      after = [last.start_ms, last.execution_id];
    }
    return toPage(out, pageSize, (last) => [last.startMs, last.executionId]);
  }

  private readonly listStatements = new Map<string, BetterSqlite3.Statement>();

  private query(
    account: string,
    region: string,
    q: ExecutionQuery,
    after: PageKey | undefined,
    limit: number,
  ): ExecRow[] {
    const where = ['account_id = ?', 'region = ?'];
    const args: unknown[] = [account, region];
    const inList = (col: string, values: string[] | undefined) => {
      if (!values?.length) return;
      where.push(`${col} IN (${values.map(() => '?').join(', ')})`);
      args.push(...values);
    };
    inList('status', q.statuses);
    inList('execution_id', q.executionIds);
    inList('parent_id', q.parentIds);
    if (q.documentNamePrefixes?.length) {
      where.push(
        `(${q.documentNamePrefixes.map(() => 'substr(document_name, 1, length(?)) = ?').join(' OR ')})`,
      );
      for (const p of q.documentNamePrefixes) args.push(p, p);
    }
    if (q.startedBefore !== undefined) {
      where.push('start_ms < ?');
      args.push(q.startedBefore);
    }
    if (q.startedAfter !== undefined) {
      where.push('start_ms >= ?');
      args.push(q.startedAfter);
    }
    if (after) {
      where.push('(start_ms < ? OR (start_ms = ? AND execution_id < ?))');
      args.push(after[0], after[0], after[1]);
    }
    const sql = `SELECT data_json, start_ms, execution_id FROM automation_executions WHERE ${where.join(
      ' AND ',
    )} ORDER BY start_ms DESC, execution_id DESC LIMIT ?`;
    let stmt = this.listStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listStatements.set(sql, stmt);
    }
    return stmt.all(...args, limit) as ExecRow[];
  }
}
