import type { Migration } from './index.js';

// Documents: one head row per (account, region, name), one row per version, share permissions and reviews.
// The AWS-owned catalog is not stored here: it is read-only data merged into lists in name order.
export const m004Documents: Migration = {
  version: 4,
  name: 'documents',
  up: `
    CREATE TABLE documents (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      document_type TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      latest_version INTEGER NOT NULL,
      default_version INTEGER NOT NULL,
      next_version INTEGER NOT NULL,
      PRIMARY KEY (account_id, region, name)
    ) WITHOUT ROWID;

    CREATE TABLE document_versions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      version_name TEXT,
      display_name TEXT,
      content TEXT NOT NULL,
      format TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      schema_version TEXT,
      description TEXT,
      parameters_json TEXT NOT NULL,
      platform_types TEXT NOT NULL,
      target_type TEXT,
      requires_json TEXT,
      attachments_json TEXT,
      status TEXT NOT NULL,
      review_status TEXT,
      created_ms INTEGER NOT NULL,
      PRIMARY KEY (account_id, region, name, version)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX document_versions_by_name
      ON document_versions (account_id, region, name, version_name) WHERE version_name IS NOT NULL;
    CREATE INDEX document_versions_by_hash ON document_versions (account_id, region, name, sha256);

    CREATE TABLE document_permissions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      shared_with TEXT NOT NULL,
      shared_version TEXT NOT NULL,
      PRIMARY KEY (account_id, region, name, shared_with)
    ) WITHOUT ROWID;
    CREATE INDEX document_permissions_by_grantee ON document_permissions (region, shared_with, name, account_id);

    CREATE TABLE document_reviews (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      review_status TEXT NOT NULL,
      comment TEXT,
      reviewer TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      PRIMARY KEY (account_id, region, name, version, seq)
    ) WITHOUT ROWID;
  `,
};
