// Parameter Store: the current row of each parameter (one PK seek per GetParameter), its past versions and labels.
// parameter_versions holds only superseded versions: the current one lives in parameters alone (migration 010).
import type { Db } from '../database.js';

export interface ParameterRecord {
  /** Lookup name, always starting with `/`. */
  key: string;
  /** Name as the creating call spelled it. */
  name: string;
  type: string;
  /** Plain text, or for SecureString the base64 ciphertext blob. */
  value: string;
  version: number;
  tier: string;
  dataType: string;
  description?: string;
  allowedPattern?: string;
  keyId?: string;
  /** JSON of the stored policies (with their status), absent when none. */
  policies?: string;
  lastModifiedMs: number;
  lastModifiedUser: string;
}

export interface ParameterVersionRecord extends ParameterRecord {
  labels: string[];
}

interface Row {
  key: string;
  name: string;
  type: string;
  value: string;
  version: number;
  tier: string;
  data_type: string;
  description: string | null;
  allowed_pattern: string | null;
  key_id: string | null;
  policies: string | null;
  last_modified_ms: number;
  last_modified_user: string;
}

const toRecord = (r: Row): ParameterRecord => ({
  key: r.key,
  name: r.name,
  type: r.type,
  value: r.value,
  version: r.version,
  tier: r.tier,
  dataType: r.data_type,
  description: r.description ?? undefined,
  allowedPattern: r.allowed_pattern ?? undefined,
  keyId: r.key_id ?? undefined,
  policies: r.policies ?? undefined,
  lastModifiedMs: r.last_modified_ms,
  lastModifiedUser: r.last_modified_user,
});

/** The parent path of a key: `/a/b/c` -> `/a/b`, `/x` -> `` (the root). */
export function parentOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/'));
}

/** The columns of a parameter row, in the order of parameterRowValues (exported for the migration tests). */
export const COLS =
  'key, name, type, value, version, tier, data_type, description, allowed_pattern, key_id, policies, last_modified_ms, last_modified_user';

export function parameterRowValues(p: ParameterRecord): unknown[] {
  return [
    p.key,
    p.name,
    p.type,
    p.value,
    p.version,
    p.tier,
    p.dataType,
    p.description ?? null,
    p.allowedPattern ?? null,
    p.keyId ?? null,
    p.policies ?? null,
    p.lastModifiedMs,
    p.lastModifiedUser,
  ];
}

interface KeyArgs {
  account: string;
  region: string;
  key: string;
}
type VersionArgs = KeyArgs & { version: number };

export class ParametersRepository {
  private readonly getStmt;
  private readonly getManyStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly deleteVersionsStmt;
  private readonly deleteLabelsStmt;
  private readonly archiveStmt;
  private readonly getVersionStmt;
  private readonly versionRangeStmt;
  private readonly deleteVersionStmt;
  private readonly historyStmt;
  private readonly labelsOfVersionStmt;
  private readonly labelsOfKeyStmt;
  private readonly labelVersionStmt;
  private readonly upsertLabelStmt;
  private readonly deleteLabelStmt;
  private readonly rangeStmt;
  private readonly childrenStmt;
  private readonly withPoliciesStmt;
  private readonly countStmt;
  private readonly bumpCountStmt;
  private readonly setPoliciesStmt;

  constructor(db: Db) {
    const scope = 'account_id = ? AND region = ?';
    this.getStmt = db.prepare<[string, string, string], Row>(
      `SELECT ${COLS} FROM parameters WHERE ${scope} AND key = ?`,
    );
    this.getManyStmt = db.prepare<[string, string, string], Row>(
      `SELECT ${COLS} FROM parameters WHERE ${scope} AND key IN (SELECT value FROM json_each(?)) ORDER BY key`,
    );
    this.upsertStmt = db.prepare(
      `INSERT OR REPLACE INTO parameters (account_id, region, parent, ${COLS}) VALUES (?, ?, ?, ${COLS.split(
        ',',
      )
        .map(() => '?')
        .join(', ')})`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM parameters WHERE ${scope} AND key = ?`);
    this.deleteVersionsStmt = db.prepare(`DELETE FROM parameter_versions WHERE ${scope} AND key = ?`);
    this.deleteLabelsStmt = db.prepare(`DELETE FROM parameter_labels WHERE ${scope} AND key = ?`);
    // The current row becomes history when a new version replaces it.
    this.archiveStmt = db.prepare(
      `INSERT INTO parameter_versions (account_id, region, ${COLS})
       SELECT account_id, region, ${COLS} FROM parameters WHERE ${scope} AND key = ?`,
    );
    // Past versions live in parameter_versions, the current one in parameters: reads of "a version" ask both.
    const named = 'account_id = @account AND region = @region AND key = @key';
    this.getVersionStmt = db.prepare<[VersionArgs], Row>(
      `SELECT ${COLS} FROM parameter_versions WHERE ${named} AND version = @version
       UNION ALL SELECT ${COLS} FROM parameters WHERE ${named} AND version = @version`,
    );
    this.versionRangeStmt = db.prepare<[KeyArgs], { oldest: number | null; n: number }>(
      `SELECT MIN(version) AS oldest, COUNT(*) AS n FROM (
         SELECT version FROM parameter_versions WHERE ${named}
         UNION ALL SELECT version FROM parameters WHERE ${named})`,
    );
    this.deleteVersionStmt = db.prepare(
      `DELETE FROM parameter_versions WHERE ${scope} AND key = ? AND version = ?`,
    );
    this.historyStmt = db.prepare<[VersionArgs & { limit: number }], Row>(
      `SELECT ${COLS} FROM parameter_versions WHERE ${named} AND version > @version
       UNION ALL SELECT ${COLS} FROM parameters WHERE ${named} AND version > @version
       ORDER BY version LIMIT @limit`,
    );
    this.labelsOfVersionStmt = db.prepare<[string, string, string, number], { label: string }>(
      `SELECT label FROM parameter_labels WHERE ${scope} AND key = ? AND version = ? ORDER BY labelled_ms DESC, label`,
    );
    this.labelsOfKeyStmt = db.prepare<[string, string, string], { label: string; version: number }>(
      `SELECT label, version FROM parameter_labels WHERE ${scope} AND key = ? ORDER BY labelled_ms DESC, label`,
    );
    this.labelVersionStmt = db.prepare<[string, string, string, string], { version: number }>(
      `SELECT version FROM parameter_labels WHERE ${scope} AND key = ? AND label = ?`,
    );
    this.upsertLabelStmt = db.prepare(
      `INSERT OR REPLACE INTO parameter_labels (account_id, region, key, label, version, labelled_ms) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.deleteLabelStmt = db.prepare(
      `DELETE FROM parameter_labels WHERE ${scope} AND key = ? AND label = ?`,
    );
    this.rangeStmt = db.prepare<[string, string, string, string, number], Row>(
      `SELECT ${COLS} FROM parameters WHERE ${scope} AND key > ? AND key < ? ORDER BY key LIMIT ?`,
    );
    // Without INDEXED BY the planner walks the primary key from `key > ?`: a scan of the whole partition.
    this.childrenStmt = db.prepare<[string, string, string, string, number], Row>(
      `SELECT ${COLS} FROM parameters INDEXED BY parameters_by_parent
       WHERE ${scope} AND parent = ? AND key > ? ORDER BY key LIMIT ?`,
    );
    this.withPoliciesStmt = db.prepare<[], Row & { account_id: string; region: string }>(
      `SELECT account_id, region, ${COLS} FROM parameters WHERE policies IS NOT NULL`,
    );
    this.countStmt = db.prepare<[string, string, string], { count: number }>(
      `SELECT count FROM parameter_tier_counts WHERE ${scope} AND tier = ?`,
    );
    this.bumpCountStmt = db.prepare(
      `INSERT INTO parameter_tier_counts (account_id, region, tier, count) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, region, tier) DO UPDATE SET count = count + excluded.count`,
    );
    this.setPoliciesStmt = db.prepare(`UPDATE parameters SET policies = ? WHERE ${scope} AND key = ?`);
  }

  get(account: string, region: string, key: string): ParameterRecord | undefined {
    const r = this.getStmt.get(account, region, key);
    return r ? toRecord(r) : undefined;
  }

  /** Current rows of several keys, in key order. */
  getMany(account: string, region: string, keys: string[]): ParameterRecord[] {
    return this.getManyStmt.all(account, region, JSON.stringify(keys)).map(toRecord);
  }

  /** Any version, past or current. */
  getVersion(account: string, region: string, key: string, version: number): ParameterRecord | undefined {
    const r = this.getVersionStmt.get({ account, region, key, version });
    return r ? toRecord(r) : undefined;
  }

  getByLabel(account: string, region: string, key: string, label: string): ParameterRecord | undefined {
    const version = this.labelledVersion(account, region, key, label);
    return version === undefined ? undefined : this.getVersion(account, region, key, version);
  }

  /** Makes p the current version; the one it replaces moves to history (call inside a transaction). */
  putVersion(account: string, region: string, p: ParameterRecord, previousTier: string | undefined): void {
    this.archiveStmt.run(account, region, p.key);
    this.upsertStmt.run(account, region, parentOf(p.key), ...parameterRowValues(p));
    if (previousTier !== p.tier) {
      if (previousTier) this.bumpCountStmt.run(account, region, previousTier, -1);
      this.bumpCountStmt.run(account, region, p.tier, 1);
    }
  }

  /** The oldest version kept and how many are kept, the current one included. */
  versionRange(account: string, region: string, key: string): { oldest: number; count: number } {
    const r = this.versionRangeStmt.get({ account, region, key })!;
    return { oldest: r.oldest ?? 0, count: r.n };
  }

  /** Drops a past version (never the current one). */
  dropVersion(account: string, region: string, key: string, version: number): void {
    this.deleteVersionStmt.run(account, region, key, version);
  }

  /** Deletes a parameter with its versions and labels; false when it did not exist. */
  delete(account: string, region: string, key: string): boolean {
    const current = this.getStmt.get(account, region, key);
    if (!current) return false;
    this.deleteStmt.run(account, region, key);
    this.deleteVersionsStmt.run(account, region, key);
    this.deleteLabelsStmt.run(account, region, key);
    this.bumpCountStmt.run(account, region, current.tier, -1);
    return true;
  }

  history(
    account: string,
    region: string,
    key: string,
    afterVersion: number,
    limit: number,
  ): ParameterVersionRecord[] {
    const rows = this.historyStmt.all({ account, region, key, version: afterVersion, limit }).map(toRecord);
    if (!rows.length) return [];
    const byVersion = new Map<number, string[]>();
    for (const l of this.labelsOfKeyStmt.all(account, region, key)) {
      const list = byVersion.get(l.version) ?? [];
      list.push(l.label);
      byVersion.set(l.version, list);
    }
    return rows.map((r) => ({ ...r, labels: byVersion.get(r.version) ?? [] }));
  }

  labelsOf(account: string, region: string, key: string, version: number): string[] {
    return this.labelsOfVersionStmt.all(account, region, key, version).map((r) => r.label);
  }

  labelledVersion(account: string, region: string, key: string, label: string): number | undefined {
    return this.labelVersionStmt.get(account, region, key, label)?.version;
  }

  setLabel(account: string, region: string, key: string, label: string, version: number, atMs: number): void {
    this.upsertLabelStmt.run(account, region, key, label, version, atMs);
  }

  removeLabel(account: string, region: string, key: string, label: string): void {
    this.deleteLabelStmt.run(account, region, key, label);
  }

  /** Keys in (after, before) in key order: a prefix range is one index seek. */
  range(account: string, region: string, after: string, before: string, limit: number): ParameterRecord[] {
    return this.rangeStmt.all(account, region, after, before, limit).map(toRecord);
  }

  /** Direct children of a parent path after a key, in key order (index on parent, key). */
  children(account: string, region: string, parent: string, after: string, limit: number): ParameterRecord[] {
    return this.childrenStmt.all(account, region, parent, after, limit).map(toRecord);
  }

  /** Every parameter that carries policies, in every account (the policy engine's start-up scan). */
  allWithPolicies(): Array<ParameterRecord & { account: string; region: string }> {
    return this.withPoliciesStmt
      .all()
      .map((r) => ({ ...toRecord(r), account: r.account_id, region: r.region }));
  }

  setPolicies(account: string, region: string, key: string, policies: string | undefined): void {
    this.setPoliciesStmt.run(policies ?? null, account, region, key);
  }

  count(account: string, region: string, tier: string): number {
    return this.countStmt.get(account, region, tier)?.count ?? 0;
  }
}
