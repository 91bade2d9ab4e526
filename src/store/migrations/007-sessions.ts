import type { Migration } from './index.js';

// Session Manager sessions: Active ones (Connecting/Connected/Disconnected/Terminating) and History
// (Terminated/Failed); DescribeSessions pages newest first by (start_ms, session_id) within one state.
export const m007Sessions: Migration = {
  version: 7,
  name: 'sessions',
  up: `
    CREATE TABLE sessions (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      session_id TEXT NOT NULL,
      target TEXT NOT NULL,
      status TEXT NOT NULL,
      history INTEGER NOT NULL,
      start_ms INTEGER NOT NULL,
      end_ms INTEGER,
      document_name TEXT NOT NULL,
      owner TEXT NOT NULL,
      reason TEXT,
      details TEXT,
      s3_output_url TEXT,
      cloudwatch_output_url TEXT,
      max_session_duration TEXT,
      access_type TEXT NOT NULL,
      PRIMARY KEY (account_id, region, session_id)
    ) WITHOUT ROWID;
    CREATE INDEX sessions_by_state ON sessions (account_id, region, history, start_ms DESC, session_id DESC);
  `,
};
