// The AMIs of the simulated EC2 (CreateImage): pending until their snapshots complete, then available.
import type { Db } from '../database.js';
import type { Ec2TagsRepository } from './ec2-tags.js';

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

const toImage = (r: ImageRow): StoredImage => ({
  account: r.account_id,
  region: r.region,
  imageId: r.image_id,
  name: r.name,
  description: r.description ?? undefined,
  state: r.state,
  sourceInstanceId: r.source_instance_id ?? undefined,
  architecture: r.architecture,
  platform: r.platform ?? undefined,
  platformDetails: r.platform_details,
  usageOperation: r.usage_operation,
  rootDevice: r.root_device,
  createMs: r.create_ms,
  blockDevices: JSON.parse(r.block_devices_json) as ImageBlockDevice[],
  dueMs: r.due_ms ?? undefined,
});

export class Ec2ImagesRepository {
  private readonly getStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly byNameStmt;
  private readonly listStmt;
  private readonly dueStmt;

  constructor(
    db: Db,
    private readonly tags: Ec2TagsRepository,
  ) {
    const scope = 'account_id = ? AND region = ?';
    this.getStmt = db.prepare<[string, string, string], ImageRow>(
      `SELECT * FROM ec2_images WHERE ${scope} AND image_id = ?`,
    );
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO ec2_images (account_id, region, image_id, name, description, state, source_instance_id,
         architecture, platform, platform_details, usage_operation, root_device, create_ms, block_devices_json, due_ms)
       VALUES (@account_id, @region, @image_id, @name, @description, @state, @source_instance_id, @architecture,
         @platform, @platform_details, @usage_operation, @root_device, @create_ms, @block_devices_json, @due_ms)`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM ec2_images WHERE ${scope} AND image_id = ?`);
    this.byNameStmt = db.prepare<[string, string, string], ImageRow>(
      `SELECT * FROM ec2_images INDEXED BY ec2_images_by_name WHERE ${scope} AND name = ? LIMIT 1`,
    );
    this.listStmt = db.prepare<[string, string, string, number], ImageRow>(
      `SELECT * FROM ec2_images WHERE ${scope} AND image_id > ? ORDER BY image_id LIMIT ?`,
    );
    this.dueStmt = db.prepare<[number], ImageRow>(
      'SELECT * FROM ec2_images WHERE due_ms IS NOT NULL AND due_ms <= ? ORDER BY due_ms',
    );
  }

  get(account: string, region: string, imageId: string): StoredImage | undefined {
    const r = this.getStmt.get(account, region, imageId);
    return r ? toImage(r) : undefined;
  }

  named(account: string, region: string, name: string): StoredImage | undefined {
    const r = this.byNameStmt.get(account, region, name);
    return r ? toImage(r) : undefined;
  }

  put(i: StoredImage): void {
    this.putStmt.run({
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

  /** Deletes the image with its tags. */
  delete(account: string, region: string, imageId: string): void {
    this.deleteStmt.run(account, region, imageId);
    this.tags.removeAll(account, region, imageId);
  }

  /** Up to `limit` images in id order after `after` (keyset). */
  list(account: string, region: string, after: string, limit: number): StoredImage[] {
    return this.listStmt.all(account, region, after, limit).map(toImage);
  }

  /** Every account: images that become available by `nowMs`. */
  due(nowMs: number): StoredImage[] {
    return this.dueStmt.all(nowMs).map(toImage);
  }
}
