// Tags of any taggable resource, keyed by (resource type, resource id) within an account/region.
import type { Db } from '../database.js';

export interface TagRecord {
  key: string;
  value: string;
}

export class TagsRepository {
  private readonly listStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly deleteAllStmt;
  private readonly countStmt;

  constructor(db: Db) {
    const where = 'account_id = ? AND region = ? AND resource_type = ? AND resource_id = ?';
    this.listStmt = db.prepare<[string, string, string, string], { tag_key: string; tag_value: string }>(
      `SELECT tag_key, tag_value FROM resource_tags WHERE ${where} ORDER BY tag_key`,
    );
    this.upsertStmt = db.prepare(
      `INSERT OR REPLACE INTO resource_tags (account_id, region, resource_type, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM resource_tags WHERE ${where} AND tag_key = ?`);
    this.deleteAllStmt = db.prepare(`DELETE FROM resource_tags WHERE ${where}`);
    this.countStmt = db.prepare<[string, string, string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM resource_tags WHERE ${where}`,
    );
  }

  list(account: string, region: string, type: string, id: string): TagRecord[] {
    return this.listStmt.all(account, region, type, id).map((r) => ({ key: r.tag_key, value: r.tag_value }));
  }

  count(account: string, region: string, type: string, id: string): number {
    return this.countStmt.get(account, region, type, id)!.n;
  }

  /** Adds or overwrites tags (call inside a transaction when combined with other writes). */
  put(account: string, region: string, type: string, id: string, tags: TagRecord[]): void {
    for (const t of tags) this.upsertStmt.run(account, region, type, id, t.key, t.value);
  }

  remove(account: string, region: string, type: string, id: string, keys: string[]): void {
    for (const k of keys) this.deleteStmt.run(account, region, type, id, k);
  }

  removeAll(account: string, region: string, type: string, id: string): void {
    this.deleteAllStmt.run(account, region, type, id);
  }
}
