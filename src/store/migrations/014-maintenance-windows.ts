import type { Migration } from './index.js';

// Maintenance windows, their targets and tasks, and the history of their runs (executions, task executions,
// invocations). Records are JSON beside the columns lists seek on; windows.next_ms is the scheduler's index:
// the one timer is set for MIN(next_ms), so an idle emulator does no work between openings.
export const m014MaintenanceWindows: Migration = {
  version: 14,
  name: 'maintenance-windows',
  up: `
    CREATE TABLE mw_windows (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      window_id TEXT NOT NULL,
      name TEXT NOT NULL,
      enabled INTEGER NOT NULL,
      next_ms INTEGER,
      client_token TEXT,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, window_id)
    ) WITHOUT ROWID;
    CREATE INDEX mw_windows_by_next ON mw_windows (next_ms) WHERE next_ms IS NOT NULL;
    CREATE INDEX mw_windows_by_token ON mw_windows (account_id, region, client_token);
    CREATE TABLE mw_targets (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      window_id TEXT NOT NULL,
      window_target_id TEXT NOT NULL,
      client_token TEXT,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, window_id, window_target_id)
    ) WITHOUT ROWID;
    CREATE INDEX mw_targets_by_token ON mw_targets (account_id, region, client_token);
    CREATE TABLE mw_tasks (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      window_id TEXT NOT NULL,
      window_task_id TEXT NOT NULL,
      client_token TEXT,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, window_id, window_task_id)
    ) WITHOUT ROWID;
    CREATE INDEX mw_tasks_by_token ON mw_tasks (account_id, region, client_token);
    CREATE TABLE mw_executions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      window_execution_id TEXT NOT NULL,
      window_id TEXT NOT NULL,
      status TEXT NOT NULL,
      start_ms INTEGER NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, window_execution_id)
    ) WITHOUT ROWID;
    CREATE INDEX mw_executions_by_window
      ON mw_executions (account_id, region, window_id, start_ms DESC, window_execution_id DESC);
    CREATE INDEX mw_executions_by_status ON mw_executions (status);
    CREATE TABLE mw_task_executions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      window_execution_id TEXT NOT NULL,
      task_execution_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      status TEXT NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, window_execution_id, task_execution_id)
    ) WITHOUT ROWID;
    CREATE INDEX mw_task_executions_by_seq ON mw_task_executions (account_id, region, window_execution_id, seq);
    CREATE TABLE mw_invocations (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      window_execution_id TEXT NOT NULL,
      task_execution_id TEXT NOT NULL,
      invocation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      status TEXT NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, window_execution_id, task_execution_id, invocation_id)
    ) WITHOUT ROWID;
    CREATE INDEX mw_invocations_by_seq
      ON mw_invocations (account_id, region, window_execution_id, task_execution_id, seq);
  `,
};
