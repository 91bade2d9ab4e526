// The simulated EC2 registry (one aggregate): power state of the fleet's EC2 nodes, EBS volumes, AMIs,
// snapshots and the tags of volumes, images and snapshots (instance tags stay in node_tags).
import type { Db } from '../database.js';

export type InstanceStateName =
  | 'pending'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'shutting-down'
  | 'terminated';

export interface StoredEc2Instance {
  account: string;
  region: string;
  instanceId: string;
  state: InstanceStateName;
  /** LaunchTime: the first launch, then the last start. */
  launchMs: number;
  /** When the instance last reached `running` (status checks initialise from there). */
  runningSinceMs: number;
  /** End of the current transitional state (pending, stopping, shutting-down). */
  transitionEndMs?: number;
  /** A reboot in progress keeps the agent away until then. */
  rebootUntilMs?: number;
  /** When the agent went away because of the power state (a stop, a reboot, a termination). */
  agentDownMs?: number;
  transitionReason: string;
  stateReason?: string;
  imageId: string;
  rootDevice: string;
}

export interface VolumeAttachment {
  instanceId: string;
  device: string;
  state: 'attaching' | 'attached' | 'detaching';
  attachMs: number;
  deleteOnTermination: boolean;
}

export interface StoredVolume {
  account: string;
  region: string;
  volumeId: string;
  sizeGb: number;
  availabilityZone: string;
  snapshotId?: string;
  volumeType: string;
  createMs: number;
  state: 'creating' | 'available' | 'in-use' | 'deleting';
  attachment?: VolumeAttachment;
  dueMs?: number;
}

export interface ImageBlockDevice {
  deviceName: string;
  snapshotId: string;
  volumeSize: number;
  volumeType: string;
  deleteOnTermination: boolean;
}

export interface StoredImage {
  account: string;
  region: string;
  imageId: string;
  name: string;
  description?: string;
  state: 'pending' | 'available' | 'failed';
  sourceInstanceId?: string;
  architecture: string;
  platform?: string;
  platformDetails: string;
  usageOperation: string;
  rootDevice: string;
  createMs: number;
  blockDevices: ImageBlockDevice[];
  dueMs?: number;
}

export interface StoredSnapshot {
  account: string;
  region: string;
  snapshotId: string;
  volumeId: string;
  sizeGb: number;
  description: string;
  state: 'pending' | 'completed' | 'error';
  startMs: number;
  /** The AMI whose block device mapping uses this snapshot (DeleteSnapshot refuses it). */
  imageId?: string;
  dueMs?: number;
}

export interface Ec2TagRow {
  resourceId: string;
  key: string;
  value: string;
}

interface InstanceRow {
  account_id: string;
  region: string;
  instance_id: string;
  state: InstanceStateName;
  launch_ms: number;
  running_since_ms: number;
  transition_end_ms: number | null;
  reboot_until_ms: number | null;
  agent_down_ms: number | null;
  transition_reason: string;
  state_reason: string | null;
  image_id: string;
  root_device: string;
}

interface VolumeRow {
  account_id: string;
  region: string;
  volume_id: string;
  size_gb: number;
  availability_zone: string;
  snapshot_id: string | null;
  volume_type: string;
  create_ms: number;
  state: StoredVolume['state'];
  instance_id: string | null;
  device: string | null;
  attach_state: VolumeAttachment['state'] | null;
  attach_ms: number | null;
  delete_on_termination: number;
  due_ms: number | null;
}

interface ImageRow {
  account_id: string;
  region: string;
  image_id: string;
  name: string;
  description: string | null;
  state: StoredImage['state'];
  source_instance_id: string | null;
  architecture: string;
  platform: string | null;
  platform_details: string;
  usage_operation: string;
  root_device: string;
  create_ms: number;
  block_devices_json: string;
  due_ms: number | null;
}

interface SnapshotRow {
  account_id: string;
  region: string;
  snapshot_id: string;
  volume_id: string;
  size_gb: number;
  description: string;
  state: StoredSnapshot['state'];
  start_ms: number;
  image_id: string | null;
  due_ms: number | null;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

const toInstance = (r: InstanceRow): StoredEc2Instance => ({
  account: r.account_id,
  region: r.region,
  instanceId: r.instance_id,
  state: r.state,
  launchMs: r.launch_ms,
  runningSinceMs: r.running_since_ms,
  transitionEndMs: opt(r.transition_end_ms),
  rebootUntilMs: opt(r.reboot_until_ms),
  agentDownMs: opt(r.agent_down_ms),
  transitionReason: r.transition_reason,
  stateReason: opt(r.state_reason),
  imageId: r.image_id,
  rootDevice: r.root_device,
});

const toVolume = (r: VolumeRow): StoredVolume => ({
  account: r.account_id,
  region: r.region,
  volumeId: r.volume_id,
  sizeGb: r.size_gb,
  availabilityZone: r.availability_zone,
  snapshotId: opt(r.snapshot_id),
  volumeType: r.volume_type,
  createMs: r.create_ms,
  state: r.state,
  attachment:
    r.instance_id && r.device && r.attach_state
      ? {
          instanceId: r.instance_id,
          device: r.device,
          state: r.attach_state,
          attachMs: r.attach_ms ?? r.create_ms,
          deleteOnTermination: r.delete_on_termination === 1,
        }
      : undefined,
  dueMs: opt(r.due_ms),
});

const toImage = (r: ImageRow): StoredImage => ({
  account: r.account_id,
  region: r.region,
  imageId: r.image_id,
  name: r.name,
  description: opt(r.description),
  state: r.state,
  sourceInstanceId: opt(r.source_instance_id),
  architecture: r.architecture,
  platform: opt(r.platform),
  platformDetails: r.platform_details,
  usageOperation: r.usage_operation,
  rootDevice: r.root_device,
  createMs: r.create_ms,
  blockDevices: JSON.parse(r.block_devices_json) as ImageBlockDevice[],
  dueMs: opt(r.due_ms),
});

const toSnapshot = (r: SnapshotRow): StoredSnapshot => ({
  account: r.account_id,
  region: r.region,
  snapshotId: r.snapshot_id,
  volumeId: r.volume_id,
  sizeGb: r.size_gb,
  description: r.description,
  state: r.state,
  startMs: r.start_ms,
  imageId: opt(r.image_id),
  dueMs: opt(r.due_ms),
});

/** The next moment an instance changes by itself: the end of its transition or of its reboot. */
function instanceDue(i: StoredEc2Instance): number | null {
  const times = [i.transitionEndMs, i.rebootUntilMs].filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : null;
}

export class Ec2Repository {
  private readonly getInstanceStmt;
  private readonly putInstanceStmt;
  private readonly missingInstancesStmt;
  private readonly poweredDownStmt;
  private readonly dueInstancesStmt;
  private readonly getVolumeStmt;
  private readonly putVolumeStmt;
  private readonly deleteVolumeStmt;
  private readonly volumesOfStmt;
  private readonly listVolumesStmt;
  private readonly dueVolumesStmt;
  private readonly getImageStmt;
  private readonly putImageStmt;
  private readonly deleteImageStmt;
  private readonly imageByNameStmt;
  private readonly listImagesStmt;
  private readonly dueImagesStmt;
  private readonly getSnapshotStmt;
  private readonly putSnapshotStmt;
  private readonly deleteSnapshotStmt;
  private readonly snapshotsOfImageStmt;
  private readonly listSnapshotsStmt;
  private readonly dueSnapshotsStmt;
  private readonly futureDueStmt;
  private readonly tagsStmt;
  private readonly putTagStmt;
  private readonly removeTagStmt;
  private readonly removeTagValueStmt;
  private readonly removeAllTagsStmt;
  private readonly allTagsStmt;

  constructor(db: Db) {
    const scope = 'account_id = ? AND region = ?';
    this.getInstanceStmt = db.prepare<[string, string, string], InstanceRow>(
      `SELECT * FROM ec2_instances WHERE ${scope} AND instance_id = ?`,
    );
    this.putInstanceStmt = db.prepare(
      `INSERT OR REPLACE INTO ec2_instances (account_id, region, instance_id, state, launch_ms, running_since_ms,
         transition_end_ms, reboot_until_ms, agent_down_ms, transition_reason, state_reason, image_id, root_device, due_ms)
       VALUES (@account_id, @region, @instance_id, @state, @launch_ms, @running_since_ms, @transition_end_ms,
         @reboot_until_ms, @agent_down_ms, @transition_reason, @state_reason, @image_id, @root_device, @due_ms)`,
    );
    this.missingInstancesStmt = db.prepare<[string, string], { instance_id: string }>(
      `SELECT n.instance_id FROM nodes n WHERE n.account_id = ? AND n.region = ? AND n.resource_type = 'EC2Instance'
         AND NOT EXISTS (SELECT 1 FROM ec2_instances e WHERE e.account_id = n.account_id AND e.region = n.region
           AND e.instance_id = n.instance_id)`,
    );
    this.poweredDownStmt = db.prepare<[], InstanceRow>(
      "SELECT * FROM ec2_instances WHERE state <> 'running' OR reboot_until_ms IS NOT NULL",
    );
    this.dueInstancesStmt = db.prepare<[number], InstanceRow>(
      'SELECT * FROM ec2_instances WHERE due_ms IS NOT NULL AND due_ms <= ? ORDER BY due_ms',
    );
    this.getVolumeStmt = db.prepare<[string, string, string], VolumeRow>(
      `SELECT * FROM ec2_volumes WHERE ${scope} AND volume_id = ?`,
    );
    this.putVolumeStmt = db.prepare(
      `INSERT OR REPLACE INTO ec2_volumes (account_id, region, volume_id, size_gb, availability_zone, snapshot_id,
         volume_type, create_ms, state, instance_id, device, attach_state, attach_ms, delete_on_termination, due_ms)
       VALUES (@account_id, @region, @volume_id, @size_gb, @availability_zone, @snapshot_id, @volume_type, @create_ms,
         @state, @instance_id, @device, @attach_state, @attach_ms, @delete_on_termination, @due_ms)`,
    );
    this.deleteVolumeStmt = db.prepare(`DELETE FROM ec2_volumes WHERE ${scope} AND volume_id = ?`);
    // INDEXED BY: without statistics the planner walks the primary key of the whole partition instead.
    this.volumesOfStmt = db.prepare<[string, string, string], VolumeRow>(
      `SELECT * FROM ec2_volumes INDEXED BY ec2_volumes_by_instance WHERE ${scope} AND instance_id = ? ORDER BY device`,
    );
    this.listVolumesStmt = db.prepare<[string, string, string, number], VolumeRow>(
      `SELECT * FROM ec2_volumes WHERE ${scope} AND volume_id > ? ORDER BY volume_id LIMIT ?`,
    );
    this.dueVolumesStmt = db.prepare<[number], VolumeRow>(
      'SELECT * FROM ec2_volumes WHERE due_ms IS NOT NULL AND due_ms <= ? ORDER BY due_ms',
    );
    this.getImageStmt = db.prepare<[string, string, string], ImageRow>(
      `SELECT * FROM ec2_images WHERE ${scope} AND image_id = ?`,
    );
    this.putImageStmt = db.prepare(
      `INSERT OR REPLACE INTO ec2_images (account_id, region, image_id, name, description, state, source_instance_id,
         architecture, platform, platform_details, usage_operation, root_device, create_ms, block_devices_json, due_ms)
       VALUES (@account_id, @region, @image_id, @name, @description, @state, @source_instance_id, @architecture,
         @platform, @platform_details, @usage_operation, @root_device, @create_ms, @block_devices_json, @due_ms)`,
    );
    this.deleteImageStmt = db.prepare(`DELETE FROM ec2_images WHERE ${scope} AND image_id = ?`);
    this.imageByNameStmt = db.prepare<[string, string, string], ImageRow>(
      `SELECT * FROM ec2_images INDEXED BY ec2_images_by_name WHERE ${scope} AND name = ? LIMIT 1`,
    );
    this.listImagesStmt = db.prepare<[string, string, string, number], ImageRow>(
      `SELECT * FROM ec2_images WHERE ${scope} AND image_id > ? ORDER BY image_id LIMIT ?`,
    );
    this.dueImagesStmt = db.prepare<[number], ImageRow>(
      'SELECT * FROM ec2_images WHERE due_ms IS NOT NULL AND due_ms <= ? ORDER BY due_ms',
    );
    this.getSnapshotStmt = db.prepare<[string, string, string], SnapshotRow>(
      `SELECT * FROM ec2_snapshots WHERE ${scope} AND snapshot_id = ?`,
    );
    this.putSnapshotStmt = db.prepare(
      `INSERT OR REPLACE INTO ec2_snapshots (account_id, region, snapshot_id, volume_id, size_gb, description, state,
         start_ms, image_id, due_ms)
       VALUES (@account_id, @region, @snapshot_id, @volume_id, @size_gb, @description, @state, @start_ms, @image_id,
         @due_ms)`,
    );
    this.deleteSnapshotStmt = db.prepare(`DELETE FROM ec2_snapshots WHERE ${scope} AND snapshot_id = ?`);
    this.snapshotsOfImageStmt = db.prepare<[string, string, string], SnapshotRow>(
      `SELECT * FROM ec2_snapshots INDEXED BY ec2_snapshots_by_image WHERE ${scope} AND image_id = ? ORDER BY snapshot_id`,
    );
    this.listSnapshotsStmt = db.prepare<[string, string, string, number], SnapshotRow>(
      `SELECT * FROM ec2_snapshots WHERE ${scope} AND snapshot_id > ? ORDER BY snapshot_id LIMIT ?`,
    );
    this.dueSnapshotsStmt = db.prepare<[number], SnapshotRow>(
      'SELECT * FROM ec2_snapshots WHERE due_ms IS NOT NULL AND due_ms <= ? ORDER BY due_ms',
    );
    this.futureDueStmt = db.prepare<[number, number, number, number], { due_ms: number }>(
      `SELECT due_ms FROM ec2_instances WHERE due_ms > ?
       UNION SELECT due_ms FROM ec2_volumes WHERE due_ms > ?
       UNION SELECT due_ms FROM ec2_images WHERE due_ms > ?
       UNION SELECT due_ms FROM ec2_snapshots WHERE due_ms > ?`,
    );
    this.tagsStmt = db.prepare<[string, string, string], { tag_key: string; tag_value: string }>(
      `SELECT tag_key, tag_value FROM ec2_tags WHERE ${scope} AND resource_id = ? ORDER BY tag_key`,
    );
    this.putTagStmt = db.prepare(
      `INSERT INTO ec2_tags (account_id, region, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, resource_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
    );
    this.removeTagStmt = db.prepare(
      `DELETE FROM ec2_tags WHERE ${scope} AND resource_id = ? AND tag_key = ?`,
    );
    this.removeTagValueStmt = db.prepare(
      `DELETE FROM ec2_tags WHERE ${scope} AND resource_id = ? AND tag_key = ? AND tag_value = ?`,
    );
    this.removeAllTagsStmt = db.prepare(`DELETE FROM ec2_tags WHERE ${scope} AND resource_id = ?`);
    this.allTagsStmt = db.prepare<
      [string, string],
      { resource_id: string; tag_key: string; tag_value: string }
    >(`SELECT resource_id, tag_key, tag_value FROM ec2_tags WHERE ${scope} ORDER BY resource_id, tag_key`);
  }

  // ---- instances ----

  instance(account: string, region: string, instanceId: string): StoredEc2Instance | undefined {
    const r = this.getInstanceStmt.get(account, region, instanceId);
    return r ? toInstance(r) : undefined;
  }

  putInstance(i: StoredEc2Instance): void {
    this.putInstanceStmt.run({
      account_id: i.account,
      region: i.region,
      instance_id: i.instanceId,
      state: i.state,
      launch_ms: i.launchMs,
      running_since_ms: i.runningSinceMs,
      transition_end_ms: i.transitionEndMs ?? null,
      reboot_until_ms: i.rebootUntilMs ?? null,
      agent_down_ms: i.agentDownMs ?? null,
      transition_reason: i.transitionReason,
      state_reason: i.stateReason ?? null,
      image_id: i.imageId,
      root_device: i.rootDevice,
      due_ms: instanceDue(i),
    });
  }

  /** EC2 nodes of the fleet that have no EC2 record yet (it is made at first use). */
  instancesWithoutRecord(account: string, region: string): string[] {
    return this.missingInstancesStmt.all(account, region).map((r) => r.instance_id);
  }

  /** Every account: instances whose agent the power state keeps away (start-up re-applies it to the fleet). */
  poweredDown(): StoredEc2Instance[] {
    return this.poweredDownStmt.all().map(toInstance);
  }

  dueInstances(nowMs: number): StoredEc2Instance[] {
    return this.dueInstancesStmt.all(nowMs).map(toInstance);
  }

  // ---- volumes ----

  volume(account: string, region: string, volumeId: string): StoredVolume | undefined {
    const r = this.getVolumeStmt.get(account, region, volumeId);
    return r ? toVolume(r) : undefined;
  }

  putVolume(v: StoredVolume): void {
    this.putVolumeStmt.run({
      account_id: v.account,
      region: v.region,
      volume_id: v.volumeId,
      size_gb: v.sizeGb,
      availability_zone: v.availabilityZone,
      snapshot_id: v.snapshotId ?? null,
      volume_type: v.volumeType,
      create_ms: v.createMs,
      state: v.state,
      instance_id: v.attachment?.instanceId ?? null,
      device: v.attachment?.device ?? null,
      attach_state: v.attachment?.state ?? null,
      attach_ms: v.attachment?.attachMs ?? null,
      delete_on_termination: v.attachment?.deleteOnTermination ? 1 : 0,
      due_ms: v.dueMs ?? null,
    });
  }

  deleteVolume(account: string, region: string, volumeId: string): void {
    this.deleteVolumeStmt.run(account, region, volumeId);
    this.removeAllTagsStmt.run(account, region, volumeId);
  }

  /** Volumes attached (or attaching, detaching) to an instance, by device name. */
  volumesOf(account: string, region: string, instanceId: string): StoredVolume[] {
    return this.volumesOfStmt.all(account, region, instanceId).map(toVolume);
  }

  /** Up to `limit` volumes in id order after `after` (keyset). */
  volumes(account: string, region: string, after: string, limit: number): StoredVolume[] {
    return this.listVolumesStmt.all(account, region, after, limit).map(toVolume);
  }

  dueVolumes(nowMs: number): StoredVolume[] {
    return this.dueVolumesStmt.all(nowMs).map(toVolume);
  }

  // ---- images ----

  image(account: string, region: string, imageId: string): StoredImage | undefined {
    const r = this.getImageStmt.get(account, region, imageId);
    return r ? toImage(r) : undefined;
  }

  imageNamed(account: string, region: string, name: string): StoredImage | undefined {
    const r = this.imageByNameStmt.get(account, region, name);
    return r ? toImage(r) : undefined;
  }

  putImage(i: StoredImage): void {
    this.putImageStmt.run({
      account_id: i.account,
      region: i.region,
      image_id: i.imageId,
      name: i.name,
      description: i.description ?? null,
      state: i.state,
      source_instance_id: i.sourceInstanceId ?? null,
      architecture: i.architecture,
      platform: i.platform ?? null,
      platform_details: i.platformDetails,
      usage_operation: i.usageOperation,
      root_device: i.rootDevice,
      create_ms: i.createMs,
      block_devices_json: JSON.stringify(i.blockDevices),
      due_ms: i.dueMs ?? null,
    });
  }

  deleteImage(account: string, region: string, imageId: string): void {
    this.deleteImageStmt.run(account, region, imageId);
    this.removeAllTagsStmt.run(account, region, imageId);
  }

  images(account: string, region: string, after: string, limit: number): StoredImage[] {
    return this.listImagesStmt.all(account, region, after, limit).map(toImage);
  }

  dueImages(nowMs: number): StoredImage[] {
    return this.dueImagesStmt.all(nowMs).map(toImage);
  }

  // ---- snapshots ----

  snapshot(account: string, region: string, snapshotId: string): StoredSnapshot | undefined {
    const r = this.getSnapshotStmt.get(account, region, snapshotId);
    return r ? toSnapshot(r) : undefined;
  }

  putSnapshot(s: StoredSnapshot): void {
    this.putSnapshotStmt.run({
      account_id: s.account,
      region: s.region,
      snapshot_id: s.snapshotId,
      volume_id: s.volumeId,
      size_gb: s.sizeGb,
      description: s.description,
      state: s.state,
      start_ms: s.startMs,
      image_id: s.imageId ?? null,
      due_ms: s.dueMs ?? null,
    });
  }

  deleteSnapshot(account: string, region: string, snapshotId: string): void {
    this.deleteSnapshotStmt.run(account, region, snapshotId);
    this.removeAllTagsStmt.run(account, region, snapshotId);
  }

  snapshotsOfImage(account: string, region: string, imageId: string): StoredSnapshot[] {
    return this.snapshotsOfImageStmt.all(account, region, imageId).map(toSnapshot);
  }

  snapshots(account: string, region: string, after: string, limit: number): StoredSnapshot[] {
    return this.listSnapshotsStmt.all(account, region, after, limit).map(toSnapshot);
  }

  dueSnapshots(nowMs: number): StoredSnapshot[] {
    return this.dueSnapshotsStmt.all(nowMs).map(toSnapshot);
  }

  /** Every account: the moments after `nowMs` at which some row changes by itself (timers to arm at start-up). */
  futureDueTimes(nowMs: number): number[] {
    return this.futureDueStmt.all(nowMs, nowMs, nowMs, nowMs).map((r) => r.due_ms);
  }

  // ---- tags of volumes, images and snapshots ----

  tags(account: string, region: string, resourceId: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of this.tagsStmt.all(account, region, resourceId)) out[t.tag_key] = t.tag_value;
    return out;
  }

  putTags(account: string, region: string, resourceId: string, tags: Record<string, string>): void {
    for (const [k, v] of Object.entries(tags)) this.putTagStmt.run(account, region, resourceId, k, v);
  }

  /** Removes a tag; with a value, only when the tag has that value (DeleteTags). */
  removeTag(account: string, region: string, resourceId: string, key: string, value?: string): void {
    if (value === undefined) this.removeTagStmt.run(account, region, resourceId, key);
    else this.removeTagValueStmt.run(account, region, resourceId, key, value);
  }

  removeAllTags(account: string, region: string, resourceId: string): void {
    this.removeAllTagsStmt.run(account, region, resourceId);
  }

  allTags(account: string, region: string): Ec2TagRow[] {
    return this.allTagsStmt
      .all(account, region)
      .map((r) => ({ resourceId: r.resource_id, key: r.tag_key, value: r.tag_value }));
  }
}
