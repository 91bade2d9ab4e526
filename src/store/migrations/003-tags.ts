import type { Migration } from './index.js';

// One tag table for every taggable resource type (ResourceTypeForTagging), keyed by type and id.
export const m003Tags: Migration = {
  version: 3,
  name: 'tags',
  up: `
    CREATE TABLE resource_tags (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      tag_key TEXT NOT NULL,
      tag_value TEXT NOT NULL,
      PRIMARY KEY (account_id, region, resource_type, resource_id, tag_key)
    ) WITHOUT ROWID;
  `,
};
