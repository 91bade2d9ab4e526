// Patch baselines of an account/region, their patch group registrations, the default baseline registered per
// operating system, and the patch snapshots handed to nodes. Lists are keyset-paged on indexed columns.
import type { Db } from '../database.js';

/** A customer baseline as stored (the engine's StoredBaseline; kept structural so the store imports no engine). */
export interface BaselineRecord {
  baselineId: string;
  name: string;
  operatingSystem: string;
  clientToken?: string;
  [member: string]: unknown;
}

export interface PatchGroupRecord {
  patchGroup: string;
  operatingSystem: string;
  baselineId: string;
}

export interface BaselineListFilters {
  namePrefixes?: string[];
  operatingSystems?: string[];
}

interface BaselineRow {
  data_json: string;
}

interface GroupRow {
  patch_group: string;
  operating_system: string;
  baseline_id: string;
}

const toGroup = (r: GroupRow): PatchGroupRecord => ({
  patchGroup: r.patch_group,
  operatingSystem: r.operating_system,
  baselineId: r.baseline_id,
});

/** `column LIKE prefix%` with LIKE's wildcards escaped, for each prefix (OR). */
function prefixClause(column: string, prefixes: string[], args: unknown[]): string {
  args.push(...prefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return `(${prefixes.map(() => `${column} LIKE ? ESCAPE '\\'`).join(' OR ')})`;
}

export class PatchBaselinesRepository {
  private readonly getStmt;
  private readonly tokenStmt;
  private readonly countStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly getGroupStmt;
  private readonly putGroupStmt;
  private readonly deleteGroupStmt;
  private readonly groupsOfStmt;
  private readonly getDefaultStmt;
  private readonly setDefaultStmt;
  private readonly clearDefaultStmt;
  private readonly defaultsStmt;
  private readonly putSnapshotStmt;
  private readonly getSnapshotStmt;

  constructor(private readonly db: Db) {
    const key = 'account_id = ? AND region = ?';
    this.getStmt = db.prepare<[string, string, string], BaselineRow>(
      `SELECT data_json FROM patch_baselines WHERE ${key} AND baseline_id = ?`,
    );
    this.tokenStmt = db.prepare<[string, string, string], BaselineRow>(
      `SELECT data_json FROM patch_baselines WHERE ${key} AND client_token = ?`,
    );
    this.countStmt = db.prepare<[string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM patch_baselines WHERE ${key}`,
    );
    this.upsertStmt = db.prepare(
      `INSERT INTO patch_baselines (account_id, region, baseline_id, name, operating_system, client_token, data_json)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, baseline_id) DO UPDATE SET name = excluded.name, data_json = excluded.data_json`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM patch_baselines WHERE ${key} AND baseline_id = ?`);
    this.getGroupStmt = db.prepare<[string, string, string, string], GroupRow>(
      `SELECT patch_group, operating_system, baseline_id FROM patch_groups
       WHERE ${key} AND patch_group = ? AND operating_system = ?`,
    );
    this.putGroupStmt = db.prepare(
      `INSERT INTO patch_groups (account_id, region, patch_group, operating_system, baseline_id) VALUES (?, ?, ?, ?, ?)`,
    );
    this.deleteGroupStmt = db.prepare(
      `DELETE FROM patch_groups WHERE ${key} AND patch_group = ? AND operating_system = ?`,
    );
    this.groupsOfStmt = db.prepare<[string, string, string], GroupRow>(
      `SELECT patch_group, operating_system, baseline_id FROM patch_groups
       WHERE ${key} AND baseline_id = ? ORDER BY patch_group`,
    );
    this.getDefaultStmt = db.prepare<[string, string, string], { baseline_id: string }>(
      `SELECT baseline_id FROM patch_default_baselines WHERE ${key} AND operating_system = ?`,
    );
    this.setDefaultStmt = db.prepare(
      `INSERT INTO patch_default_baselines (account_id, region, operating_system, baseline_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, region, operating_system) DO UPDATE SET baseline_id = excluded.baseline_id`,
    );
    this.clearDefaultStmt = db.prepare(
      `DELETE FROM patch_default_baselines WHERE ${key} AND operating_system = ?`,
    );
    this.defaultsStmt = db.prepare<[string, string], { operating_system: string; baseline_id: string }>(
      `SELECT operating_system, baseline_id FROM patch_default_baselines WHERE ${key}`,
    );
    this.putSnapshotStmt = db.prepare(
      `INSERT INTO patch_snapshots (account_id, region, snapshot_id, instance_id, created_ms, data_json)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, snapshot_id) DO UPDATE SET
         instance_id = excluded.instance_id, created_ms = excluded.created_ms, data_json = excluded.data_json`,
    );
    this.getSnapshotStmt = db.prepare<[string, string, string], { data_json: string }>(
      `SELECT data_json FROM patch_snapshots WHERE ${key} AND snapshot_id = ?`,
    );
  }

  // ---- baselines ----

  get<T extends BaselineRecord>(account: string, region: string, baselineId: string): T | undefined {
    const r = this.getStmt.get(account, region, baselineId);
    return r ? (JSON.parse(r.data_json) as T) : undefined;
  }

  byClientToken<T extends BaselineRecord>(account: string, region: string, token: string): T | undefined {
    const r = this.tokenStmt.get(account, region, token);
    return r ? (JSON.parse(r.data_json) as T) : undefined;
  }

  count(account: string, region: string): number {
    return this.countStmt.get(account, region)!.n;
  }

  /** Inserts or replaces a baseline (its client token is kept from the insert). */
  put(account: string, region: string, b: BaselineRecord): void {
    this.upsertStmt.run(
      account,
      region,
      b.baselineId,
      b.name,
      b.operatingSystem,
      b.clientToken ?? null,
      JSON.stringify(b),
    );
  }

  delete(account: string, region: string, baselineId: string): boolean {
    return this.deleteStmt.run(account, region, baselineId).changes > 0;
  }

  /** Baselines in (name, id) order after the cursor; at most n. */
  list<T extends BaselineRecord>(
    account: string,
    region: string,
    after: [string, string] | undefined,
    n: number,
    f: BaselineListFilters,
  ): T[] {
    const args: unknown[] = [account, region];
    const where = ['account_id = ?', 'region = ?'];
    if (after) {
      where.push('(name > ? OR (name = ? AND baseline_id > ?))');
      args.push(after[0], after[0], after[1]);
    }
    if (f.namePrefixes?.length) where.push(prefixClause('name', f.namePrefixes, args));
    if (f.operatingSystems?.length) {
      where.push(`operating_system IN (${f.operatingSystems.map(() => '?').join(', ')})`);
      args.push(...f.operatingSystems);
    }
    args.push(n);
    return (
      this.db
        .prepare(
          `SELECT data_json FROM patch_baselines WHERE ${where.join(' AND ')} ORDER BY name, baseline_id LIMIT ?`,
        )
        .all(...args) as BaselineRow[]
    ).map((r) => JSON.parse(r.data_json) as T);
  }

  // ---- patch groups ----

  group(account: string, region: string, patchGroup: string, os: string): PatchGroupRecord | undefined {
    const r = this.getGroupStmt.get(account, region, patchGroup, os);
    return r ? toGroup(r) : undefined;
  }

  putGroup(account: string, region: string, g: PatchGroupRecord): void {
    this.putGroupStmt.run(account, region, g.patchGroup, g.operatingSystem, g.baselineId);
  }

  deleteGroup(account: string, region: string, patchGroup: string, os: string): void {
    this.deleteGroupStmt.run(account, region, patchGroup, os);
  }

  groupsOf(account: string, region: string, baselineId: string): PatchGroupRecord[] {
    return this.groupsOfStmt.all(account, region, baselineId).map(toGroup);
  }

  /** Registrations in (patch group, operating system) order after the cursor; at most n. */
  listGroups(
    account: string,
    region: string,
    after: [string, string] | undefined,
    n: number,
    f: { namePrefixes?: string[]; operatingSystems?: string[] },
  ): PatchGroupRecord[] {
    const args: unknown[] = [account, region];
    const where = ['account_id = ?', 'region = ?'];
    if (after) {
      where.push('(patch_group > ? OR (patch_group = ? AND operating_system > ?))');
      args.push(after[0], after[0], after[1]);
    }
    if (f.namePrefixes?.length) where.push(prefixClause('patch_group', f.namePrefixes, args));
    if (f.operatingSystems?.length) {
      where.push(`operating_system IN (${f.operatingSystems.map(() => '?').join(', ')})`);
      args.push(...f.operatingSystems);
    }
    args.push(n);
    return (
      this.db
        .prepare(
          `SELECT patch_group, operating_system, baseline_id FROM patch_groups WHERE ${where.join(' AND ')}
           ORDER BY patch_group, operating_system LIMIT ?`,
        )
        .all(...args) as GroupRow[]
    ).map(toGroup);
  }

  // ---- default baselines ----

  defaultFor(account: string, region: string, os: string): string | undefined {
    return this.getDefaultStmt.get(account, region, os)?.baseline_id;
  }

  /** The account's registered defaults by operating system (absent: AWS's predefined default). */
  defaults(account: string, region: string): Map<string, string> {
    return new Map(this.defaultsStmt.all(account, region).map((r) => [r.operating_system, r.baseline_id]));
  }

  setDefault(account: string, region: string, os: string, baselineId: string): void {
    this.setDefaultStmt.run(account, region, os, baselineId);
  }

  clearDefault(account: string, region: string, os: string): void {
    this.clearDefaultStmt.run(account, region, os);
  }

  // ---- snapshots ----

  putSnapshot(
    account: string,
    region: string,
    snapshotId: string,
    instanceId: string,
    atMs: number,
    data: unknown,
  ): void {
    this.putSnapshotStmt.run(account, region, snapshotId, instanceId, atMs, JSON.stringify(data));
  }

  snapshot<T>(account: string, region: string, snapshotId: string): T | undefined {
    const r = this.getSnapshotStmt.get(account, region, snapshotId);
    return r ? (JSON.parse(r.data_json) as T) : undefined;
  }
}
