// Hybrid activations (CreateActivation): the code and limits an `ssm-emulator agent` registers an mi- node with.
import type { Db } from '../database.js';
import { marks, StatementCache } from '../dynamic-sql.js';
import { toPage, type Page } from '../pagination.js';

export interface StoredActivation {
  account: string;
  region: string;
  activationId: string;
  activationCode: string;
  description?: string;
  defaultInstanceName?: string;
  iamRole: string;
  registrationLimit: number;
  registrationsCount: number;
  expirationMs: number;
  createdMs: number;
  tags: { Key: string; Value: string }[];
}

interface ActivationRow {
  account_id: string;
  region: string;
  activation_id: string;
  activation_code: string;
  description: string | null;
  default_instance_name: string | null;
  iam_role: string;
  registration_limit: number;
  registrations_count: number;
  expiration_ms: number;
  created_ms: number;
  tags_json: string;
}

const toActivation = (r: ActivationRow): StoredActivation => ({
  account: r.account_id,
  region: r.region,
  activationId: r.activation_id,
  activationCode: r.activation_code,
  description: r.description ?? undefined,
  defaultInstanceName: r.default_instance_name ?? undefined,
  iamRole: r.iam_role,
  registrationLimit: r.registration_limit,
  registrationsCount: r.registrations_count,
  expirationMs: r.expiration_ms,
  createdMs: r.created_ms,
  tags: JSON.parse(r.tags_json) as StoredActivation['tags'],
});

export class ActivationsRepository {
  private readonly getStmt;
  private readonly getByIdStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly countRegistrationStmt;
  /** DescribeActivations filter SQL, prepared once per distinct shape. */
  private readonly filtered: StatementCache;

  constructor(db: Db) {
    this.filtered = new StatementCache(db);
    this.getStmt = db.prepare<[string, string, string], ActivationRow>(
      'SELECT * FROM activations WHERE account_id = ? AND region = ? AND activation_id = ?',
    );
    this.getByIdStmt = db.prepare<[string, string], ActivationRow>(
      'SELECT * FROM activations WHERE region = ? AND activation_id = ?',
    );
    this.putStmt = db.prepare(
      `INSERT INTO activations (account_id, region, activation_id, activation_code, description, default_instance_name,
         iam_role, registration_limit, registrations_count, expiration_ms, created_ms, tags_json)
       VALUES (@account_id, @region, @activation_id, @activation_code, @description, @default_instance_name,
         @iam_role, @registration_limit, @registrations_count, @expiration_ms, @created_ms, @tags_json)`,
    );
    this.deleteStmt = db.prepare(
      'DELETE FROM activations WHERE account_id = ? AND region = ? AND activation_id = ?',
    );
    this.countRegistrationStmt = db.prepare(
      'UPDATE activations SET registrations_count = registrations_count + 1 WHERE account_id = ? AND region = ? AND activation_id = ?',
    );
  }

  get(account: string, region: string, activationId: string): StoredActivation | undefined {
    const r = this.getStmt.get(account, region, activationId);
    return r ? toActivation(r) : undefined;
  }

  /** An agent registering knows only the activation id and region; the activation tells the account. */
  getAnyAccount(region: string, activationId: string): StoredActivation | undefined {
    const r = this.getByIdStmt.get(region, activationId);
    return r ? toActivation(r) : undefined;
  }

  put(a: StoredActivation): void {
    this.putStmt.run({
      account_id: a.account,
      region: a.region,
      activation_id: a.activationId,
      activation_code: a.activationCode,
      description: a.description ?? null,
      default_instance_name: a.defaultInstanceName ?? null,
      iam_role: a.iamRole,
      registration_limit: a.registrationLimit,
      registrations_count: a.registrationsCount,
      expiration_ms: a.expirationMs,
      created_ms: a.createdMs,
      tags_json: JSON.stringify(a.tags),
    });
  }

  /** False when there was no such activation. */
  delete(account: string, region: string, activationId: string): boolean {
    return this.deleteStmt.run(account, region, activationId).changes > 0;
  }

  /** One more node registered with the activation. */
  countRegistration(account: string, region: string, activationId: string): void {
    this.countRegistrationStmt.run(account, region, activationId);
  }

  /** One page of activations in id order, after `after` (the key afterKey reads from a NextToken). */
  list(
    account: string,
    region: string,
    filters: { column: 'activation_id' | 'default_instance_name' | 'iam_role'; values: string[] }[],
    pageSize: number,
    after?: string,
  ): Page<StoredActivation> {
    let where = '';
    const args: unknown[] = [];
    for (const f of filters) {
      where += ` AND ${f.column} IN (${marks(f.values.length)})`;
      args.push(...f.values);
    }
    const sql = `SELECT * FROM activations WHERE account_id = ? AND region = ?${after === undefined ? '' : ' AND activation_id > ?'}${where} ORDER BY activation_id LIMIT ?`;
    const rows = this.filtered
      .get(sql)
      .all(
        account,
        region,
        ...(after === undefined ? [] : [after]),
        ...args,
        pageSize + 1,
      ) as ActivationRow[];
    return toPage(rows.map(toActivation), pageSize, (a) => a.activationId);
  }
}
