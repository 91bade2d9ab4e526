// SSM documents owned by accounts: heads, versions, share permissions and review history.
// Lists are keyset-paged by name (and owner for shared documents) through the primary/grantee indexes.
import type { Db } from '../database.js';

export interface DocumentHead {
  account: string;
  name: string;
  documentType: string;
  createdMs: number;
  latestVersion: number;
  defaultVersion: number;
  nextVersion: number;
}

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

/** A list row: the head with the fields of its default version. */
export interface DocumentListRecord {
  head: DocumentHead;
  version: DocumentVersionRecord;
}

export interface DocumentListFilters {
  types?: string[];
  platforms?: string[];
  namePrefixes?: string[];
  keyword?: string;
  /** Every entry must match: a tag with this key and (when values are given) one of the values. */
  tags?: { k: string; v?: string[] }[];
}

export interface PermissionRecord {
  sharedWith: string;
  sharedVersion: string;
}

export interface ReviewRecord {
  seq: number;
  reviewStatus: string;
  comment?: string;
  reviewer: string;
  createdMs: number;
}

interface HeadRow {
  account_id: string;
  name: string;
  document_type: string;
  created_ms: number;
  latest_version: number;
  default_version: number;
  next_version: number;
}

interface VersionRow {
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

type ListRow = HeadRow & VersionRow & { v_created_ms: number };

const toHead = (r: HeadRow): DocumentHead => ({
  account: r.account_id,
  name: r.name,
  documentType: r.document_type,
  createdMs: r.created_ms,
  latestVersion: r.latest_version,
  defaultVersion: r.default_version,
  nextVersion: r.next_version,
});

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

const toVersion = (r: VersionRow): DocumentVersionRecord => ({
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

const toList = (r: ListRow): DocumentListRecord => ({
  head: toHead(r),
  version: toVersion({ ...r, created_ms: r.v_created_ms }),
});

const VERSION_COLS = `v.version, v.version_name, v.display_name, v.content, v.format, v.sha256, v.schema_version,
  v.description, v.parameters_json, v.platform_types, v.target_type, v.requires_json, v.attachments_json, v.status,
  v.review_status, v.created_ms AS v_created_ms`;

// Residual filters applied to rows reached by the index seek; each is skipped when its parameter is NULL.
const FILTERS = `
  AND (@types IS NULL OR d.document_type IN (SELECT value FROM json_each(@types)))
  AND (@platforms IS NULL OR EXISTS (SELECT 1 FROM json_each(@platforms) p
        WHERE instr(',' || v.platform_types || ',', ',' || p.value || ',') > 0))
  AND (@prefixes IS NULL OR EXISTS (SELECT 1 FROM json_each(@prefixes) p WHERE substr(d.name, 1, length(p.value)) = p.value))
  AND (@keyword IS NULL OR instr(lower(d.name), lower(@keyword)) > 0
        OR instr(lower(coalesce(v.description, '')), lower(@keyword)) > 0)
  AND (@tags IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(@tags) f WHERE NOT EXISTS (
        SELECT 1 FROM resource_tags t WHERE t.account_id = d.account_id AND t.region = d.region
          AND t.resource_type = 'Document' AND t.resource_id = d.name AND t.tag_key = json_extract(f.value, '$.k')
          AND (json_extract(f.value, '$.v') IS NULL
               OR t.tag_value IN (SELECT value FROM json_each(json_extract(f.value, '$.v')))))))`;

interface FilterParams {
  types: string | null;
  platforms: string | null;
  prefixes: string | null;
  keyword: string | null;
  tags: string | null;
}

const filterParams = (f: DocumentListFilters): FilterParams => ({
  types: f.types ? JSON.stringify(f.types) : null,
  platforms: f.platforms ? JSON.stringify(f.platforms) : null,
  prefixes: f.namePrefixes ? JSON.stringify(f.namePrefixes) : null,
  keyword: f.keyword ?? null,
  tags: f.tags ? JSON.stringify(f.tags) : null,
});

export class DocumentsRepository {
  private readonly getHeadStmt;
  private readonly getVersionStmt;
  private readonly getVersionByNameStmt;
  private readonly findByShaStmt;
  private readonly insertHeadStmt;
  private readonly updateHeadStmt;
  private readonly insertVersionStmt;
  private readonly setVersionFieldsStmt;
  private readonly deleteHeadStmt;
  private readonly deleteVersionsStmt;
  private readonly deleteVersionStmt;
  private readonly countDocsStmt;
  private readonly countVersionsStmt;
  private readonly listVersionsStmt;
  private readonly listOwnStmt;
  private readonly listSharedStmt;
  private readonly getPermissionStmt;
  private readonly listPermissionsStmt;
  private readonly upsertPermissionStmt;
  private readonly deletePermissionStmt;
  private readonly deletePermissionsStmt;
  private readonly countPermissionsStmt;
  private readonly countPublicStmt;
  private readonly insertReviewStmt;
  private readonly listReviewsStmt;
  private readonly deleteReviewsStmt;

  constructor(db: Db) {
    const key = 'account_id = ? AND region = ? AND name = ?';
    this.getHeadStmt = db.prepare<[string, string, string], HeadRow>(`SELECT * FROM documents WHERE ${key}`);
    this.getVersionStmt = db.prepare<[string, string, string, number], VersionRow>(
      `SELECT * FROM document_versions WHERE ${key} AND version = ?`,
    );
    this.getVersionByNameStmt = db.prepare<[string, string, string, string], VersionRow>(
      `SELECT * FROM document_versions WHERE ${key} AND version_name = ?`,
    );
    this.findByShaStmt = db.prepare<[string, string, string, string], { version: number }>(
      `SELECT version FROM document_versions WHERE ${key} AND sha256 = ? LIMIT 1`,
    );
    this.insertHeadStmt = db.prepare(
      `INSERT INTO documents (account_id, region, name, document_type, created_ms, latest_version, default_version, next_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateHeadStmt = db.prepare(
      `UPDATE documents SET latest_version = ?, default_version = ?, next_version = ? WHERE ${key}`,
    );
    this.insertVersionStmt = db.prepare(
      `INSERT INTO document_versions (account_id, region, name, version, version_name, display_name, content, format, sha256,
         schema_version, description, parameters_json, platform_types, target_type, requires_json, attachments_json,
         status, review_status, created_ms)
       VALUES (@account, @region, @name, @version, @versionName, @displayName, @content, @format, @sha256, @schemaVersion,
         @description, @parameters, @platforms, @targetType, @requires, @attachments, @status, @reviewStatus, @createdMs)`,
    );
    this.setVersionFieldsStmt = db.prepare(
      `UPDATE document_versions SET review_status = ? WHERE ${key} AND version = ?`,
    );
    this.deleteHeadStmt = db.prepare(`DELETE FROM documents WHERE ${key}`);
    this.deleteVersionsStmt = db.prepare(`DELETE FROM document_versions WHERE ${key}`);
    this.deleteVersionStmt = db.prepare(`DELETE FROM document_versions WHERE ${key} AND version = ?`);
    this.countDocsStmt = db.prepare<[string, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM documents WHERE account_id = ? AND region = ?',
    );
    this.countVersionsStmt = db.prepare<[string, string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM document_versions WHERE ${key}`,
    );
    this.listVersionsStmt = db.prepare<[string, string, string, number, number], VersionRow>(
      `SELECT * FROM document_versions WHERE ${key} AND version > ? ORDER BY version LIMIT ?`,
    );
    this.listOwnStmt = db.prepare<
      [
        FilterParams & {
          account: string;
          region: string;
          from: string;
          after: string;
          incl: number;
          limit: number;
        },
      ],
      ListRow
    >(
      `SELECT d.*, ${VERSION_COLS}
       FROM documents d JOIN document_versions v
         ON v.account_id = d.account_id AND v.region = d.region AND v.name = d.name AND v.version = d.default_version
       WHERE d.account_id = @account AND d.region = @region AND d.name >= @from AND (d.name > @after OR @incl = 1)
       ${FILTERS}
       ORDER BY d.name LIMIT @limit`,
    );
    this.listSharedStmt = db.prepare<
      [
        FilterParams & {
          region: string;
          grantee: string;
          self: string;
          afterName: string;
          afterOwner: string;
          limit: number;
        },
      ],
      ListRow
    >(
      `SELECT d.*, ${VERSION_COLS}
       FROM document_permissions p
         JOIN documents d ON d.account_id = p.account_id AND d.region = p.region AND d.name = p.name
         JOIN document_versions v
           ON v.account_id = d.account_id AND v.region = d.region AND v.name = d.name AND v.version = d.default_version
       WHERE p.region = @region AND p.shared_with = @grantee AND (p.name, p.account_id) > (@afterName, @afterOwner)
         AND p.account_id <> @self
       ${FILTERS}
       ORDER BY p.name, p.account_id LIMIT @limit`,
    );
    this.getPermissionStmt = db.prepare<[string, string, string, string], { shared_version: string }>(
      `SELECT shared_version FROM document_permissions WHERE ${key} AND shared_with = ?`,
    );
    this.listPermissionsStmt = db.prepare<
      [string, string, string, string, number],
      { shared_with: string; shared_version: string }
    >(
      `SELECT shared_with, shared_version FROM document_permissions WHERE ${key} AND shared_with > ? ORDER BY shared_with LIMIT ?`,
    );
    this.upsertPermissionStmt = db.prepare(
      `INSERT INTO document_permissions (account_id, region, name, shared_with, shared_version) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, name, shared_with) DO UPDATE SET shared_version = excluded.shared_version`,
    );
    this.deletePermissionStmt = db.prepare(
      `DELETE FROM document_permissions WHERE ${key} AND shared_with = ?`,
    );
    this.deletePermissionsStmt = db.prepare(`DELETE FROM document_permissions WHERE ${key}`);
    this.countPermissionsStmt = db.prepare<[string, string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM document_permissions WHERE ${key}`,
    );
    this.countPublicStmt = db.prepare<[string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM document_permissions WHERE account_id = ? AND region = ? AND shared_with = 'all'`,
    );
    this.insertReviewStmt = db.prepare(
      `INSERT INTO document_reviews (account_id, region, name, version, seq, review_status, comment, reviewer, created_ms)
       VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM document_reviews WHERE ${key} AND version = ?), ?, ?, ?, ?)`,
    );
    this.listReviewsStmt = db.prepare<
      [string, string, string, number, number, number],
      { seq: number; review_status: string; comment: string | null; reviewer: string; created_ms: number }
    >(
      `SELECT seq, review_status, comment, reviewer, created_ms FROM document_reviews
       WHERE ${key} AND version = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.deleteReviewsStmt = db.prepare(`DELETE FROM document_reviews WHERE ${key}`);
  }

  getHead(account: string, region: string, name: string): DocumentHead | undefined {
    const r = this.getHeadStmt.get(account, region, name);
    return r ? toHead(r) : undefined;
  }

  getVersion(
    account: string,
    region: string,
    name: string,
    version: number,
  ): DocumentVersionRecord | undefined {
    const r = this.getVersionStmt.get(account, region, name, version);
    return r ? toVersion(r) : undefined;
  }

  getVersionByName(
    account: string,
    region: string,
    name: string,
    versionName: string,
  ): DocumentVersionRecord | undefined {
    const r = this.getVersionByNameStmt.get(account, region, name, versionName);
    return r ? toVersion(r) : undefined;
  }

  /** The version whose content has this hash, if any. */
  findVersionByHash(account: string, region: string, name: string, sha256: string): number | undefined {
    return this.findByShaStmt.get(account, region, name, sha256)?.version;
  }

  countDocuments(account: string, region: string): number {
    return this.countDocsStmt.get(account, region)!.n;
  }

  countVersions(account: string, region: string, name: string): number {
    return this.countVersionsStmt.get(account, region, name)!.n;
  }

  insertHead(account: string, region: string, h: Omit<DocumentHead, 'account'>): void {
    this.insertHeadStmt.run(
      account,
      region,
      h.name,
      h.documentType,
      h.createdMs,
      h.latestVersion,
      h.defaultVersion,
      h.nextVersion,
    );
  }

  updateHead(
    account: string,
    region: string,
    name: string,
    v: { latest: number; default: number; next: number },
  ): void {
    this.updateHeadStmt.run(v.latest, v.default, v.next, account, region, name);
  }

  insertVersion(account: string, region: string, v: DocumentVersionRecord): void {
    this.insertVersionStmt.run({
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
    this.setVersionFieldsStmt.run(status, account, region, name, version);
  }

  /** Deletes the document with its versions, permissions and reviews (call inside a transaction). */
  deleteDocument(account: string, region: string, name: string): void {
    this.deleteVersionsStmt.run(account, region, name);
    this.deletePermissionsStmt.run(account, region, name);
    this.deleteReviewsStmt.run(account, region, name);
    this.deleteHeadStmt.run(account, region, name);
  }

  deleteVersion(account: string, region: string, name: string, version: number): void {
    this.deleteVersionStmt.run(account, region, name, version);
  }

  listVersions(
    account: string,
    region: string,
    name: string,
    afterVersion: number,
    limit: number,
  ): DocumentVersionRecord[] {
    return this.listVersionsStmt.all(account, region, name, afterVersion, limit).map(toVersion);
  }

  /**
   * The account's own documents after (afterName, afterOwner) in (name, owner) order: an index seek on
   * (account_id, region, name) that reads O(limit) rows plus the rows the filters skip.
   */
  listOwn(
    account: string,
    region: string,
    after: { name: string; owner: string } | undefined,
    limit: number,
    filters: DocumentListFilters,
  ): DocumentListRecord[] {
    const afterName = after?.name ?? '';
    // A document named like the cursor is still due when our owner key sorts after the cursor's owner.
    const incl = after && account > after.owner ? 1 : 0;
    return this.listOwnStmt
      .all({ account, region, from: afterName, after: afterName, incl, limit, ...filterParams(filters) })
      .map(toList);
  }

  /** Documents other accounts share with `grantee` (an account id, or 'all' for public ones), by (name, owner). */
  listSharedWith(
    grantee: string,
    self: string,
    region: string,
    after: { name: string; owner: string } | undefined,
    limit: number,
    filters: DocumentListFilters,
  ): DocumentListRecord[] {
    return this.listSharedStmt
      .all({
        region,
        grantee,
        self,
        afterName: after?.name ?? '',
        afterOwner: after?.owner ?? '',
        limit,
        ...filterParams(filters),
      })
      .map(toList);
  }

  getPermission(owner: string, region: string, name: string, grantee: string): string | undefined {
    return this.getPermissionStmt.get(owner, region, name, grantee)?.shared_version;
  }

  listPermissions(
    account: string,
    region: string,
    name: string,
    after: string,
    limit: number,
  ): PermissionRecord[] {
    return this.listPermissionsStmt
      .all(account, region, name, after, limit)
      .map((r) => ({ sharedWith: r.shared_with, sharedVersion: r.shared_version }));
  }

  putPermission(account: string, region: string, name: string, grantee: string, version: string): void {
    this.upsertPermissionStmt.run(account, region, name, grantee, version);
  }

  removePermission(account: string, region: string, name: string, grantee: string): void {
    this.deletePermissionStmt.run(account, region, name, grantee);
  }

  countPermissions(account: string, region: string, name: string): number {
    return this.countPermissionsStmt.get(account, region, name)!.n;
  }

  countPublicDocuments(account: string, region: string): number {
    return this.countPublicStmt.get(account, region)!.n;
  }

  addReview(
    account: string,
    region: string,
    name: string,
    version: number,
    r: Omit<ReviewRecord, 'seq'>,
  ): void {
    this.insertReviewStmt.run(
      account,
      region,
      name,
      version,
      account,
      region,
      name,
      version,
      r.reviewStatus,
      r.comment ?? null,
      r.reviewer,
      r.createdMs,
    );
  }

  listReviews(
    account: string,
    region: string,
    name: string,
    version: number,
    afterSeq: number,
    limit: number,
  ): ReviewRecord[] {
    return this.listReviewsStmt.all(account, region, name, version, afterSeq, limit).map((r) => ({
      seq: r.seq,
      reviewStatus: r.review_status,
      comment: opt(r.comment),
      reviewer: r.reviewer,
      createdMs: r.created_ms,
    }));
  }
}
