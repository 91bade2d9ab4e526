import type { Migration } from './index.js';

// The simulated EC2 side of Automation: the power state of the fleet's EC2 nodes, and the volume, image and
// snapshot registries. `due_ms` is the next moment a row changes by itself (a transition ends), so start-up
// and timers find the work that fell due with one index seek. (The lookup indexes are not partial: SQLite
// does not use a partial `IS NOT NULL` index for `col = ?`.)
export const m008Ec2: Migration = {
  version: 8,
  name: 'ec2',
  up: `
    CREATE TABLE ec2_instances (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      instance_id TEXT NOT NULL,
      state TEXT NOT NULL,
      launch_ms INTEGER NOT NULL,
      running_since_ms INTEGER NOT NULL,
      transition_end_ms INTEGER,
      reboot_until_ms INTEGER,
      agent_down_ms INTEGER,
      transition_reason TEXT NOT NULL,
      state_reason TEXT,
      image_id TEXT NOT NULL,
      root_device TEXT NOT NULL,
      due_ms INTEGER,
      PRIMARY KEY (account_id, region, instance_id)
    ) WITHOUT ROWID;
    CREATE INDEX ec2_instances_due ON ec2_instances (due_ms) WHERE due_ms IS NOT NULL;

    CREATE TABLE ec2_volumes (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      volume_id TEXT NOT NULL,
      size_gb INTEGER NOT NULL,
      availability_zone TEXT NOT NULL,
      snapshot_id TEXT,
      volume_type TEXT NOT NULL,
      create_ms INTEGER NOT NULL,
      state TEXT NOT NULL,
      instance_id TEXT,
      device TEXT,
      attach_state TEXT,
      attach_ms INTEGER,
      delete_on_termination INTEGER NOT NULL DEFAULT 0,
      due_ms INTEGER,
      PRIMARY KEY (account_id, region, volume_id)
    ) WITHOUT ROWID;
    CREATE INDEX ec2_volumes_by_instance ON ec2_volumes (account_id, region, instance_id, device);
    CREATE INDEX ec2_volumes_due ON ec2_volumes (due_ms) WHERE due_ms IS NOT NULL;

    CREATE TABLE ec2_images (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      image_id TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT,
      state TEXT NOT NULL,
      source_instance_id TEXT,
      architecture TEXT NOT NULL,
      platform TEXT,
      platform_details TEXT NOT NULL,
      usage_operation TEXT NOT NULL,
      root_device TEXT NOT NULL,
      create_ms INTEGER NOT NULL,
      block_devices_json TEXT NOT NULL,
      due_ms INTEGER,
      PRIMARY KEY (account_id, region, image_id)
    ) WITHOUT ROWID;
    CREATE INDEX ec2_images_by_name ON ec2_images (account_id, region, name);
    CREATE INDEX ec2_images_due ON ec2_images (due_ms) WHERE due_ms IS NOT NULL;

    CREATE TABLE ec2_snapshots (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      snapshot_id TEXT NOT NULL,
      volume_id TEXT NOT NULL,
      size_gb INTEGER NOT NULL,
      description TEXT NOT NULL,
      state TEXT NOT NULL,
      start_ms INTEGER NOT NULL,
      image_id TEXT,
      due_ms INTEGER,
      PRIMARY KEY (account_id, region, snapshot_id)
    ) WITHOUT ROWID;
    CREATE INDEX ec2_snapshots_by_image ON ec2_snapshots (account_id, region, image_id, snapshot_id);
    CREATE INDEX ec2_snapshots_due ON ec2_snapshots (due_ms) WHERE due_ms IS NOT NULL;

    CREATE TABLE ec2_tags (
      account_id TEXT NOT NULL,
      region TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      tag_key TEXT NOT NULL,
      tag_value TEXT NOT NULL,
      PRIMARY KEY (account_id, region, resource_id, tag_key)
    ) WITHOUT ROWID;
  `,
};
