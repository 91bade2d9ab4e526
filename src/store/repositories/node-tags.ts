// The tags of managed nodes (AddTagsToResource on ManagedInstance, fleet files, activations' tags).
import type { Db } from '../database.js';

export class NodeTagsRepository {
  private readonly listStmt;
  private readonly putStmt;
  private readonly removeStmt;
  private readonly removeAllStmt;
  private readonly clearSourceStmt;

  constructor(private readonly db: Db) {
    const node = 'account_id = ? AND region = ? AND instance_id = ?';
    this.listStmt = db.prepare<[string, string, string], { tag_key: string; tag_value: string }>(
      `SELECT tag_key, tag_value FROM node_tags WHERE ${node} ORDER BY tag_key`,
    );
    this.putStmt = db.prepare(
      `INSERT INTO node_tags (account_id, region, instance_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, instance_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
    );
    this.removeStmt = db.prepare(`DELETE FROM node_tags WHERE ${node} AND tag_key = ?`);
    this.removeAllStmt = db.prepare(`DELETE FROM node_tags WHERE ${node}`);
    this.clearSourceStmt = db.prepare(
      `DELETE FROM node_tags WHERE account_id = ? AND region = ? AND instance_id IN
         (SELECT instance_id FROM nodes WHERE account_id = ? AND region = ? AND source = ?)`,
    );
  }

  /** The node's tags, key to value. */
  get(account: string, region: string, instanceId: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of this.listStmt.all(account, region, instanceId)) out[t.tag_key] = t.tag_value;
    return out;
  }

  put(account: string, region: string, instanceId: string, tags: Record<string, string>): void {
    for (const [k, v] of Object.entries(tags)) this.putStmt.run(account, region, instanceId, k, v);
  }

  remove(account: string, region: string, instanceId: string, keys: string[]): void {
    for (const k of keys) this.removeStmt.run(account, region, instanceId, k);
  }

  /** Every tag of the node (it is being removed). */
  removeAll(account: string, region: string, instanceId: string): void {
    this.removeAllStmt.run(account, region, instanceId);
  }

  /** Drops the tags of every node that came from one source (before a fleet is loaded again). */
  clearSource(account: string, region: string, source: string): void {
    this.clearSourceStmt.run(account, region, account, region, source);
  }

  /** Start-up only, every account: the tags of the nodes a previous start loaded from a fleet file or the demo. */
  removeOfStartingNodes(): void {
    this.db
      .prepare(
        `DELETE FROM node_tags WHERE EXISTS (SELECT 1 FROM nodes n WHERE n.account_id = node_tags.account_id
           AND n.region = node_tags.region AND n.instance_id = node_tags.instance_id AND n.source IN ('fleet', 'demo'))`,
      )
      .run();
  }
}
