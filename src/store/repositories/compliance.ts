// Compliance: the items of each (resource, compliance type) and one summary row per pair, shared by State
// Manager (Association), Patch Manager (Patch) and PutComplianceItems (Custom: types). Lists are keyset pages.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';
import { decodeToken, toPage, type Page } from '../pagination.js';

export interface ComplianceExecution {
  executionMs: number;
  executionId?: string;
  executionType?: string;
}

export interface StoredComplianceItem {
  account: string;
  region: string;
  resourceType: string;
  resourceId: string;
  complianceType: string;
  /** The item's Id, or its position when it has none (items without an Id are kept apart). */
  itemKey: string;
  id?: string;
  title?: string;
  status: string;
  severity: string;
  execution: ComplianceExecution;
  details?: Record<string, string>;
}

/** Counts per severity (SeveritySummary), keyed by the API's severity names. */
export type SeverityCounts = Record<string, number>;

export interface StoredComplianceSummary {
  account: string;
  region: string;
  resourceType: string;
  resourceId: string;
  complianceType: string;
  status: string;
  overallSeverity: string;
  execution: ComplianceExecution;
  /** ItemContentHash of the last PutComplianceItems ('' when none was given). */
  contentHash: string;
  compliant: SeverityCounts;
  nonCompliant: SeverityCounts;
}

export type ItemColumn =
  | 'resource_id'
  | 'resource_type'
  | 'compliance_type'
  | 'item_id'
  | 'title'
  | 'status'
  | 'severity'
  | 'execution_id'
  | 'execution_type';

export type SummaryColumn =
  | 'resource_id'
  | 'resource_type'
  | 'compliance_type'
  | 'status'
  | 'overall_severity'
  | 'execution_id'
  | 'execution_type';

/** One filter: its values are alternatives (NOT_EQUAL: none of them). */
export interface ColumnCondition<C extends string> {
  column: C;
  op: 'EQUAL' | 'NOT_EQUAL' | 'BEGIN_WITH' | 'LESS_THAN' | 'GREATER_THAN';
  values: string[];
}

interface Row {
  data_json: string;
}

/** An item row: its columns, and in data_json only what they do not hold (Patch Manager writes tens of thousands). */
interface ItemRow {
  account_id: string;
  region: string;
  resource_type: string;
  resource_id: string;
  compliance_type: string;
  item_key: string;
  item_id: string;
  title: string;
  status: string;
  severity: string;
  execution_id: string;
  execution_type: string;
  execution_ms: number;
  data_json: string;
}

const ITEM_COLUMNS = `account_id, region, resource_type, resource_id, compliance_type, item_key, item_id, title, status,
  severity, execution_id, execution_type, execution_ms, data_json`;

/** What data_json keeps of an item: its details, and which of the optional members were given. */
interface ItemExtra {
  /** Details. */
  d?: Record<string, string>;
  /** Which of Id, Title, ExecutionId, ExecutionType were given (their columns hold '' when absent). */
  g: [boolean, boolean, boolean, boolean];
}

function itemFromRow(r: ItemRow): StoredComplianceItem {
  const extra = JSON.parse(r.data_json) as ItemExtra | StoredComplianceItem;
  if ('account' in extra) return extra; // a row written before the columns held the item
  const [id, title, exId, exType] = extra.g;
  const item: StoredComplianceItem = {
    account: r.account_id,
    region: r.region,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    complianceType: r.compliance_type,
    itemKey: r.item_key,
    status: r.status,
    severity: r.severity,
    execution: { executionMs: r.execution_ms },
  };
  if (id) item.id = r.item_id;
  if (title) item.title = r.title;
  if (exId) item.execution.executionId = r.execution_id;
  if (exType) item.execution.executionType = r.execution_type;
  if (extra.d) item.details = extra.d;
  return item;
}

type ItemKey = [string, string, string];
type SummaryKey = [string, string];

export class ComplianceRepository {
  private readonly putItemStmt: BetterSqlite3.Statement;
  private readonly itemsStmt: BetterSqlite3.Statement<[string, string, string, string], ItemRow>;
  private readonly deleteItemsStmt: BetterSqlite3.Statement;
  private readonly deleteItemStmt: BetterSqlite3.Statement;
  private readonly putSummaryStmt: BetterSqlite3.Statement;
  private readonly getSummaryStmt: BetterSqlite3.Statement<[string, string, string, string], Row>;
  private readonly deleteSummaryStmt: BetterSqlite3.Statement;
  private readonly typesStmt: BetterSqlite3.Statement<[string, string, string], { compliance_type: string }>;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {
    this.putItemStmt = db.prepare(
      `INSERT INTO compliance_items (account_id, region, resource_type, resource_id, compliance_type, item_key,
         item_id, title, status, severity, execution_id, execution_type, execution_ms, data_json)
       VALUES (@account, @region, @resourceType, @resourceId, @complianceType, @itemKey, @itemId, @title,
         @status, @severity, @executionId, @executionType, @executionMs, @data)
       ON CONFLICT (account_id, region, resource_id, compliance_type, item_key) DO UPDATE SET
         resource_type = excluded.resource_type, item_id = excluded.item_id, title = excluded.title,
         status = excluded.status, severity = excluded.severity, execution_id = excluded.execution_id,
         execution_type = excluded.execution_type, execution_ms = excluded.execution_ms,
         data_json = excluded.data_json`,
    );
    this.itemsStmt = db.prepare(
      `SELECT ${ITEM_COLUMNS} FROM compliance_items WHERE account_id = ? AND region = ? AND resource_id = ?
       AND compliance_type = ? ORDER BY item_key`,
    );
    this.deleteItemsStmt = db.prepare(
      'DELETE FROM compliance_items WHERE account_id = ? AND region = ? AND resource_id = ? AND compliance_type = ?',
    );
    this.deleteItemStmt = db.prepare(
      `DELETE FROM compliance_items WHERE account_id = ? AND region = ? AND resource_id = ? AND compliance_type = ?
       AND item_key = ?`,
    );
    this.putSummaryStmt = db.prepare(
      `INSERT INTO compliance_summaries (account_id, region, resource_type, resource_id, compliance_type, status,
         overall_severity, execution_id, execution_type, execution_ms, content_hash, data_json)
       VALUES (@account, @region, @resourceType, @resourceId, @complianceType, @status, @overallSeverity,
         @executionId, @executionType, @executionMs, @contentHash, @data)
       ON CONFLICT (account_id, region, resource_id, compliance_type) DO UPDATE SET
         resource_type = excluded.resource_type, status = excluded.status,
         overall_severity = excluded.overall_severity, execution_id = excluded.execution_id,
         execution_type = excluded.execution_type, execution_ms = excluded.execution_ms,
         content_hash = excluded.content_hash, data_json = excluded.data_json`,
    );
    this.getSummaryStmt = db.prepare(
      `SELECT data_json FROM compliance_summaries WHERE account_id = ? AND region = ? AND resource_id = ?
       AND compliance_type = ?`,
    );
    this.deleteSummaryStmt = db.prepare(
      'DELETE FROM compliance_summaries WHERE account_id = ? AND region = ? AND resource_id = ? AND compliance_type = ?',
    );
    this.typesStmt = db.prepare(
      'SELECT compliance_type FROM compliance_summaries WHERE account_id = ? AND region = ? AND resource_id = ?',
    );
  }

  /** Every item of one resource and compliance type. */
  items(account: string, region: string, resourceId: string, complianceType: string): StoredComplianceItem[] {
    return this.itemsStmt.all(account, region, resourceId, complianceType).map(itemFromRow);
  }

  putItem(i: StoredComplianceItem): void {
    this.putItemStmt.run({
      account: i.account,
      region: i.region,
      resourceType: i.resourceType,
      resourceId: i.resourceId,
      complianceType: i.complianceType,
      itemKey: i.itemKey,
      itemId: i.id ?? '',
      title: i.title ?? '',
      status: i.status,
      severity: i.severity,
      executionId: i.execution.executionId ?? '',
      executionType: i.execution.executionType ?? '',
      executionMs: i.execution.executionMs,
      data: JSON.stringify({
        ...(i.details ? { d: i.details } : {}),
        g: [
          i.id !== undefined,
          i.title !== undefined,
          i.execution.executionId !== undefined,
          i.execution.executionType !== undefined,
        ],
      } satisfies ItemExtra),
    });
  }

  deleteItems(account: string, region: string, resourceId: string, complianceType: string): void {
    this.deleteItemsStmt.run(account, region, resourceId, complianceType);
  }

  deleteItem(
    account: string,
    region: string,
    resourceId: string,
    complianceType: string,
    itemKey: string,
  ): void {
    this.deleteItemStmt.run(account, region, resourceId, complianceType, itemKey);
  }

  getSummary(
    account: string,
    region: string,
    resourceId: string,
    complianceType: string,
  ): StoredComplianceSummary | undefined {
    const r = this.getSummaryStmt.get(account, region, resourceId, complianceType);
    return r ? (JSON.parse(r.data_json) as StoredComplianceSummary) : undefined;
  }

  putSummary(s: StoredComplianceSummary): void {
    this.putSummaryStmt.run({
      account: s.account,
      region: s.region,
      resourceType: s.resourceType,
      resourceId: s.resourceId,
      complianceType: s.complianceType,
      status: s.status,
      overallSeverity: s.overallSeverity,
      executionId: s.execution.executionId ?? '',
      executionType: s.execution.executionType ?? '',
      executionMs: s.execution.executionMs,
      contentHash: s.contentHash,
      data: JSON.stringify(s),
    });
  }

  deleteSummary(account: string, region: string, resourceId: string, complianceType: string): void {
    this.deleteSummaryStmt.run(account, region, resourceId, complianceType);
  }

  /** The compliance types a resource has items (or a summary) of. */
  typesOf(account: string, region: string, resourceId: string): string[] {
    return this.typesStmt.all(account, region, resourceId).map((r) => r.compliance_type);
  }

  /** Keyset on (resource_id, compliance_type, item_key). */
  listItems(
    account: string,
    region: string,
    conditions: ColumnCondition<ItemColumn>[],
    pageSize: number,
    token?: string,
  ): Page<StoredComplianceItem> | undefined {
    const after = token === undefined ? undefined : decodeToken<ItemKey>(token);
    if (token !== undefined && !isStrings(after, 3)) return undefined;
    const args: unknown[] = [account, region];
    let sql = `SELECT ${ITEM_COLUMNS} FROM compliance_items WHERE account_id = ? AND region = ?`;
    sql += whereOf(conditions, args);
    if (after) {
      sql +=
        ' AND (resource_id > ? OR (resource_id = ? AND (compliance_type > ? OR (compliance_type = ? AND item_key > ?))))';
      args.push(after[0], after[0], after[1], after[1], after[2]);
    }
    sql += ' ORDER BY resource_id, compliance_type, item_key LIMIT ?';
    args.push(pageSize + 1);
    const rows = this.stmt(sql).all(...args) as ItemRow[];
    return toPage(
      rows.map(itemFromRow),
      pageSize,
      (i): ItemKey => [i.resourceId, i.complianceType, i.itemKey],
    );
  }

  /** Keyset on (resource_id, compliance_type). */
  listSummaries(
    account: string,
    region: string,
    conditions: ColumnCondition<SummaryColumn>[],
    pageSize: number,
    token?: string,
  ): Page<StoredComplianceSummary> | undefined {
    const after = token === undefined ? undefined : decodeToken<SummaryKey>(token);
    if (token !== undefined && !isStrings(after, 2)) return undefined;
    const args: unknown[] = [account, region];
    let sql = 'SELECT data_json FROM compliance_summaries WHERE account_id = ? AND region = ?';
    sql += whereOf(conditions, args);
    if (after) {
      sql += ' AND (resource_id > ? OR (resource_id = ? AND compliance_type > ?))';
      args.push(after[0], after[0], after[1]);
    }
    sql += ' ORDER BY resource_id, compliance_type LIMIT ?';
    args.push(pageSize + 1);
    const rows = this.stmt(sql).all(...args) as Row[];
    return toPage(
      rows.map((r) => JSON.parse(r.data_json) as StoredComplianceSummary),
      pageSize,
      (s): SummaryKey => [s.resourceId, s.complianceType],
    );
  }

  /** Resources per (compliance type, status, overall severity): what ListComplianceSummaries adds up. */
  countByType(
    account: string,
    region: string,
    conditions: ColumnCondition<SummaryColumn>[],
  ): { complianceType: string; status: string; severity: string; n: number }[] {
    const args: unknown[] = [account, region];
    const sql = `SELECT compliance_type, status, overall_severity, COUNT(*) AS n FROM compliance_summaries
      WHERE account_id = ? AND region = ?${whereOf(conditions, args)}
      GROUP BY compliance_type, status, overall_severity ORDER BY compliance_type`;
    return (
      this.stmt(sql).all(...args) as {
        compliance_type: string;
        status: string;
        overall_severity: string;
        n: number;
      }[]
    ).map((r) => ({
      complianceType: r.compliance_type,
      status: r.status,
      severity: r.overall_severity,
      n: r.n,
    }));
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
}

function whereOf(conditions: ColumnCondition<string>[], args: unknown[]): string {
  let sql = '';
  for (const c of conditions) {
    switch (c.op) {
      case 'EQUAL':
        sql += ` AND ${c.column} IN (${c.values.map(() => '?').join(', ')})`;
        args.push(...c.values);
        break;
      case 'NOT_EQUAL':
        sql += ` AND ${c.column} NOT IN (${c.values.map(() => '?').join(', ')})`;
        args.push(...c.values);
        break;
      case 'BEGIN_WITH':
        sql += ` AND (${c.values.map(() => `substr(${c.column}, 1, ?) = ?`).join(' OR ')})`;
        for (const v of c.values) args.push(v.length, v);
        break;
      case 'LESS_THAN':
        sql += ` AND ${c.column} < ?`;
        args.push(c.values[0]);
        break;
      case 'GREATER_THAN':
        sql += ` AND ${c.column} > ?`;
        args.push(c.values[0]);
        break;
    }
  }
  return sql;
}

function isStrings(k: unknown, n: number): k is string[] {
  return Array.isArray(k) && k.length === n && k.every((x) => typeof x === 'string');
}
