import type { Migration } from './index.js';

// Patch Manager: customer patch baselines (definition as JSON, the columns lists filter and seek on beside
// it), patch group registrations (one baseline per patch group and operating system), the default baseline
// an account registered per operating system (no row: AWS's), patch snapshots handed to nodes, and the patch
// states nodes report (summary per node, one row per patch) that the DescribeInstancePatch* calls read.
export const m011Patching: Migration = {
  version: 11,
  name: 'patching',
  up: `
    CREATE TABLE patch_baselines (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      baseline_id TEXT NOT NULL,
      name TEXT NOT NULL,
      operating_system TEXT NOT NULL,
      client_token TEXT,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, baseline_id)
    ) WITHOUT ROWID;
    CREATE INDEX patch_baselines_by_name ON patch_baselines (account_id, region, name, baseline_id);
    CREATE INDEX patch_baselines_by_token ON patch_baselines (account_id, region, client_token);

    CREATE TABLE patch_groups (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      patch_group TEXT NOT NULL,
      operating_system TEXT NOT NULL,
      baseline_id TEXT NOT NULL,
      PRIMARY KEY (account_id, region, patch_group, operating_system)
    ) WITHOUT ROWID;
    CREATE INDEX patch_groups_by_baseline ON patch_groups (account_id, region, baseline_id, patch_group);

    CREATE TABLE patch_default_baselines (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      operating_system TEXT NOT NULL,
      baseline_id TEXT NOT NULL,
      PRIMARY KEY (account_id, region, operating_system)
    ) WITHOUT ROWID;

    CREATE TABLE patch_snapshots (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      snapshot_id TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, snapshot_id)
    ) WITHOUT ROWID;

    CREATE TABLE instance_patch_states (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      patch_group TEXT NOT NULL,
      installed INTEGER NOT NULL,
      installed_other INTEGER NOT NULL,
      installed_pending_reboot INTEGER NOT NULL,
      installed_rejected INTEGER NOT NULL,
      missing INTEGER NOT NULL,
      failed INTEGER NOT NULL,
      unreported_not_applicable INTEGER NOT NULL,
      not_applicable INTEGER NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, instance_id)
    ) WITHOUT ROWID;
    CREATE INDEX instance_patch_states_by_group
      ON instance_patch_states (account_id, region, patch_group, instance_id);

    CREATE TABLE instance_patches (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      kb_id TEXT NOT NULL,
      state TEXT NOT NULL,
      classification TEXT NOT NULL,
      severity TEXT NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, instance_id, seq)
    ) WITHOUT ROWID;
  `,
};
