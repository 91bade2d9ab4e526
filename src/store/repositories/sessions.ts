// Session Manager sessions: one row per session; DescribeSessions reads one state newest first, paged by
// keyset on (start_ms, session_id) so a page costs O(page).
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';
import { decodeToken, toPage, type Page } from '../pagination.js';
import type { SessionStatus } from '../../model/generated/types.js';

export type { SessionStatus };

export interface StoredSession {
  account: string;
  region: string;
  sessionId: string;
  target: string;
  status: SessionStatus;
  startMs: number;
  endMs?: number;
  documentName: string;
  owner: string;
  reason?: string;
  details?: string;
  s3OutputUrl?: string;
  cloudWatchOutputUrl?: string;
  maxSessionDuration?: string;
  accessType: 'Standard' | 'JustInTime';
}

export interface SessionQuery {
  history: boolean;
  target?: string;
  owner?: string;
  status?: string;
  sessionId?: string;
  accessType?: string;
  /** InvokedAfter / InvokedBefore bounds on the start date, epoch ms, inclusive. */
  startedFrom?: number;
  startedTo?: number;
}

interface Row {
  account_id: string;
  region: string;
  session_id: string;
  target: string;
  status: string;
  history: number;
  start_ms: number;
  end_ms: number | null;
  document_name: string;
  owner: string;
  reason: string | null;
  details: string | null;
  s3_output_url: string | null;
  cloudwatch_output_url: string | null;
  max_session_duration: string | null;
  access_type: string;
}

const HISTORY_STATUSES: SessionStatus[] = ['Terminated', 'Failed'];

export function isHistoryStatus(s: SessionStatus): boolean {
  return HISTORY_STATUSES.includes(s);
}

const toSession = (r: Row): StoredSession => ({
  account: r.account_id,
  region: r.region,
  sessionId: r.session_id,
  target: r.target,
  status: r.status as SessionStatus,
  startMs: r.start_ms,
  endMs: r.end_ms ?? undefined,
  documentName: r.document_name,
  owner: r.owner,
  reason: r.reason ?? undefined,
  details: r.details ?? undefined,
  s3OutputUrl: r.s3_output_url ?? undefined,
  cloudWatchOutputUrl: r.cloudwatch_output_url ?? undefined,
  maxSessionDuration: r.max_session_duration ?? undefined,
  accessType: r.access_type as StoredSession['accessType'],
});

const toParams = (s: StoredSession) => ({
  account_id: s.account,
  region: s.region,
  session_id: s.sessionId,
  target: s.target,
  status: s.status,
  history: isHistoryStatus(s.status) ? 1 : 0,
  start_ms: s.startMs,
  end_ms: s.endMs ?? null,
  document_name: s.documentName,
  owner: s.owner,
  reason: s.reason ?? null,
  details: s.details ?? null,
  s3_output_url: s.s3OutputUrl ?? null,
  cloudwatch_output_url: s.cloudWatchOutputUrl ?? null,
  max_session_duration: s.maxSessionDuration ?? null,
  access_type: s.accessType,
});

type Key = [number, string];

export class SessionsRepository {
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly activeStmt;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[string, string, string], Row>(
      'SELECT * FROM sessions WHERE account_id = ? AND region = ? AND session_id = ?',
    );
    this.insertStmt = db.prepare(
      `INSERT INTO sessions (account_id, region, session_id, target, status, history, start_ms, end_ms, document_name,
         owner, reason, details, s3_output_url, cloudwatch_output_url, max_session_duration, access_type)
       VALUES (@account_id, @region, @session_id, @target, @status, @history, @start_ms, @end_ms, @document_name,
         @owner, @reason, @details, @s3_output_url, @cloudwatch_output_url, @max_session_duration, @access_type)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE sessions SET status = @status, history = @history, end_ms = @end_ms, details = @details
       WHERE account_id = @account_id AND region = @region AND session_id = @session_id`,
    );
    this.activeStmt = db.prepare<[], Row>('SELECT * FROM sessions WHERE history = 0');
  }

  get(account: string, region: string, sessionId: string): StoredSession | undefined {
    const r = this.getStmt.get(account, region, sessionId);
    return r && toSession(r);
  }

  insert(s: StoredSession): void {
    this.insertStmt.run(toParams(s));
  }

  /** Status, end date and details change over a session's life; the rest is fixed at StartSession. */
  update(s: StoredSession): void {
    this.updateStmt.run(toParams(s));
  }

  /** Sessions left active by an earlier run of the emulator (every account): they end at start-up. */
  allActive(): StoredSession[] {
    return this.activeStmt.all().map(toSession);
  }

  list(account: string, region: string, q: SessionQuery, pageSize: number, after?: Key): Page<StoredSession> {
    const where = ['account_id = ?', 'region = ?', 'history = ?'];
    const args: unknown[] = [account, region, q.history ? 1 : 0];
    const eq = (column: string, v: string | undefined) => {
      if (v === undefined) return;
      where.push(`${column} = ?`);
      args.push(v);
    };
    eq('target', q.target);
    eq('owner', q.owner);
    eq('status', q.status);
    eq('session_id', q.sessionId);
    eq('access_type', q.accessType);
    if (q.startedFrom !== undefined) {
      where.push('start_ms >= ?');
      args.push(q.startedFrom);
    }
    if (q.startedTo !== undefined) {
      where.push('start_ms <= ?');
      args.push(q.startedTo);
    }
    if (after) {
      where.push('(start_ms, session_id) < (?, ?)');
      args.push(after[0], after[1]);
    }
    const sql = `SELECT * FROM sessions WHERE ${where.join(' AND ')} ORDER BY start_ms DESC, session_id DESC LIMIT ?`;
    const rows = this.stmt(sql).all(...args, pageSize + 1) as Row[];
    return toPage(rows.map(toSession), pageSize, (s): Key => [s.startMs, s.sessionId]);
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** The key a DescribeSessions NextToken carries, or null when the token is not one of ours. */
export function sessionPageKey(token: string | undefined): Key | undefined | null {
  if (token === undefined) return undefined;
  const k = decodeToken<unknown>(token);
  return Array.isArray(k) && k.length === 2 && typeof k[0] === 'number' && typeof k[1] === 'string'
    ? [k[0], k[1]]
    : null;
}
