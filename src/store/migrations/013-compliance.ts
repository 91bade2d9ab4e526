import type { Migration } from './index.js';

// Compliance: items per (resource, compliance type) and one summary row per (resource, compliance type) that
// the summary operations count and page on. Association, Patch and Custom: types share these tables.
export const m013Compliance: Migration = {
  version: 13,
  name: 'compliance',
  up: `
    CREATE TABLE compliance_items (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      compliance_type TEXT NOT NULL,
      item_key TEXT NOT NULL,
      item_id TEXT NOT NULL,
      title TEXT NOT NULL,
      status TEXT NOT NULL,
      severity TEXT NOT NULL,
      execution_id TEXT NOT NULL,
      execution_type TEXT NOT NULL,
      execution_ms INTEGER NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, resource_id, compliance_type, item_key)
    ) WITHOUT ROWID;
    CREATE TABLE compliance_summaries (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      compliance_type TEXT NOT NULL,
      status TEXT NOT NULL,
      overall_severity TEXT NOT NULL,
      execution_id TEXT NOT NULL,
      execution_type TEXT NOT NULL,
      execution_ms INTEGER NOT NULL,
      content_hash TEXT NOT NULL,
      data_json TEXT NOT NULL,
      PRIMARY KEY (account_id, region, resource_id, compliance_type)
    ) WITHOUT ROWID;
    CREATE INDEX compliance_summaries_by_type ON compliance_summaries (account_id, region, compliance_type, status);
  `,
};
