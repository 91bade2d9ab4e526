// The power state of the fleet's EC2 nodes in the simulated EC2: a record per instance, made at first use.
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

const toInstance = (r: InstanceRow): StoredEc2Instance => ({
  account: r.account_id,
  region: r.region,
  instanceId: r.instance_id,
  state: r.state,
  launchMs: r.launch_ms,
  runningSinceMs: r.running_since_ms,
  transitionEndMs: r.transition_end_ms ?? undefined,
  rebootUntilMs: r.reboot_until_ms ?? undefined,
  agentDownMs: r.agent_down_ms ?? undefined,
  transitionReason: r.transition_reason,
  stateReason: r.state_reason ?? undefined,
  imageId: r.image_id,
  rootDevice: r.root_device,
});

/** The next moment an instance changes by itself: the end of its transition or of its reboot. */
function instanceDue(i: StoredEc2Instance): number | null {
  const times = [i.transitionEndMs, i.rebootUntilMs].filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : null;
}

export class Ec2InstancesRepository {
  private readonly getStmt;
  private readonly putStmt;
  private readonly missingStmt;
  private readonly poweredDownStmt;
  private readonly dueStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string, string, string], InstanceRow>(
      'SELECT * FROM ec2_instances WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO ec2_instances (account_id, region, instance_id, state, launch_ms, running_since_ms,
         transition_end_ms, reboot_until_ms, agent_down_ms, transition_reason, state_reason, image_id, root_device, due_ms)
       VALUES (@account_id, @region, @instance_id, @state, @launch_ms, @running_since_ms, @transition_end_ms,
         @reboot_until_ms, @agent_down_ms, @transition_reason, @state_reason, @image_id, @root_device, @due_ms)`,
    );
    this.missingStmt = db.prepare<[string, string], { instance_id: string }>(
      `SELECT n.instance_id FROM nodes n WHERE n.account_id = ? AND n.region = ? AND n.resource_type = 'EC2Instance'
         AND NOT EXISTS (SELECT 1 FROM ec2_instances e WHERE e.account_id = n.account_id AND e.region = n.region
           AND e.instance_id = n.instance_id)`,
    );
    this.poweredDownStmt = db.prepare<[], InstanceRow>(
      "SELECT * FROM ec2_instances WHERE state <> 'running' OR reboot_until_ms IS NOT NULL",
    );
    this.dueStmt = db.prepare<[number], InstanceRow>(
      'SELECT * FROM ec2_instances WHERE due_ms IS NOT NULL AND due_ms <= ? ORDER BY due_ms',
    );
  }

  get(account: string, region: string, instanceId: string): StoredEc2Instance | undefined {
    const r = this.getStmt.get(account, region, instanceId);
    return r ? toInstance(r) : undefined;
  }

  put(i: StoredEc2Instance): void {
    this.putStmt.run({
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
  withoutRecord(account: string, region: string): string[] {
    return this.missingStmt.all(account, region).map((r) => r.instance_id);
  }

  /** Every account: instances whose agent the power state keeps away (start-up re-applies it to the fleet). */
  poweredDown(): StoredEc2Instance[] {
    return this.poweredDownStmt.all().map(toInstance);
  }

  /** Every account: instances whose transition or reboot ends by `nowMs`. */
  due(nowMs: number): StoredEc2Instance[] {
    return this.dueStmt.all(nowMs).map(toInstance);
  }
}
