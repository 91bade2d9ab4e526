// Resource policies (PutResourcePolicy) and the accounts each one shares its resource with.
import type { Db } from '../database.js';

export interface ResourcePolicyRecord {
  resourceArn: string;
  policyId: string;
  policyHash: string;
  policy: string;
  createdMs: number;
}

interface Row {
  resource_arn: string;
  policy_id: string;
  policy_hash: string;
  policy: string;
  created_ms: number;
}

const toRecord = (r: Row): ResourcePolicyRecord => ({
  resourceArn: r.resource_arn,
  policyId: r.policy_id,
  policyHash: r.policy_hash,
  policy: r.policy,
  createdMs: r.created_ms,
});

export class ResourcePoliciesRepository {
  private readonly listStmt;
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly deleteAllStmt;
  private readonly addShareStmt;
  private readonly deleteSharesStmt;
  private readonly deleteAllSharesStmt;
  private readonly sharedWithStmt;
  private readonly isSharedStmt;

  constructor(db: Db) {
    const scope = 'account_id = ? AND region = ? AND resource_arn = ?';
    this.listStmt = db.prepare<[string, string, string, string, number], Row>(
      `SELECT * FROM resource_policies WHERE ${scope} AND policy_id > ? ORDER BY policy_id LIMIT ?`,
    );
    this.getStmt = db.prepare<[string, string, string, string], Row>(
      `SELECT * FROM resource_policies WHERE ${scope} AND policy_id = ?`,
    );
    this.upsertStmt = db.prepare(
      `INSERT OR REPLACE INTO resource_policies (account_id, region, resource_arn, policy_id, policy_hash, policy, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM resource_policies WHERE ${scope} AND policy_id = ?`);
    this.deleteAllStmt = db.prepare(`DELETE FROM resource_policies WHERE ${scope}`);
    this.addShareStmt = db.prepare(
      `INSERT OR IGNORE INTO resource_shares (account_id, region, resource_arn, policy_id, grantee) VALUES (?, ?, ?, ?, ?)`,
    );
    this.deleteSharesStmt = db.prepare(`DELETE FROM resource_shares WHERE ${scope} AND policy_id = ?`);
    this.deleteAllSharesStmt = db.prepare(`DELETE FROM resource_shares WHERE ${scope}`);
    this.sharedWithStmt = db.prepare<
      [string, string, string, number],
      { resource_arn: string; account_id: string }
    >(
      `SELECT DISTINCT resource_arn, account_id FROM resource_shares WHERE grantee = ? AND region = ? AND resource_arn > ?
       ORDER BY resource_arn LIMIT ?`,
    );
    this.isSharedStmt = db.prepare<[string, string, string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM resource_shares WHERE account_id = ? AND region = ? AND resource_arn = ? AND grantee IN (?, '*')`,
    );
  }

  list(account: string, region: string, arn: string, afterId: string, limit: number): ResourcePolicyRecord[] {
    return this.listStmt.all(account, region, arn, afterId, limit).map(toRecord);
  }

  get(account: string, region: string, arn: string, policyId: string): ResourcePolicyRecord | undefined {
    const r = this.getStmt.get(account, region, arn, policyId);
    return r ? toRecord(r) : undefined;
  }

  /** Stores a policy and replaces the accounts it shares with (call inside a transaction). */
  put(account: string, region: string, p: ResourcePolicyRecord, grantees: string[]): void {
    this.upsertStmt.run(account, region, p.resourceArn, p.policyId, p.policyHash, p.policy, p.createdMs);
    this.deleteSharesStmt.run(account, region, p.resourceArn, p.policyId);
    for (const g of grantees) this.addShareStmt.run(account, region, p.resourceArn, p.policyId, g);
  }

  delete(account: string, region: string, arn: string, policyId: string): void {
    this.deleteStmt.run(account, region, arn, policyId);
    this.deleteSharesStmt.run(account, region, arn, policyId);
  }

  deleteAll(account: string, region: string, arn: string): void {
    this.deleteAllStmt.run(account, region, arn);
    this.deleteAllSharesStmt.run(account, region, arn);
  }

  /** Resources other accounts share with `grantee` in a region, in ARN order after a key. */
  sharedWith(
    grantee: string,
    region: string,
    afterArn: string,
    limit: number,
  ): Array<{ arn: string; owner: string }> {
    return this.sharedWithStmt
      .all(grantee, region, afterArn, limit)
      .map((r) => ({ arn: r.resource_arn, owner: r.account_id }));
  }

  isSharedWith(owner: string, region: string, arn: string, grantee: string): boolean {
    return this.isSharedStmt.get(owner, region, arn, grantee)!.n > 0;
  }
}
