// Node profiles: the simulated facts and behaviours that nodes of a fleet share, stored as JSON by id.
import type { Db } from '../database.js';

export class NodeProfilesRepository {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string, string, string], { profile_json: string }>(
      'SELECT profile_json FROM node_profiles WHERE account_id = ? AND region = ? AND profile_id = ?',
    );
    this.putStmt = db.prepare(
      `INSERT INTO node_profiles (account_id, region, profile_id, profile_json) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, region, profile_id) DO UPDATE SET profile_json = excluded.profile_json`,
    );
  }

  get(account: string, region: string, profileId: string): unknown {
    const r = this.getStmt.get(account, region, profileId);
    return r ? (JSON.parse(r.profile_json) as unknown) : undefined;
  }

  put(account: string, region: string, profileId: string, profile: unknown): void {
    this.putStmt.run(account, region, profileId, JSON.stringify(profile));
  }
}
