import type { Migration } from './index.js';

// State Manager: associations (the latest version's record as JSON beside the columns lists filter, page and
// schedule on), every version, executions newest first, their per-target results, and each node's latest
// result per association (DescribeInstanceAssociationsStatus and the Overview's aggregated counts).
export const m012Associations: Migration = {
  version: 12,
  name: 'associations',
  up: `
    CREATE TABLE associations (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      association_id TEXT NOT NULL,
      name TEXT NOT NULL,
      instance_id TEXT,
      association_name TEXT,
      overview_status TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      last_execution_ms INTEGER,
      next_ms INTEGER,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, association_id)
    ) WITHOUT ROWID;
    CREATE INDEX associations_by_created ON associations (account_id, region, created_ms, association_id);
    CREATE INDEX associations_by_instance ON associations (account_id, region, instance_id, name);
    CREATE INDEX associations_by_next ON associations (next_ms) WHERE next_ms IS NOT NULL;
    CREATE TABLE association_versions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      association_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, association_id, version)
    ) WITHOUT ROWID;
    CREATE TABLE association_executions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      association_id TEXT NOT NULL,
      execution_id TEXT NOT NULL,
      status TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, association_id, execution_id)
    ) WITHOUT ROWID;
    CREATE INDEX association_executions_by_created
      ON association_executions (account_id, region, association_id, created_ms DESC, execution_id);
    CREATE INDEX association_executions_unfinished ON association_executions (status)
      WHERE status IN ('Pending', 'InProgress');
    CREATE TABLE association_execution_targets (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      association_id TEXT NOT NULL,
      execution_id TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      status TEXT NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, association_id, execution_id, resource_id)
    ) WITHOUT ROWID;
    CREATE TABLE instance_association_status (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      association_id TEXT NOT NULL,
      status TEXT NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, instance_id, association_id)
    ) WITHOUT ROWID;
    CREATE INDEX instance_association_status_by_association
      ON instance_association_status (account_id, region, association_id, status);
  `,
};
