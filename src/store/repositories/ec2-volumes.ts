// EBS volumes of the simulated EC2 and their snapshots (CreateVolume, AttachVolume, CreateSnapshot, and the
// root and data volumes of the fleet's EC2 nodes).
import type { Db } from '../database.js';
import type { Ec2TagsRepository } from './ec2-tags.js';

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

const toVolume = (r: VolumeRow): StoredVolume => ({
  account: r.account_id,
  region: r.region,
  volumeId: r.volume_id,
  sizeGb: r.size_gb,
  availabilityZone: r.availability_zone,
  snapshotId: r.snapshot_id ?? undefined,
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
  dueMs: r.due_ms ?? undefined,
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
  imageId: r.image_id ?? undefined,
  dueMs: r.due_ms ?? undefined,
});

const SCOPE = 'account_id = ? AND region = ?';

export class Ec2VolumesRepository {
  private readonly getStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly attachedToStmt;
  private readonly listStmt;
  private readonly dueStmt;

  constructor(
    db: Db,
    private readonly tags: Ec2TagsRepository,
  ) {
    this.getStmt = db.prepare<[string, string, string], VolumeRow>(
      `SELECT * FROM ec2_volumes WHERE ${SCOPE} AND volume_id = ?`,
    );
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO ec2_volumes (account_id, region, volume_id, size_gb, availability_zone, snapshot_id,
         volume_type, create_ms, state, instance_id, device, attach_state, attach_ms, delete_on_termination, due_ms)
       VALUES (@account_id, @region, @volume_id, @size_gb, @availability_zone, @snapshot_id, @volume_type, @create_ms,
         @state, @instance_id, @device, @attach_state, @attach_ms, @delete_on_termination, @due_ms)`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM ec2_volumes WHERE ${SCOPE} AND volume_id = ?`);
    // INDEXED BY: without statistics the planner walks the primary key of the whole partition instead.
    this.attachedToStmt = db.prepare<[string, string, string], VolumeRow>(
      `SELECT * FROM ec2_volumes INDEXED BY ec2_volumes_by_instance WHERE ${SCOPE} AND instance_id = ? ORDER BY device`,
    );
    this.listStmt = db.prepare<[string, string, string, number], VolumeRow>(
      `SELECT * FROM ec2_volumes WHERE ${SCOPE} AND volume_id > ? ORDER BY volume_id LIMIT ?`,
    );
    this.dueStmt = db.prepare<[number], VolumeRow>(
      'SELECT * FROM ec2_volumes WHERE due_ms IS NOT NULL AND due_ms <= ? ORDER BY due_ms',
    );
  }

  get(account: string, region: string, volumeId: string): StoredVolume | undefined {
    const r = this.getStmt.get(account, region, volumeId);
    return r ? toVolume(r) : undefined;
  }

  put(v: StoredVolume): void {
    this.putStmt.run({
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

  /** Deletes the volume with its tags. */
  delete(account: string, region: string, volumeId: string): void {
    this.deleteStmt.run(account, region, volumeId);
    this.tags.removeAll(account, region, volumeId);
  }

  /** Volumes attached (or attaching, detaching) to an instance, by device name. */
  attachedTo(account: string, region: string, instanceId: string): StoredVolume[] {
    return this.attachedToStmt.all(account, region, instanceId).map(toVolume);
  }

  /** Up to `limit` volumes in id order after `after` (keyset). */
  list(account: string, region: string, after: string, limit: number): StoredVolume[] {
    return this.listStmt.all(account, region, after, limit).map(toVolume);
  }

  /** Every account: volumes whose creation, attachment or detachment ends by `nowMs`. */
  due(nowMs: number): StoredVolume[] {
    return this.dueStmt.all(nowMs).map(toVolume);
  }
}

export class Ec2SnapshotsRepository {
  private readonly getStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly ofImageStmt;
  private readonly listStmt;
  private readonly dueStmt;

  constructor(
    db: Db,
    private readonly tags: Ec2TagsRepository,
  ) {
    this.getStmt = db.prepare<[string, string, string], SnapshotRow>(
      `SELECT * FROM ec2_snapshots WHERE ${SCOPE} AND snapshot_id = ?`,
    );
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO ec2_snapshots (account_id, region, snapshot_id, volume_id, size_gb, description, state,
         start_ms, image_id, due_ms)
       VALUES (@account_id, @region, @snapshot_id, @volume_id, @size_gb, @description, @state, @start_ms, @image_id,
         @due_ms)`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM ec2_snapshots WHERE ${SCOPE} AND snapshot_id = ?`);
    this.ofImageStmt = db.prepare<[string, string, string], SnapshotRow>(
      `SELECT * FROM ec2_snapshots INDEXED BY ec2_snapshots_by_image WHERE ${SCOPE} AND image_id = ? ORDER BY snapshot_id`,
    );
    this.listStmt = db.prepare<[string, string, string, number], SnapshotRow>(
      `SELECT * FROM ec2_snapshots WHERE ${SCOPE} AND snapshot_id > ? ORDER BY snapshot_id LIMIT ?`,
    );
    this.dueStmt = db.prepare<[number], SnapshotRow>(
      'SELECT * FROM ec2_snapshots WHERE due_ms IS NOT NULL AND due_ms <= ? ORDER BY due_ms',
    );
  }

  get(account: string, region: string, snapshotId: string): StoredSnapshot | undefined {
    const r = this.getStmt.get(account, region, snapshotId);
    return r ? toSnapshot(r) : undefined;
  }

  put(s: StoredSnapshot): void {
    this.putStmt.run({
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

  /** Deletes the snapshot with its tags. */
  delete(account: string, region: string, snapshotId: string): void {
    this.deleteStmt.run(account, region, snapshotId);
    this.tags.removeAll(account, region, snapshotId);
  }

  /** The snapshots an image's block device mapping uses. */
  ofImage(account: string, region: string, imageId: string): StoredSnapshot[] {
    return this.ofImageStmt.all(account, region, imageId).map(toSnapshot);
  }

  /** Up to `limit` snapshots in id order after `after` (keyset). */
  list(account: string, region: string, after: string, limit: number): StoredSnapshot[] {
    return this.listStmt.all(account, region, after, limit).map(toSnapshot);
  }

  /** Every account: snapshots that complete by `nowMs`. */
  due(nowMs: number): StoredSnapshot[] {
    return this.dueStmt.all(nowMs).map(toSnapshot);
  }
}
