// The simulated EC2 registry (one aggregate): the power state of the fleet's EC2 nodes, EBS volumes and their
// snapshots, AMIs, and the tags of volumes, images and snapshots (instance tags stay in node_tags).
import type { Db } from '../database.js';
import { Ec2ImagesRepository } from './ec2-images.js';
import { Ec2InstancesRepository } from './ec2-instances.js';
import { Ec2TagsRepository } from './ec2-tags.js';
import { Ec2SnapshotsRepository, Ec2VolumesRepository } from './ec2-volumes.js';

export class Ec2Repository {
  readonly instances: Ec2InstancesRepository;
  readonly volumes: Ec2VolumesRepository;
  readonly snapshots: Ec2SnapshotsRepository;
  readonly images: Ec2ImagesRepository;
  readonly tags: Ec2TagsRepository;
  private readonly futureDueStmt;

  constructor(db: Db) {
    this.tags = new Ec2TagsRepository(db);
    this.instances = new Ec2InstancesRepository(db);
    this.volumes = new Ec2VolumesRepository(db, this.tags);
    this.snapshots = new Ec2SnapshotsRepository(db, this.tags);
    this.images = new Ec2ImagesRepository(db, this.tags);
    this.futureDueStmt = db.prepare<[number, number, number, number], { due_ms: number }>(
      `SELECT due_ms FROM ec2_instances WHERE due_ms > ?
       UNION SELECT due_ms FROM ec2_volumes WHERE due_ms > ?
       UNION SELECT due_ms FROM ec2_images WHERE due_ms > ?
       UNION SELECT due_ms FROM ec2_snapshots WHERE due_ms > ?`,
    );
  }

  /** Every account: the moments after `nowMs` at which some row changes by itself (timers to arm at start-up). */
  futureDueTimes(nowMs: number): number[] {
    return this.futureDueStmt.all(nowMs, nowMs, nowMs, nowMs).map((r) => r.due_ms);
  }
}
