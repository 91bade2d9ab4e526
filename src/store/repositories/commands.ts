// Run Command: commands and their invocations. Rows carry the API view as JSON plus the columns lists seek on.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';
import { decodeToken, toPage, type Page } from '../pagination.js';
import type {
  CommandInvocationStatus,
  CommandPluginStatus,
  CommandStatus,
} from '../../model/generated/types.js';

export interface TargetSpec {
  Key: string;
  Values: string[];
}

export interface StoredCommand {
  account: string;
  region: string;
  commandId: string;
  documentName: string;
  /** As the caller gave it ('' when absent, as AWS echoes it). */
  documentVersion: string;
  comment: string;
  requestedMs: number;
  expiresAfterMs: number;
  /** What the caller supplied (AWS echoes these, not the defaults). */
  parameters: Record<string, string[]>;
  instanceIds: string[];
  targets: TargetSpec[];
  status: CommandStatus;
  statusDetails: string;
  outputS3Region: string;
  outputS3BucketName: string;
  outputS3KeyPrefix: string;
  maxConcurrency: string;
  maxErrors: string;
  targetCount: number;
  completedCount: number;
  errorCount: number;
  deliveryTimedOutCount: number;
  serviceRole: string;
  notificationConfig: { NotificationArn: string; NotificationEvents: string[]; NotificationType: string };
  cloudWatchOutputConfig: { CloudWatchLogGroupName: string; CloudWatchOutputEnabled: boolean };
  timeoutSeconds: number;
  alarmConfiguration?: { IgnorePollAlarmFailure?: boolean; Alarms: { Name: string }[] };
}

export interface StoredPlugin {
  name: string;
  status: CommandPluginStatus;
  statusDetails: string;
  responseCode: number;
  startMs?: number;
  endMs?: number;
  stdout: string;
  stderr: string;
  /** Key prefix of this plugin's output in the bucket (AWS: commandId/instanceId/awsrunShellScript). */
  outputS3KeyPrefix: string;
  standardOutputUrl: string;
  standardErrorUrl: string;
}

export interface StoredInvocation {
  account: string;
  region: string;
  commandId: string;
  instanceId: string;
  instanceName: string;
  documentName: string;
  documentVersion: string;
  comment: string;
  requestedMs: number;
  status: CommandInvocationStatus;
  statusDetails: string;
  plugins: StoredPlugin[];
  startMs?: number;
  endMs?: number;
}

/** What ListCommands / ListCommandInvocations filter on (handlers map API filters onto it). */
export interface CommandQuery {
  commandId?: string;
  instanceId?: string;
  statuses?: string[];
  documentName?: string;
  /** requested_ms >= after, <= before */
  afterMs?: number;
  beforeMs?: number;
}

interface DataRow {
  data_json: string;
}

type CommandKey = [number, string];
type InvocationKey = [number, string, string];

export class CommandsRepository {
  private readonly putCommandStmt: BetterSqlite3.Statement;
  private readonly putInvocationStmt: BetterSqlite3.Statement;
  private readonly getCommandStmt: BetterSqlite3.Statement<[string, string, string], DataRow>;
  private readonly getInvocationStmt: BetterSqlite3.Statement<[string, string, string, string], DataRow>;
  private readonly countInvocationsStmt: BetterSqlite3.Statement<[string, string, string], { n: number }>;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {
    this.putCommandStmt = db.prepare(
      `INSERT OR REPLACE INTO commands (account_id, region, command_id, requested_ms, status, document_name, data_json)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.putInvocationStmt = db.prepare(
      `INSERT OR REPLACE INTO command_invocations
       (account_id, region, command_id, instance_id, requested_ms, status, document_name, data_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getCommandStmt = db.prepare(
      'SELECT data_json FROM commands WHERE account_id = ? AND region = ? AND command_id = ?',
    );
    this.getInvocationStmt = db.prepare(
      'SELECT data_json FROM command_invocations WHERE account_id = ? AND region = ? AND command_id = ? AND instance_id = ?',
    );
    this.countInvocationsStmt = db.prepare(
      'SELECT COUNT(*) AS n FROM command_invocations WHERE account_id = ? AND region = ? AND command_id = ?',
    );
  }

  putCommand(c: StoredCommand): void {
    this.putCommandStmt.run(
      c.account,
      c.region,
      c.commandId,
      c.requestedMs,
      c.status,
      c.documentName,
      JSON.stringify(c),
    );
  }

  putInvocation(i: StoredInvocation): void {
    this.putInvocationStmt.run(
      i.account,
      i.region,
      i.commandId,
      i.instanceId,
      i.requestedMs,
      i.status,
      i.documentName,
      JSON.stringify(i),
    );
  }

  getCommand(account: string, region: string, commandId: string): StoredCommand | undefined {
    const r = this.getCommandStmt.get(account, region, commandId);
    return r ? (JSON.parse(r.data_json) as StoredCommand) : undefined;
  }

  getInvocation(
    account: string,
    region: string,
    commandId: string,
    instanceId: string,
  ): StoredInvocation | undefined {
    const r = this.getInvocationStmt.get(account, region, commandId, instanceId);
    return r ? (JSON.parse(r.data_json) as StoredInvocation) : undefined;
  }

  countInvocations(account: string, region: string, commandId: string): number {
    return this.countInvocationsStmt.get(account, region, commandId)!.n;
  }

  /** Newest first; keyset on (requested_ms DESC, command_id). With instanceId, commands that ran on that node. */
  listCommands(
    account: string,
    region: string,
    q: CommandQuery,
    pageSize: number,
    token?: string,
  ): Page<StoredCommand> | undefined {
    const after = token === undefined ? undefined : decodeToken<CommandKey>(token);
    if (token !== undefined && !isKey(after, 2)) return undefined;
    const args: unknown[] = [];
    let sql: string;
    if (q.instanceId !== undefined) {
      sql = `SELECT c.data_json, c.requested_ms, c.command_id FROM command_invocations i JOIN commands c
             ON c.account_id = i.account_id AND c.region = i.region AND c.command_id = i.command_id
             WHERE i.account_id = ? AND i.region = ? AND i.instance_id = ?`;
      args.push(account, region, q.instanceId);
    } else {
      sql =
        'SELECT c.data_json, c.requested_ms, c.command_id FROM commands c WHERE c.account_id = ? AND c.region = ?';
      args.push(account, region);
    }
    sql += this.where('c', q, args);
    if (after) {
      sql += ' AND (c.requested_ms < ? OR (c.requested_ms = ? AND c.command_id > ?))';
      args.push(after[0], after[0], after[1]);
    }
    sql += ' ORDER BY c.requested_ms DESC, c.command_id LIMIT ?';
    args.push(pageSize + 1);
    const rows = this.stmt(sql).all(...args) as DataRow[];
    return toPage(
      rows.map((r) => JSON.parse(r.data_json) as StoredCommand),
      pageSize,
      (c): CommandKey => [c.requestedMs, c.commandId],
    );
  }

  /** Newest first, then command id, then instance id. */
  listInvocations(
    account: string,
    region: string,
    q: CommandQuery,
    pageSize: number,
    token?: string,
  ): Page<StoredInvocation> | undefined {
    const after = token === undefined ? undefined : decodeToken<InvocationKey>(token);
    if (token !== undefined && !isKey(after, 3)) return undefined;
    const args: unknown[] = [account, region];
    let sql = 'SELECT i.data_json FROM command_invocations i WHERE i.account_id = ? AND i.region = ?';
    if (q.instanceId !== undefined) {
      sql += ' AND i.instance_id = ?';
      args.push(q.instanceId);
    }
    sql += this.where('i', q, args);
    if (after) {
      sql +=
        ' AND (i.requested_ms < ? OR (i.requested_ms = ? AND (i.command_id > ? OR (i.command_id = ? AND i.instance_id > ?))))';
      args.push(after[0], after[0], after[1], after[1], after[2]);
    }
    sql += ' ORDER BY i.requested_ms DESC, i.command_id, i.instance_id LIMIT ?';
    args.push(pageSize + 1);
    const rows = this.stmt(sql).all(...args) as DataRow[];
    return toPage(
      rows.map((r) => JSON.parse(r.data_json) as StoredInvocation),
      pageSize,
      (i): InvocationKey => [i.requestedMs, i.commandId, i.instanceId],
    );
  }

  private where(alias: string, q: CommandQuery, args: unknown[]): string {
    let sql = '';
    if (q.commandId !== undefined) {
      sql += ` AND ${alias}.command_id = ?`;
      args.push(q.commandId);
    }
    if (q.statuses) {
      sql += ` AND ${alias}.status IN (${q.statuses.map(() => '?').join(', ') || "''"})`;
      args.push(...q.statuses);
    }
    if (q.documentName !== undefined) {
      sql += ` AND ${alias}.document_name = ?`;
      args.push(q.documentName);
    }
    if (q.afterMs !== undefined) {
      sql += ` AND ${alias}.requested_ms >= ?`;
      args.push(q.afterMs);
    }
    if (q.beforeMs !== undefined) {
      sql += ` AND ${alias}.requested_ms <= ?`;
      args.push(q.beforeMs);
    }
    return sql;
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.cache.size > 200) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }
}

function isKey(k: unknown, n: number): boolean {
  return Array.isArray(k) && k.length === n && typeof k[0] === 'number';
}
