// The versions of a document: content, parsed fields and review status, one row per version number.
import type { Db } from '../database.js';

export interface DocumentParameterRecord {
  Name: string;
  Type: string;
  Description?: string;
  DefaultValue?: string;
}

export interface DocumentVersionRecord {
  name: string;
  version: number;
  versionName?: string;
  displayName?: string;
  content: string;
  format: string;
  sha256: string;
  schemaVersion?: string;
  description?: string;
  parameters: DocumentParameterRecord[];
  platformTypes: string[];
  targetType?: string;
  requires?: unknown[];
  attachments?: unknown[];
  status: string;
  reviewStatus?: string;
  createdMs: number;
}

export interface VersionRow {
  name: string;
  version: number;
  version_name: string | null;
  display_name: string | null;
  content: string;
  format: string;
  sha256: string;
  schema_version: string | null;
  description: string | null;
  parameters_json: string;
  platform_types: string;
  target_type: string | null;
  requires_json: string | null;
  attachments_json: string | null;
  status: string;
  review_status: string | null;
  created_ms: number;
}

/** The version columns of a join on `document_versions v` (toVersion reads them; created_ms is renamed). */
export const VERSION_COLUMNS = `v.version, v.version_name, v.display_name, v.content, v.format, v.sha256, v.schema_version,
  v.description, v.parameters_json, v.platform_types, v.target_type, v.requires_json, v.attachments_json, v.status,
  v.review_status, v.created_ms AS v_created_ms`;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export const toVersion = (r: VersionRow): DocumentVersionRecord => ({
  name: r.name,
  version: r.version,
  versionName: opt(r.version_name),
  displayName: opt(r.display_name),
  content: r.content,
  format: r.format,
  sha256: r.sha256,
  schemaVersion: opt(r.schema_version),
  description: opt(r.description),
  parameters: JSON.parse(r.parameters_json) as DocumentParameterRecord[],
  platformTypes: r.platform_types ? r.platform_types.split(',') : [],
  targetType: opt(r.target_type),
  requires: r.requires_json ? (JSON.parse(r.requires_json) as unknown[]) : undefined,
  attachments: r.attachments_json ? (JSON.parse(r.attachments_json) as unknown[]) : undefined,
  status: r.status,
  reviewStatus: opt(r.review_status),
  createdMs: r.created_ms,
});

export class DocumentVersionsRepository {
  private readonly getStmt;
  private readonly getByNameStmt;
  private readonly findByShaStmt;
  private readonly insertStmt;
  private readonly setReviewStatusStmt;
  private readonly deleteStmt;
  private readonly deleteAllStmt;
  private readonly countStmt;
  private readonly listStmt;

  constructor(db: Db) {
    const key = 'account_id = ? AND region = ? AND name = ?';
    this.getStmt = db.prepare<[string, string, string, number], VersionRow>(
      `SELECT * FROM document_versions WHERE ${key} AND version = ?`,
    );
    this.getByNameStmt = db.prepare<[string, string, string, string], VersionRow>(
      `SELECT * FROM document_versions WHERE ${key} AND version_name = ?`,
    );
    this.findByShaStmt = db.prepare<[string, string, string, string], { version: number }>(
      `SELECT version FROM document_versions WHERE ${key} AND sha256 = ? LIMIT 1`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO document_versions (account_id, region, name, version, version_name, display_name, content, format, sha256,
         schema_version, description, parameters_json, platform_types, target_type, requires_json, attachments_json,
         status, review_status, created_ms)
       VALUES (@account, @region, @name, @version, @versionName, @displayName, @content, @format, @sha256, @schemaVersion,
         @description, @parameters, @platforms, @targetType, @requires, @attachments, @status, @reviewStatus, @createdMs)`,
    );
    this.setReviewStatusStmt = db.prepare(
      `UPDATE document_versions SET review_status = ? WHERE ${key} AND version = ?`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM document_versions WHERE ${key} AND version = ?`);
    this.deleteAllStmt = db.prepare(`DELETE FROM document_versions WHERE ${key}`);
    this.countStmt = db.prepare<[string, string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM document_versions WHERE ${key}`,
    );
    this.listStmt = db.prepare<[string, string, string, number, number], VersionRow>(
      `SELECT * FROM document_versions WHERE ${key} AND version > ? ORDER BY version LIMIT ?`,
    );
  }

  get(account: string, region: string, name: string, version: number): DocumentVersionRecord | undefined {
    const r = this.getStmt.get(account, region, name, version);
    return r ? toVersion(r) : undefined;
  }

  getByName(
    account: string,
    region: string,
    name: string,
    versionName: string,
  ): DocumentVersionRecord | undefined {
    const r = this.getByNameStmt.get(account, region, name, versionName);
    return r ? toVersion(r) : undefined;
  }

  /** The version whose content has this hash, if any. */
  findByHash(account: string, region: string, name: string, sha256: string): number | undefined {
    return this.findByShaStmt.get(account, region, name, sha256)?.version;
  }

  count(account: string, region: string, name: string): number {
    return this.countStmt.get(account, region, name)!.n;
  }

  insert(account: string, region: string, v: DocumentVersionRecord): void {
    this.insertStmt.run({
      account,
      region,
      name: v.name,
      version: v.version,
      versionName: v.versionName ?? null,
      displayName: v.displayName ?? null,
      content: v.content,
      format: v.format,
      sha256: v.sha256,
      schemaVersion: v.schemaVersion ?? null,
      description: v.description ?? null,
      parameters: JSON.stringify(v.parameters),
      platforms: v.platformTypes.join(','),
      targetType: v.targetType ?? null,
      requires: v.requires ? JSON.stringify(v.requires) : null,
      attachments: v.attachments ? JSON.stringify(v.attachments) : null,
      status: v.status,
      reviewStatus: v.reviewStatus ?? null,
      createdMs: v.createdMs,
    });
  }

  setReviewStatus(account: string, region: string, name: string, version: number, status: string): void {
    this.setReviewStatusStmt.run(status, account, region, name, version);
  }

  delete(account: string, region: string, name: string, version: number): void {
    this.deleteStmt.run(account, region, name, version);
  }

  /** Every version of the document (it is being deleted). */
  deleteAll(account: string, region: string, name: string): void {
    this.deleteAllStmt.run(account, region, name);
  }

  list(
    account: string,
    region: string,
    name: string,
    afterVersion: number,
    limit: number,
  ): DocumentVersionRecord[] {
    return this.listStmt.all(account, region, name, afterVersion, limit).map(toVersion);
  }
}
