import type { Migration } from './index.js';

// Managed nodes, the profiles (facts + behaviour) that groups of them share, their tags, and hybrid activations.
export const m005Nodes: Migration = {
  version: 5,
  name: 'nodes',
  up: `
    CREATE TABLE nodes (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      name TEXT,
      computer_name TEXT NOT NULL,
      ip_address TEXT NOT NULL,
      platform_type TEXT NOT NULL,
      platform_name TEXT NOT NULL,
      platform_version TEXT NOT NULL,
      agent_version TEXT NOT NULL,
      iam_role TEXT,
      activation_id TEXT,
      registration_ms INTEGER NOT NULL,
      source TEXT NOT NULL,
      agent_kind TEXT NOT NULL,
      agent_connected INTEGER NOT NULL,
      last_ping_ms INTEGER NOT NULL,
      profile_id TEXT NOT NULL,
      faults_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, instance_id)
    ) WITHOUT ROWID;
    CREATE INDEX nodes_by_activation ON nodes (region, activation_id) WHERE activation_id IS NOT NULL;

    CREATE TABLE node_profiles (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      profile_id TEXT NOT NULL,
      profile_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, profile_id)
    ) WITHOUT ROWID;

    CREATE TABLE node_tags (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      tag_key TEXT NOT NULL,
      tag_value TEXT NOT NULL,
      PRIMARY KEY (account_id, region, instance_id, tag_key)
    ) WITHOUT ROWID;
    CREATE INDEX node_tags_by_key ON node_tags (account_id, region, tag_key, tag_value);

    CREATE TABLE activations (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      activation_id TEXT NOT NULL,
      activation_code TEXT NOT NULL,
      description TEXT,
      default_instance_name TEXT,
      iam_role TEXT NOT NULL,
      registration_limit INTEGER NOT NULL,
      registrations_count INTEGER NOT NULL,
      expiration_ms INTEGER NOT NULL,
      created_ms INTEGER NOT NULL,
      tags_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, activation_id)
    ) WITHOUT ROWID;
    CREATE INDEX activations_by_id ON activations (region, activation_id);
  `,
};
