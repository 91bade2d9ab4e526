import type { Migration } from './index.js';

export const m001ServiceSettings: Migration = {
  version: 1,
  name: 'service-settings',
  up: `
    CREATE TABLE service_settings (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      setting_id TEXT NOT NULL,
      value TEXT NOT NULL,
      last_modified_ms INTEGER NOT NULL,
      last_modified_user TEXT NOT NULL,
      PRIMARY KEY (account_id, region, setting_id)
    ) WITHOUT ROWID;
  `,
};
