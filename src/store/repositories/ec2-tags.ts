// Tags of the simulated EC2 volumes, images and snapshots (instance tags are node tags).
import type { Db } from '../database.js';

export interface Ec2TagRow {
  resourceId: string;
  key: string;
  value: string;
}

export class Ec2TagsRepository {
  private readonly listStmt;
  private readonly putStmt;
  private readonly removeStmt;
  private readonly removeValueStmt;
  private readonly removeAllStmt;
  private readonly allStmt;

  constructor(db: Db) {
    const scope = 'account_id = ? AND region = ?';
    this.listStmt = db.prepare<[string, string, string], { tag_key: string; tag_value: string }>(
      `SELECT tag_key, tag_value FROM ec2_tags WHERE ${scope} AND resource_id = ? ORDER BY tag_key`,
    );
    this.putStmt = db.prepare(
      `INSERT INTO ec2_tags (account_id, region, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, resource_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
    );
    this.removeStmt = db.prepare(`DELETE FROM ec2_tags WHERE ${scope} AND resource_id = ? AND tag_key = ?`);
    this.removeValueStmt = db.prepare(
      `DELETE FROM ec2_tags WHERE ${scope} AND resource_id = ? AND tag_key = ? AND tag_value = ?`,
    );
    this.removeAllStmt = db.prepare(`DELETE FROM ec2_tags WHERE ${scope} AND resource_id = ?`);
    this.allStmt = db.prepare<[string, string], { resource_id: string; tag_key: string; tag_value: string }>(
      `SELECT resource_id, tag_key, tag_value FROM ec2_tags WHERE ${scope} ORDER BY resource_id, tag_key`,
    );
  }

  /** The resource's tags, key to value. */
  get(account: string, region: string, resourceId: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of this.listStmt.all(account, region, resourceId)) out[t.tag_key] = t.tag_value;
    return out;
  }

  put(account: string, region: string, resourceId: string, tags: Record<string, string>): void {
    for (const [k, v] of Object.entries(tags)) this.putStmt.run(account, region, resourceId, k, v);
  }

  /** Removes a tag; with a value, only when the tag has that value (DeleteTags). */
  remove(account: string, region: string, resourceId: string, key: string, value?: string): void {
    if (value === undefined) this.removeStmt.run(account, region, resourceId, key);
    else this.removeValueStmt.run(account, region, resourceId, key, value);
  }

  /** Every tag of the resource (it is being deleted). */
  removeAll(account: string, region: string, resourceId: string): void {
    this.removeAllStmt.run(account, region, resourceId);
  }

  /** Every tag in the account and region, by resource (DescribeTags). */
  all(account: string, region: string): Ec2TagRow[] {
    return this.allStmt
      .all(account, region)
      .map((r) => ({ resourceId: r.resource_id, key: r.tag_key, value: r.tag_value }));
  }
}
