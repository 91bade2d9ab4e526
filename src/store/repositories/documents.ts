// SSM documents owned by accounts (one aggregate): the heads, and through them the versions, share permissions
// and review history of each document. Lists are keyset-paged by name (and owner for shared documents)
// through the primary/grantee indexes.
import type { Db } from '../database.js';
import { DocumentPermissionsRepository } from './document-permissions.js';
import { DocumentReviewsRepository } from './document-reviews.js';
import {
  DocumentVersionsRepository,
  toVersion,
  VERSION_COLUMNS,
  type DocumentVersionRecord,
  type VersionRow,
} from './document-versions.js';

export interface DocumentHead {
  account: string;
  name: string;
  documentType: string;
  createdMs: number;
  latestVersion: number;
  defaultVersion: number;
  nextVersion: number;
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

interface HeadRow {
  account_id: string;
  name: string;
  document_type: string;
  created_ms: number;
  latest_version: number;
  default_version: number;
  next_version: number;
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

const toList = (r: ListRow): DocumentListRecord => ({
  head: toHead(r),
  version: toVersion({ ...r, created_ms: r.v_created_ms }),
});

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
  readonly versions: DocumentVersionsRepository;
  readonly permissions: DocumentPermissionsRepository;
  readonly reviews: DocumentReviewsRepository;
  private readonly getHeadStmt;
  private readonly insertHeadStmt;
  private readonly updateHeadStmt;
  private readonly deleteHeadStmt;
  private readonly countDocsStmt;
  private readonly listOwnStmt;
  private readonly listSharedStmt;

  constructor(db: Db) {
    this.versions = new DocumentVersionsRepository(db);
    this.permissions = new DocumentPermissionsRepository(db);
    this.reviews = new DocumentReviewsRepository(db);
    const key = 'account_id = ? AND region = ? AND name = ?';
    this.getHeadStmt = db.prepare<[string, string, string], HeadRow>(`SELECT * FROM documents WHERE ${key}`);
    this.insertHeadStmt = db.prepare(
      `INSERT INTO documents (account_id, region, name, document_type, created_ms, latest_version, default_version, next_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateHeadStmt = db.prepare(
      `UPDATE documents SET latest_version = ?, default_version = ?, next_version = ? WHERE ${key}`,
    );
    this.deleteHeadStmt = db.prepare(`DELETE FROM documents WHERE ${key}`);
    this.countDocsStmt = db.prepare<[string, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM documents WHERE account_id = ? AND region = ?',
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
      `SELECT d.*, ${VERSION_COLUMNS}
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
      `SELECT d.*, ${VERSION_COLUMNS}
       FROM document_permissions p
         JOIN documents d ON d.account_id = p.account_id AND d.region = p.region AND d.name = p.name
         JOIN document_versions v
           ON v.account_id = d.account_id AND v.region = d.region AND v.name = d.name AND v.version = d.default_version
       WHERE p.region = @region AND p.shared_with = @grantee AND (p.name, p.account_id) > (@afterName, @afterOwner)
         AND p.account_id <> @self
       ${FILTERS}
       ORDER BY p.name, p.account_id LIMIT @limit`,
    );
  }

  getHead(account: string, region: string, name: string): DocumentHead | undefined {
    const r = this.getHeadStmt.get(account, region, name);
    return r ? toHead(r) : undefined;
  }

  countDocuments(account: string, region: string): number {
    return this.countDocsStmt.get(account, region)!.n;
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

  /** Deletes the document with its versions, permissions and reviews (call inside a transaction). */
  deleteDocument(account: string, region: string, name: string): void {
    this.versions.deleteAll(account, region, name);
    this.permissions.removeAll(account, region, name);
    this.reviews.removeAll(account, region, name);
    this.deleteHeadStmt.run(account, region, name);
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
}
