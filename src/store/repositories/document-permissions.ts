// Who a document is shared with (ModifyDocumentPermission): an account id or 'all' (public), with the version
// shared. The grantee index also serves the shared-document lists in DocumentsRepository.
import type { Db } from '../database.js';

export interface PermissionRecord {
  sharedWith: string;
  sharedVersion: string;
}

export class DocumentPermissionsRepository {
  private readonly getStmt;
  private readonly listStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly deleteAllStmt;
  private readonly countStmt;
  private readonly countPublicStmt;

  constructor(db: Db) {
    const key = 'account_id = ? AND region = ? AND name = ?';
    this.getStmt = db.prepare<[string, string, string, string], { shared_version: string }>(
      `SELECT shared_version FROM document_permissions WHERE ${key} AND shared_with = ?`,
    );
    this.listStmt = db.prepare<
      [string, string, string, string, number],
      { shared_with: string; shared_version: string }
    >(
      `SELECT shared_with, shared_version FROM document_permissions WHERE ${key} AND shared_with > ? ORDER BY shared_with LIMIT ?`,
    );
    this.upsertStmt = db.prepare(
      `INSERT INTO document_permissions (account_id, region, name, shared_with, shared_version) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, name, shared_with) DO UPDATE SET shared_version = excluded.shared_version`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM document_permissions WHERE ${key} AND shared_with = ?`);
    this.deleteAllStmt = db.prepare(`DELETE FROM document_permissions WHERE ${key}`);
    this.countStmt = db.prepare<[string, string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM document_permissions WHERE ${key}`,
    );
    this.countPublicStmt = db.prepare<[string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM document_permissions WHERE account_id = ? AND region = ? AND shared_with = 'all'`,
    );
  }

  /** The version shared with `grantee`, or undefined when the document is not shared with it. */
  get(owner: string, region: string, name: string, grantee: string): string | undefined {
    return this.getStmt.get(owner, region, name, grantee)?.shared_version;
  }

  list(account: string, region: string, name: string, after: string, limit: number): PermissionRecord[] {
    return this.listStmt
      .all(account, region, name, after, limit)
      .map((r) => ({ sharedWith: r.shared_with, sharedVersion: r.shared_version }));
  }

  put(account: string, region: string, name: string, grantee: string, version: string): void {
    this.upsertStmt.run(account, region, name, grantee, version);
  }

  remove(account: string, region: string, name: string, grantee: string): void {
    this.deleteStmt.run(account, region, name, grantee);
  }

  /** Every permission of the document (it is being deleted). */
  removeAll(account: string, region: string, name: string): void {
    this.deleteAllStmt.run(account, region, name);
  }

  count(account: string, region: string, name: string): number {
    return this.countStmt.get(account, region, name)!.n;
  }

  /** How many of the account's documents are public. */
  countPublic(account: string, region: string): number {
    return this.countPublicStmt.get(account, region)!.n;
  }
}
