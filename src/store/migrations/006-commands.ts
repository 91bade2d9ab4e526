import type { Migration } from './index.js';

// Run Command: commands and their invocations (one per target node); the API view is kept as JSON, the
// columns that lists filter and seek on are columns.
export const m006Commands: Migration = {
  version: 6,
  name: 'commands',
  up: `
    CREATE TABLE commands (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      command_id TEXT NOT NULL,
      requested_ms INTEGER NOT NULL,
      status TEXT NOT NULL,
      document_name TEXT NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, command_id)
    ) WITHOUT ROWID;
    CREATE INDEX commands_by_time ON commands (account_id, region, requested_ms DESC, command_id);

    CREATE TABLE command_invocations (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      command_id TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      requested_ms INTEGER NOT NULL,
      status TEXT NOT NULL,
      document_name TEXT NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, command_id, instance_id)
    ) WITHOUT ROWID;
    CREATE INDEX invocations_by_instance
      ON command_invocations (account_id, region, instance_id, requested_ms DESC, command_id);
    CREATE INDEX invocations_by_time
      ON command_invocations (account_id, region, requested_ms DESC, command_id, instance_id);
  `,
};
