// The patch states nodes report after a Scan or Install: one summary per node (its counts as columns for
// DescribeInstancePatchStatesForPatchGroup's filters) and one row per patch, in the order they were reported.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../database.js';

/** InstancePatchState with its dates as epoch milliseconds. */
export interface PatchStateRecord {
  InstanceId: string;
  PatchGroup: string;
  BaselineId: string;
  SnapshotId?: string;
  InstallOverrideList?: string;
  OwnerInformation?: string;
  InstalledCount: number;
  InstalledOtherCount: number;
  InstalledPendingRebootCount: number;
  InstalledRejectedCount: number;
  MissingCount: number;
  FailedCount: number;
  UnreportedNotApplicableCount: number;
  NotApplicableCount: number;
  AvailableSecurityUpdateCount: number;
  CriticalNonCompliantCount: number;
  SecurityNonCompliantCount: number;
  OtherNonCompliantCount: number;
  OperationStartMs: number;
  OperationEndMs: number;
  Operation: 'Scan' | 'Install';
  LastNoRebootInstallOperationMs?: number;
  RebootOption?: 'RebootIfNeeded' | 'NoReboot';
}

/** PatchComplianceData with InstalledTime as epoch milliseconds. */
export interface InstancePatchRecord {
  Title: string;
  KBId: string;
  Classification: string;
  Severity: string;
  State: string;
  InstalledMs: number;
  CVEIds?: string;
}

/** The summary counts DescribeInstancePatchStatesForPatchGroup filters on, and their columns. */
export const COUNT_COLUMNS = {
  InstalledCount: 'installed',
  InstalledOtherCount: 'installed_other',
  InstalledPendingRebootCount: 'installed_pending_reboot',
  InstalledRejectedCount: 'installed_rejected',
  MissingCount: 'missing',
  FailedCount: 'failed',
  UnreportedNotApplicableCount: 'unreported_not_applicable',
  NotApplicableCount: 'not_applicable',
} as const;
export type CountKey = keyof typeof COUNT_COLUMNS;

export interface CountCondition {
  key: CountKey;
  op: '=' | '<>' | '<' | '>';
  value: number;
}

export interface InstancePatchFilters {
  kbIds?: string[];
  states?: string[];
  classifications?: string[];
  severities?: string[];
}

/** DescribePatchGroupState's numbers: nodes reporting, and nodes with at least one patch in each state. */
export interface GroupSummary {
  Instances: number;
  InstancesWithInstalledPatches: number;
  InstancesWithInstalledOtherPatches: number;
  InstancesWithInstalledPendingRebootPatches: number;
  InstancesWithInstalledRejectedPatches: number;
  InstancesWithMissingPatches: number;
  InstancesWithFailedPatches: number;
  InstancesWithNotApplicablePatches: number;
  InstancesWithUnreportedNotApplicablePatches: number;
  InstancesWithCriticalNonCompliantPatches: number;
  InstancesWithSecurityNonCompliantPatches: number;
  InstancesWithOtherNonCompliantPatches: number;
  InstancesWithAvailableSecurityUpdates: number;
}

const SUMMARY_SQL = `SELECT COUNT(*) AS Instances,
  SUM(installed > 0) AS InstancesWithInstalledPatches,
  SUM(installed_other > 0) AS InstancesWithInstalledOtherPatches,
  SUM(installed_pending_reboot > 0) AS InstancesWithInstalledPendingRebootPatches,
  SUM(installed_rejected > 0) AS InstancesWithInstalledRejectedPatches,
  SUM(missing > 0) AS InstancesWithMissingPatches,
  SUM(failed > 0) AS InstancesWithFailedPatches,
  SUM(not_applicable > 0) AS InstancesWithNotApplicablePatches,
  SUM(unreported_not_applicable > 0) AS InstancesWithUnreportedNotApplicablePatches,
  SUM(json_extract(data_json, '$.CriticalNonCompliantCount') > 0) AS InstancesWithCriticalNonCompliantPatches,
  SUM(json_extract(data_json, '$.SecurityNonCompliantCount') > 0) AS InstancesWithSecurityNonCompliantPatches,
  SUM(json_extract(data_json, '$.OtherNonCompliantCount') > 0) AS InstancesWithOtherNonCompliantPatches,
  SUM(json_extract(data_json, '$.AvailableSecurityUpdateCount') > 0) AS InstancesWithAvailableSecurityUpdates
  FROM instance_patch_states WHERE account_id = ? AND region = ? AND patch_group = ?`;

interface PatchRow {
  seq: number;
  kb_id: string;
  state: string;
  classification: string;
  severity: string;
  data_json: string;
}

export class PatchStatesRepository {
  private readonly putStmt;
  private readonly getStmt;
  private readonly deletePatchesStmt;
  private readonly putPatchStmt;
  private readonly summaryStmt;

  constructor(private readonly db: Db) {
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO instance_patch_states (account_id, region, instance_id, patch_group, installed,
         installed_other, installed_pending_reboot, installed_rejected, missing, failed, unreported_not_applicable,
         not_applicable, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getStmt = db.prepare<[string, string, string], { data_json: string }>(
      'SELECT data_json FROM instance_patch_states WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.deletePatchesStmt = db.prepare(
      'DELETE FROM instance_patches WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.putPatchStmt = db.prepare(
      `INSERT INTO instance_patches (account_id, region, instance_id, seq, kb_id, state, classification, severity, data_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.summaryStmt = db.prepare<[string, string, string], Record<keyof GroupSummary, number | null>>(
      SUMMARY_SQL,
    );
  }

  /** The statements of the filtered lists, prepared once per shape of WHERE clause (a handful). */
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();

  private statement(sql: string): BetterSqlite3.Statement<unknown[]> {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Replaces what a node reported: its summary and its patches (one transaction). */
  put(account: string, region: string, s: PatchStateRecord, patches: readonly InstancePatchRecord[]): void {
    this.db.transaction(() => {
      this.putStmt.run(
        account,
        region,
        s.InstanceId,
        s.PatchGroup,
        ...Object.keys(COUNT_COLUMNS).map((k) => s[k as CountKey]),
        JSON.stringify(s),
      );
      this.deletePatchesStmt.run(account, region, s.InstanceId);
      patches.forEach((p, i) =>
        this.putPatchStmt.run(
          account,
          region,
          s.InstanceId,
          i,
          p.KBId,
          p.State,
          p.Classification,
          p.Severity,
          // The columns hold the rest: a fleet's scan writes tens of thousands of these rows.
          JSON.stringify({ Title: p.Title, InstalledMs: p.InstalledMs, CVEIds: p.CVEIds }),
        ),
      );
    })();
  }

  get(account: string, region: string, instanceId: string): PatchStateRecord | undefined {
    const r = this.getStmt.get(account, region, instanceId);
    return r ? (JSON.parse(r.data_json) as PatchStateRecord) : undefined;
  }

  /** Every reported node of the account and Region, in instance id order after the cursor; at most n. */
  list(account: string, region: string, after: string | undefined, n: number): PatchStateRecord[] {
    return (
      after === undefined
        ? this.statement(
            'SELECT data_json FROM instance_patch_states WHERE account_id = ? AND region = ? ORDER BY instance_id LIMIT ?',
          ).all(account, region, n)
        : this.statement(
            'SELECT data_json FROM instance_patch_states WHERE account_id = ? AND region = ? AND instance_id > ? ORDER BY instance_id LIMIT ?',
          ).all(account, region, after, n)
    ).map((r) => JSON.parse((r as { data_json: string }).data_json) as PatchStateRecord);
  }

  /** Nodes of a patch group in instance id order after the cursor, matching every condition; at most n. */
  listGroup(
    account: string,
    region: string,
    patchGroup: string,
    after: string | undefined,
    n: number,
    conditions: readonly CountCondition[],
  ): PatchStateRecord[] {
    const args: unknown[] = [account, region, patchGroup];
    const where = ['account_id = ?', 'region = ?', 'patch_group = ?'];
    if (after !== undefined) {
      where.push('instance_id > ?');
      args.push(after);
    }
    for (const c of conditions) {
      where.push(`${COUNT_COLUMNS[c.key]} ${c.op} ?`);
      args.push(c.value);
    }
    args.push(n);
    return (
      this.statement(
        `SELECT data_json FROM instance_patch_states WHERE ${where.join(' AND ')} ORDER BY instance_id LIMIT ?`,
      ).all(...args) as { data_json: string }[]
    ).map((r) => JSON.parse(r.data_json) as PatchStateRecord);
  }

  groupSummary(account: string, region: string, patchGroup: string): GroupSummary {
    const row = this.summaryStmt.get(account, region, patchGroup)!;
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? 0])) as unknown as GroupSummary;
  }

  /** A node's patches in reported order after the cursor, matching the filters; at most n, with their seq. */
  listPatches(
    account: string,
    region: string,
    instanceId: string,
    afterSeq: number | undefined,
    n: number,
    f: InstancePatchFilters,
  ): { seq: number; patch: InstancePatchRecord }[] {
    const args: unknown[] = [account, region, instanceId];
    const where = ['account_id = ?', 'region = ?', 'instance_id = ?'];
    if (afterSeq !== undefined) {
      where.push('seq > ?');
      args.push(afterSeq);
    }
    const inList = (column: string, values?: string[]) => {
      if (!values?.length) return;
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      args.push(...values);
    };
    inList('kb_id', f.kbIds);
    inList('state', f.states);
    inList('classification', f.classifications);
    inList('severity', f.severities);
    args.push(n);
    return (
      this.statement(
        `SELECT seq, kb_id, state, classification, severity, data_json FROM instance_patches
           WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      ).all(...args) as PatchRow[]
    ).map((r) => ({
      seq: r.seq,
      patch: {
        ...(JSON.parse(r.data_json) as Pick<InstancePatchRecord, 'Title' | 'InstalledMs' | 'CVEIds'>),
        KBId: r.kb_id,
        State: r.state,
        Classification: r.classification,
        Severity: r.severity,
      },
    }));
  }
}
