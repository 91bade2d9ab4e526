import type { Migration } from './index.js';

// `key` is the lookup name: a single-level name with or without its leading `/` is one parameter (UG),
// so the key always starts with `/`; `name` keeps the spelling of the creating call.
export const m002Parameters: Migration = {
  version: 2,
  name: 'parameters',
  up: `
    CREATE TABLE parameters (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      key TEXT NOT NULL,
      parent TEXT NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL,
      value TEXT NOT NULL,
      version INTEGER NOT NULL,
      tier TEXT NOT NULL,
      data_type TEXT NOT NULL,
      description TEXT,
      allowed_pattern TEXT,
      key_id TEXT,
      policies TEXT,
      last_modified_ms INTEGER NOT NULL,
      last_modified_user TEXT NOT NULL,
      PRIMARY KEY (account_id, region, key)
    ) WITHOUT ROWID;
    CREATE INDEX parameters_by_parent ON parameters (account_id, region, parent, key);
    CREATE INDEX parameters_with_policies ON parameters (account_id, region, key) WHERE policies IS NOT NULL;

    CREATE TABLE parameter_versions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      key TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL,
      value TEXT NOT NULL,
      tier TEXT NOT NULL,
      data_type TEXT NOT NULL,
      description TEXT,
      allowed_pattern TEXT,
      key_id TEXT,
      policies TEXT,
      last_modified_ms INTEGER NOT NULL,
      last_modified_user TEXT NOT NULL,
      PRIMARY KEY (account_id, region, key, version)
    ) WITHOUT ROWID;

    CREATE TABLE parameter_labels (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      key TEXT NOT NULL,
      label TEXT NOT NULL,
      version INTEGER NOT NULL,
      labelled_ms INTEGER NOT NULL,
      PRIMARY KEY (account_id, region, key, label)
    ) WITHOUT ROWID;
    CREATE INDEX parameter_labels_by_version ON parameter_labels (account_id, region, key, version);

    -- Per-tier parameter counts, kept with each write, so quota checks never count rows.
    CREATE TABLE parameter_tier_counts (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      tier TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (account_id, region, tier)
    ) WITHOUT ROWID;

    CREATE TABLE kms_keys (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      key_id TEXT NOT NULL,
      alias TEXT,
      state TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      PRIMARY KEY (account_id, region, key_id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX kms_keys_by_alias ON kms_keys (account_id, region, alias) WHERE alias IS NOT NULL;

    CREATE TABLE resource_policies (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      policy_id TEXT NOT NULL,
      policy_hash TEXT NOT NULL,
      policy TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      PRIMARY KEY (account_id, region, resource_arn, policy_id)
    ) WITHOUT ROWID;

    -- Which accounts a resource policy shares a parameter with, for DescribeParameters Shared=true.
    CREATE TABLE resource_shares (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      policy_id TEXT NOT NULL,
      grantee TEXT NOT NULL,
      PRIMARY KEY (account_id, region, resource_arn, policy_id, grantee)
    ) WITHOUT ROWID;
    CREATE INDEX resource_shares_by_grantee ON resource_shares (grantee, region, resource_arn);
  `,
};
