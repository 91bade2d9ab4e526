// State Manager run history: association executions (newest first), their per-target results, and each node's
// latest result per association. Records are JSON; the columns beside them are what lists filter and page on.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';
import { decodeToken, toPage, type Page } from '../pagination.js';

export interface StoredAssociationExecution {
  account: string;
  region: string;
  associationId: string;
  associationVersion: number;
  executionId: string;
  status: string;
  detailedStatus: string;
  createdMs: number;
  /** When the last target of the execution finished. */
  lastExecutionMs?: number;
  resourceCountByStatus: Record<string, number>;
  alarmConfiguration?: { IgnorePollAlarmFailure?: boolean; Alarms: { Name: string }[] };
}

export interface StoredExecutionTarget {
  account: string;
  region: string;
  associationId: string;
  associationVersion: number;
  executionId: string;
  resourceId: string;
  resourceType: string;
  status: string;
  detailedStatus: string;
  lastExecutionMs: number;
  outputSource?: { OutputSourceId: string; OutputSourceType: string };
}

/** A node's latest result of one association (DescribeInstanceAssociationsStatus). */
export interface StoredInstanceStatus {
  account: string;
  region: string;
  instanceId: string;
  associationId: string;
  associationVersion: number;
  associationName?: string;
  name: string;
  documentVersion: string;
  executionMs: number;
  status: string;
  detailedStatus: string;
  executionSummary: string;
  errorCode?: string;
  outputUrl?: string;
}

/** What DescribeAssociationExecutions filters on (Type EQUAL, LESS_THAN or GREATER_THAN). */
export interface ExecutionFilter {
  column: 'execution_id' | 'status' | 'created_ms';
  op: '=' | '<' | '>';
  value: string | number;
}

interface Row {
  data_json: string;
}

type ExecKey = [number, string];

export class AssociationExecutionsRepository {
  private readonly putExecStmt: BetterSqlite3.Statement;
  private readonly getExecStmt: BetterSqlite3.Statement<[string, string, string, string], Row>;
  private readonly putTargetStmt: BetterSqlite3.Statement;
  private readonly putStatusStmt: BetterSqlite3.Statement;
  private readonly statusCountsStmt: BetterSqlite3.Statement<
    [string, string, string],
    { status: string; n: number }
  >;
  private readonly unfinishedStmt: BetterSqlite3.Statement<[], Row>;
  private readonly unfinishedTargetsStmt: BetterSqlite3.Statement<[string, string, string, string], Row>;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {
    this.putExecStmt = db.prepare(
      `INSERT INTO association_executions (account_id, region, association_id, execution_id, status, created_ms, data_json)
       VALUES (@account, @region, @associationId, @executionId, @status, @createdMs, @data)
       ON CONFLICT (account_id, region, association_id, execution_id) DO UPDATE SET
         status = excluded.status, data_json = excluded.data_json`,
    );
    this.getExecStmt = db.prepare(
      `SELECT data_json FROM association_executions
       WHERE account_id = ? AND region = ? AND association_id = ? AND execution_id = ?`,
    );
    this.putTargetStmt = db.prepare(
      `INSERT INTO association_execution_targets
         (account_id, region, association_id, execution_id, resource_id, resource_type, status, data_json)
       VALUES (@account, @region, @associationId, @executionId, @resourceId, @resourceType, @status, @data)
       ON CONFLICT (account_id, region, association_id, execution_id, resource_id) DO UPDATE SET
         resource_type = excluded.resource_type, status = excluded.status, data_json = excluded.data_json`,
    );
    this.putStatusStmt = db.prepare(
      `INSERT INTO instance_association_status (account_id, region, instance_id, association_id, status, data_json)
       VALUES (@account, @region, @instanceId, @associationId, @status, @data)
       ON CONFLICT (account_id, region, instance_id, association_id) DO UPDATE SET
         status = excluded.status, data_json = excluded.data_json`,
    );
    this.statusCountsStmt = db.prepare(
      `SELECT status, COUNT(*) AS n FROM instance_association_status
       WHERE account_id = ? AND region = ? AND association_id = ? GROUP BY status`,
    );
    this.unfinishedStmt = db.prepare(
      "SELECT data_json FROM association_executions WHERE status IN ('Pending', 'InProgress')",
    );
    this.unfinishedTargetsStmt = db.prepare(
      `SELECT data_json FROM association_execution_targets
       WHERE account_id = ? AND region = ? AND association_id = ? AND execution_id = ?
         AND status IN ('Pending', 'InProgress')`,
    );
  }

  putExecution(e: StoredAssociationExecution): void {
    this.putExecStmt.run({
      account: e.account,
      region: e.region,
      associationId: e.associationId,
      executionId: e.executionId,
      status: e.status,
      createdMs: e.createdMs,
      data: JSON.stringify(e),
    });
  }

  getExecution(
    account: string,
    region: string,
    associationId: string,
    executionId: string,
  ): StoredAssociationExecution | undefined {
    const r = this.getExecStmt.get(account, region, associationId, executionId);
    return r ? (JSON.parse(r.data_json) as StoredAssociationExecution) : undefined;
  }

  /** Newest first; keyset on (created_ms DESC, execution_id). */
  listExecutions(
    account: string,
    region: string,
    associationId: string,
    filters: ExecutionFilter[],
    pageSize: number,
    token?: string,
  ): Page<StoredAssociationExecution> | undefined {
    const after = token === undefined ? undefined : decodeToken<ExecKey>(token);
    if (token !== undefined && !isExecKey(after)) return undefined;
    const args: unknown[] = [account, region, associationId];
    let sql =
      'SELECT data_json FROM association_executions WHERE account_id = ? AND region = ? AND association_id = ?';
    for (const f of filters) {
      sql += ` AND ${f.column} ${f.op} ?`;
      args.push(f.value);
    }
    if (after) {
      sql += ' AND (created_ms < ? OR (created_ms = ? AND execution_id > ?))';
      args.push(after[0], after[0], after[1]);
    }
    sql += ' ORDER BY created_ms DESC, execution_id LIMIT ?';
    args.push(pageSize + 1);
    const rows = this.stmt(sql).all(...args) as Row[];
    return toPage(
      rows.map((r) => JSON.parse(r.data_json) as StoredAssociationExecution),
      pageSize,
      (e): ExecKey => [e.createdMs, e.executionId],
    );
  }

  putTarget(t: StoredExecutionTarget): void {
    this.putTargetStmt.run({
      account: t.account,
      region: t.region,
      associationId: t.associationId,
      executionId: t.executionId,
      resourceId: t.resourceId,
      resourceType: t.resourceType,
      status: t.status,
      data: JSON.stringify(t),
    });
  }

  /** By resource id; filters on Status, ResourceId and ResourceType (equality). */
  listTargets(
    account: string,
    region: string,
    associationId: string,
    executionId: string,
    filters: { column: 'status' | 'resource_id' | 'resource_type'; value: string }[],
    pageSize: number,
    token?: string,
  ): Page<StoredExecutionTarget> | undefined {
    const after = token === undefined ? undefined : decodeToken<string>(token);
    if (token !== undefined && typeof after !== 'string') return undefined;
    const args: unknown[] = [account, region, associationId, executionId];
    let sql = `SELECT data_json FROM association_execution_targets
      WHERE account_id = ? AND region = ? AND association_id = ? AND execution_id = ?`;
    for (const f of filters) {
      sql += ` AND ${f.column} = ?`;
      args.push(f.value);
    }
    if (after !== undefined) {
      sql += ' AND resource_id > ?';
      args.push(after);
    }
    sql += ' ORDER BY resource_id LIMIT ?';
    args.push(pageSize + 1);
    const rows = this.stmt(sql).all(...args) as Row[];
    return toPage(
      rows.map((r) => JSON.parse(r.data_json) as StoredExecutionTarget),
      pageSize,
      (t) => t.resourceId,
    );
  }

  putInstanceStatus(s: StoredInstanceStatus): void {
    this.putStatusStmt.run({
      account: s.account,
      region: s.region,
      instanceId: s.instanceId,
      associationId: s.associationId,
      status: s.status,
      data: JSON.stringify(s),
    });
  }

  /** A node's latest result per association, by association id. */
  listInstanceStatuses(
    account: string,
    region: string,
    instanceId: string,
    pageSize: number,
    token?: string,
  ): Page<StoredInstanceStatus> | undefined {
    const after = token === undefined ? undefined : decodeToken<string>(token);
    if (token !== undefined && typeof after !== 'string') return undefined;
    const args: unknown[] = [account, region, instanceId];
    let sql =
      'SELECT data_json FROM instance_association_status WHERE account_id = ? AND region = ? AND instance_id = ?';
    if (after !== undefined) {
      sql += ' AND association_id > ?';
      args.push(after);
    }
    sql += ' ORDER BY association_id LIMIT ?';
    args.push(pageSize + 1);
    const rows = this.stmt(sql).all(...args) as Row[];
    return toPage(
      rows.map((r) => JSON.parse(r.data_json) as StoredInstanceStatus),
      pageSize,
      (s) => s.associationId,
    );
  }

  /** How many nodes' latest result of an association has each status (AssociationStatusAggregatedCount). */
  statusCounts(account: string, region: string, associationId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.statusCountsStmt.all(account, region, associationId)) out[r.status] = r.n;
    return out;
  }

  /** The nodes that have a result of an association. */
  instancesOf(account: string, region: string, associationId: string): string[] {
    return (
      this.stmt(
        'SELECT instance_id FROM instance_association_status WHERE account_id = ? AND region = ? AND association_id = ?',
      ).all(account, region, associationId) as { instance_id: string }[]
    ).map((r) => r.instance_id);
  }

  /** Whether a node has run an association (new-node runs apply it once). */
  hasRun(account: string, region: string, instanceId: string, associationId: string): boolean {
    return (
      this.stmt(
        'SELECT 1 FROM instance_association_status WHERE account_id = ? AND region = ? AND instance_id = ? AND association_id = ?',
      ).get(account, region, instanceId, associationId) !== undefined
    );
  }

  /** Executions a previous process left Pending or InProgress (every scope). */
  unfinishedExecutions(): StoredAssociationExecution[] {
    return this.unfinishedStmt.all().map((r) => JSON.parse(r.data_json) as StoredAssociationExecution);
  }

  unfinishedTargets(e: StoredAssociationExecution): StoredExecutionTarget[] {
    return this.unfinishedTargetsStmt
      .all(e.account, e.region, e.associationId, e.executionId)
      .map((r) => JSON.parse(r.data_json) as StoredExecutionTarget);
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
}

function isExecKey(k: unknown): k is ExecKey {
  return Array.isArray(k) && k.length === 2 && typeof k[0] === 'number' && typeof k[1] === 'string';
}
