// State Manager associations and their versions. The record is JSON (its shape follows the API); the columns
// beside it are what ListAssociations filters and pages on and what the scheduler seeks (next_ms).
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';
import { decodeToken, toPage, type Page } from '../pagination.js';

export interface AssociationTarget {
  Key: string;
  Values: string[];
}

/** What one version of an association holds: the request members, as the API names them. */
export interface AssociationConfig {
  Name: string;
  DocumentVersion: string;
  InstanceId?: string;
  Parameters?: Record<string, string[]>;
  Targets?: AssociationTarget[];
  ScheduleExpression?: string;
  OutputLocation?: {
    S3Location?: { OutputS3Region?: string; OutputS3BucketName?: string; OutputS3KeyPrefix?: string };
  };
  AssociationName?: string;
  AutomationTargetParameterName?: string;
  MaxErrors?: string;
  MaxConcurrency?: string;
  ComplianceSeverity?: string;
  SyncCompliance?: string;
  ApplyOnlyAtCronInterval?: boolean;
  CalendarNames?: string[];
  TargetLocations?: Record<string, unknown>[];
  ScheduleOffset?: number;
  Duration?: number;
  TargetMaps?: Record<string, string[]>[];
  AlarmConfiguration?: { IgnorePollAlarmFailure?: boolean; Alarms: { Name: string }[] };
  AssociationDispatchAssumeRole?: string;
}

export interface StoredAssociationVersion {
  account: string;
  region: string;
  associationId: string;
  version: number;
  createdMs: number;
  config: AssociationConfig;
}

export interface AssociationOverview {
  status: string;
  detailedStatus: string;
  counts: Record<string, number>;
}

export interface StoredAssociation {
  account: string;
  region: string;
  associationId: string;
  /** The latest version (AssociationVersion). */
  version: number;
  config: AssociationConfig;
  /** 'Command' or 'Automation': how a run reaches its targets. */
  documentType: string;
  createdMs: number;
  updatedMs: number;
  /** Legacy (InstanceId) associations only: AssociationDescription.Status. */
  status?: { dateMs: number; name: string; message: string; additionalInfo?: string };
  overview: AssociationOverview;
  lastExecutionMs?: number;
  lastSuccessfulExecutionMs?: number;
  /** When the schedule started (creation or the last update): rate() counts from it. */
  scheduleFromMs: number;
  /** The next scheduled run on the emulator clock; undefined when none is due. */
  nextMs?: number;
}

/** What ListAssociations filters on in SQL. */
export interface AssociationQuery {
  name?: string;
  instanceId?: string;
  associationId?: string;
  associationName?: string;
  overviewStatus?: string;
  /** last_execution_ms < before, > after (epoch ms) */
  lastExecutedBefore?: number;
  lastExecutedAfter?: number;
  /** Associations whose targets name this resource group. */
  resourceGroupName?: string;
}

interface Row {
  data_json: string;
}

type PageKey = [number, string];

export class AssociationsRepository {
  private readonly putStmt: BetterSqlite3.Statement;
  private readonly getStmt: BetterSqlite3.Statement<[string, string, string], Row>;
  private readonly deleteStmt: BetterSqlite3.Statement;
  private readonly putVersionStmt: BetterSqlite3.Statement;
  private readonly getVersionStmt: BetterSqlite3.Statement<[string, string, string, number], Row>;
  private readonly deleteVersionsStmt: BetterSqlite3.Statement;
  private readonly byInstanceStmt: BetterSqlite3.Statement<[string, string, string, string], Row>;
  private readonly earliestStmt: BetterSqlite3.Statement<[], { at: number | null }>;
  private readonly dueStmt: BetterSqlite3.Statement<[number], Row>;
  private readonly countStmt: BetterSqlite3.Statement<[string, string], { n: number }>;
  private readonly everyStmt: BetterSqlite3.Statement<[], Row>;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {
    this.putStmt = db.prepare(
      `INSERT INTO associations (account_id, region, association_id, name, instance_id, association_name,
         overview_status, created_ms, last_execution_ms, next_ms, data_json)
       VALUES (@account, @region, @associationId, @name, @instanceId, @associationName, @overviewStatus,
         @createdMs, @lastExecutionMs, @nextMs, @data)
       ON CONFLICT (account_id, region, association_id) DO UPDATE SET
         name = excluded.name, instance_id = excluded.instance_id, association_name = excluded.association_name,
         overview_status = excluded.overview_status, last_execution_ms = excluded.last_execution_ms,
         next_ms = excluded.next_ms, data_json = excluded.data_json`,
    );
    this.getStmt = db.prepare(
      'SELECT data_json FROM associations WHERE account_id = ? AND region = ? AND association_id = ?',
    );
    this.deleteStmt = db.prepare(
      'DELETE FROM associations WHERE account_id = ? AND region = ? AND association_id = ?',
    );
    this.putVersionStmt = db.prepare(
      `INSERT INTO association_versions (account_id, region, association_id, version, data_json)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.getVersionStmt = db.prepare(
      'SELECT data_json FROM association_versions WHERE account_id = ? AND region = ? AND association_id = ? AND version = ?',
    );
    this.deleteVersionsStmt = db.prepare(
      'DELETE FROM association_versions WHERE account_id = ? AND region = ? AND association_id = ?',
    );
    this.byInstanceStmt = db.prepare(
      'SELECT data_json FROM associations WHERE account_id = ? AND region = ? AND instance_id = ? AND name = ?',
    );
    this.earliestStmt = db.prepare('SELECT MIN(next_ms) AS at FROM associations WHERE next_ms IS NOT NULL');
    this.dueStmt = db.prepare(
      'SELECT data_json FROM associations WHERE next_ms IS NOT NULL AND next_ms <= ? ORDER BY next_ms, created_ms',
    );
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM associations WHERE account_id = ? AND region = ?');
    this.everyStmt = db.prepare('SELECT data_json FROM associations');
  }

  put(a: StoredAssociation): void {
    this.putStmt.run({
      account: a.account,
      region: a.region,
      associationId: a.associationId,
      name: a.config.Name,
      instanceId: a.config.InstanceId ?? null,
      associationName: a.config.AssociationName ?? null,
      overviewStatus: a.overview.status,
      createdMs: a.createdMs,
      lastExecutionMs: a.lastExecutionMs ?? null,
      nextMs: a.nextMs ?? null,
      data: JSON.stringify(a),
    });
  }

  get(account: string, region: string, associationId: string): StoredAssociation | undefined {
    const r = this.getStmt.get(account, region, associationId);
    return r ? (JSON.parse(r.data_json) as StoredAssociation) : undefined;
  }

  /** The legacy association of a document on one node (Name + InstanceId identify it). */
  byInstance(
    account: string,
    region: string,
    instanceId: string,
    name: string,
  ): StoredAssociation | undefined {
    const r = this.byInstanceStmt.get(account, region, instanceId, name);
    return r ? (JSON.parse(r.data_json) as StoredAssociation) : undefined;
  }

  count(account: string, region: string): number {
    return this.countStmt.get(account, region)!.n;
  }

  /** Deletes the association, its versions and its run history. */
  delete(account: string, region: string, associationId: string): void {
    this.deleteStmt.run(account, region, associationId);
    this.deleteVersionsStmt.run(account, region, associationId);
    for (const table of [
      'association_executions',
      'association_execution_targets',
      'instance_association_status',
    ])
      this.stmt(`DELETE FROM ${table} WHERE account_id = ? AND region = ? AND association_id = ?`).run(
        account,
        region,
        associationId,
      );
  }

  putVersion(v: StoredAssociationVersion): void {
    this.putVersionStmt.run(v.account, v.region, v.associationId, v.version, JSON.stringify(v));
  }

  getVersion(
    account: string,
    region: string,
    associationId: string,
    version: number,
  ): StoredAssociationVersion | undefined {
    const r = this.getVersionStmt.get(account, region, associationId, version);
    return r ? (JSON.parse(r.data_json) as StoredAssociationVersion) : undefined;
  }

  /** Oldest version first; keyset on the version number. */
  listVersions(
    account: string,
    region: string,
    associationId: string,
    pageSize: number,
    token?: string,
  ): Page<StoredAssociationVersion> | undefined {
    const after = token === undefined ? 0 : decodeToken<number>(token);
    if (typeof after !== 'number') return undefined;
    const rows = this.stmt(
      `SELECT data_json FROM association_versions WHERE account_id = ? AND region = ? AND association_id = ?
       AND version > ? ORDER BY version LIMIT ?`,
    ).all(account, region, associationId, after, pageSize + 1) as Row[];
    return toPage(
      rows.map((r) => JSON.parse(r.data_json) as StoredAssociationVersion),
      pageSize,
      (v) => v.version,
    );
  }

  /** Oldest first (keyset on created_ms, association_id), as AWS lists them. */
  list(
    account: string,
    region: string,
    q: AssociationQuery,
    pageSize: number,
    token?: string,
  ): Page<StoredAssociation> | undefined {
    const after = token === undefined ? undefined : decodeToken<PageKey>(token);
    if (token !== undefined && !isKey(after)) return undefined;
    const args: unknown[] = [account, region];
    let sql = 'SELECT data_json FROM associations WHERE account_id = ? AND region = ?';
    const eq: [keyof AssociationQuery, string][] = [
      ['name', 'name'],
      ['instanceId', 'instance_id'],
      ['associationId', 'association_id'],
      ['associationName', 'association_name'],
      ['overviewStatus', 'overview_status'],
    ];
    for (const [k, col] of eq) {
      if (q[k] === undefined) continue;
      sql += ` AND ${col} = ?`;
      args.push(q[k]);
    }
    if (q.lastExecutedBefore !== undefined) {
      sql += ' AND last_execution_ms < ?';
      args.push(q.lastExecutedBefore);
    }
    if (q.lastExecutedAfter !== undefined) {
      sql += ' AND last_execution_ms > ?';
      args.push(q.lastExecutedAfter);
    }
    if (q.resourceGroupName !== undefined) {
      sql += ` AND EXISTS (SELECT 1 FROM json_each(data_json, '$.config.Targets') t, json_each(t.value, '$.Values') v
        WHERE json_extract(t.value, '$.Key') IN ('resource-groups:Name', 'ResourceGroup') AND v.value = ?)`;
      args.push(q.resourceGroupName);
    }
    if (after) {
      sql += ' AND (created_ms > ? OR (created_ms = ? AND association_id > ?))';
      args.push(after[0], after[0], after[1]);
    }
    sql += ' ORDER BY created_ms, association_id LIMIT ?';
    args.push(pageSize + 1);
    const rows = this.stmt(sql).all(...args) as Row[];
    return toPage(
      rows.map((r) => JSON.parse(r.data_json) as StoredAssociation),
      pageSize,
      (a): PageKey => [a.createdMs, a.associationId],
    );
  }

  /** Every association of a scope, in creation order (new-node matching; a scope holds at most a few thousand). */
  all(account: string, region: string): StoredAssociation[] {
    return (
      this.stmt(
        'SELECT data_json FROM associations WHERE account_id = ? AND region = ? ORDER BY created_ms, association_id',
      ).all(account, region) as Row[]
    ).map((r) => JSON.parse(r.data_json) as StoredAssociation);
  }

  /** Every association of every scope (start-up: the schedule moves past runs missed while stopped). */
  everyAssociation(): StoredAssociation[] {
    return this.everyStmt.all().map((r) => JSON.parse(r.data_json) as StoredAssociation);
  }

  /** The earliest next run of any association (the scheduler's one timer). */
  earliestNextMs(): number | undefined {
    return this.earliestStmt.get()!.at ?? undefined;
  }

  /** Associations whose next run is due at or before atMs, earliest first. */
  due(atMs: number): StoredAssociation[] {
    return this.dueStmt.all(atMs).map((r) => JSON.parse(r.data_json) as StoredAssociation);
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
}

function isKey(k: unknown): k is PageKey {
  return Array.isArray(k) && k.length === 2 && typeof k[0] === 'number' && typeof k[1] === 'string';
}
