import type { Migration } from './index.js';

// Automation executions (one row each, the full record as JSON beside the columns lists filter and page on)
// and their step executions in run order. DescribeAutomationExecutions pages newest first.
export const m009Automation: Migration = {
  version: 9,
  name: 'automation',
  up: `
    CREATE TABLE automation_executions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      execution_id TEXT NOT NULL,
      document_name TEXT NOT NULL,
      status TEXT NOT NULL,
      start_ms INTEGER NOT NULL,
      parent_id TEXT,
      client_token TEXT,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, execution_id)
    ) WITHOUT ROWID;
    CREATE INDEX automation_executions_by_start
      ON automation_executions (account_id, region, start_ms DESC, execution_id DESC);
    CREATE INDEX automation_executions_by_parent
      ON automation_executions (account_id, region, parent_id, start_ms DESC, execution_id DESC);
    CREATE INDEX automation_executions_by_token ON automation_executions (account_id, region, client_token);
    CREATE TABLE automation_steps (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      execution_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, execution_id, seq)
    ) WITHOUT ROWID;
  `,
};
