// The simulated EC2 that Automation calls (aws:executeAwsApi & co. with Service ec2, and the EC2 actions).
// Its instances are the fleet's EC2 nodes: their power state drives the node's agent (a stopped instance's
// agent is down), and their tags are the node's tags. Transitions run on the emulator clock; each row keeps
// the moment it next changes (due_ms), so timers, start-up and every call settle what fell due.
import type { Lifecycle, ResetScope } from '../lifecycle.js';
import type { Store } from '../../store/index.js';
import type { StoredNode } from '../../store/repositories/nodes.js';
import type { StoredEc2Instance } from '../../store/repositories/ec2-instances.js';
import type { StoredVolume } from '../../store/repositories/ec2-volumes.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { FleetEngine, NodeRef } from '../fleet/fleet.js';
import { baseImage } from './base-images.js';
import { Ec2Error, instanceNotFound, malformedId } from './errors.js';
import { isWellFormed, stableId } from './ids.js';
import { STATUS_INITIALIZING_SECONDS } from './limits.js';
import type { Params } from './params.js';
import { availabilityZone, instanceView, type InstanceParts, type Json } from './views.js';
import { INSTANCE_APIS } from './instances.js';
import { IMAGE_APIS } from './images.js';
import { VOLUME_APIS } from './volumes.js';
import { TAG_APIS } from './tags.js';

export interface Ec2Scope {
  account: string;
  region: string;
}

export type Ec2Api = (sim: Ec2Simulator, scope: Ec2Scope, params: Params) => Json;

export interface Ec2Deps {
  store: Store;
  clock: Clock;
  fleet: FleetEngine;
}

/** An EC2 node of the fleet with its EC2 record. */
export interface Ec2Instance {
  node: StoredNode;
  inst: StoredEc2Instance;
}

const APIS: Record<string, Ec2Api> = { ...INSTANCE_APIS, ...IMAGE_APIS, ...VOLUME_APIS, ...TAG_APIS };

/** The EC2 operations the simulator answers (docs/ec2.md lists them). */
export const EC2_API_NAMES = Object.keys(APIS).sort();

export class Ec2Simulator implements Lifecycle {
  /** Settle timers by moment (stopping 1,000 instances arms one timer, not 1,000). */
  private readonly armed = new Map<number, TimerHandle>();

  constructor(readonly deps: Ec2Deps) {}

  /**
   * Runs one EC2 API call with boto3-style PascalCase params and returns the response as boto3 returns it.
   * Throws Ec2Error (EC2's code and message) for bad input; nothing changes then.
   */
  async call(scope: Ec2Scope, api: string, params: Record<string, unknown> = {}): Promise<Json> {
    const fn = Object.hasOwn(APIS, api) ? APIS[api] : undefined;
    // EC2 Query API: an unknown Action is InvalidAction (Common client errors).
    if (!fn) throw new Ec2Error('InvalidAction', `The action ${api} is not valid for this web service.`);
    this.settle();
    return this.deps.store.transaction(() => fn(this, scope, params ?? {}));
  }

  /** Start-up: finishes transitions that fell due while the emulator was down, re-applies power to the fleet. */
  start(): void {
    const { store, clock, fleet } = this.deps;
    this.settle();
    for (const i of store.ec2.instances.poweredDown()) {
      // The fleet loads its nodes Online; an instance that is not running (or is rebooting) has no agent.
      fleet.setOnline(refOf(i), false, i.agentDownMs ?? clock.nowMs());
    }
    for (const at of store.ec2.futureDueTimes(clock.nowMs())) this.schedule(at);
  }

  /** Applies every transition whose time has come (idempotent; timers and calls both run it). */
  settle(): void {
    const { store, clock } = this.deps;
    const now = clock.nowMs();
    const { ec2 } = store;
    store.transaction(() => {
      for (const i of ec2.instances.due(now)) this.settleInstance(i, now);
      for (const v of ec2.volumes.due(now)) {
        if (v.state === 'creating') v.state = 'available';
        if (v.attachment?.state === 'attaching') v.attachment.state = 'attached';
        if (v.attachment?.state === 'detaching') {
          v.attachment = undefined;
          v.state = 'available';
        }
        v.dueMs = undefined;
        ec2.volumes.put(v);
      }
      for (const im of ec2.images.due(now)) ec2.images.put({ ...im, state: 'available', dueMs: undefined });
      for (const s of ec2.snapshots.due(now))
        ec2.snapshots.put({ ...s, state: 'completed', dueMs: undefined });
    });
  }

  private settleInstance(i: StoredEc2Instance, now: number): void {
    const ref = refOf(i);
    if (i.transitionEndMs !== undefined && i.transitionEndMs <= now) {
      const at = i.transitionEndMs;
      i.transitionEndMs = undefined;
      if (i.state === 'pending') {
        i.state = 'running';
        i.runningSinceMs = at;
        i.stateReason = undefined;
        if (i.rebootUntilMs === undefined) {
          i.agentDownMs = undefined;
          this.agentUp(ref);
        }
      } else if (i.state === 'stopping') i.state = 'stopped';
      else if (i.state === 'shutting-down') {
        i.state = 'terminated';
        this.releaseVolumes(ref);
      }
    }
    if (i.rebootUntilMs !== undefined && i.rebootUntilMs <= now) {
      i.rebootUntilMs = undefined;
      if (i.state === 'running') {
        i.agentDownMs = undefined;
        this.agentUp(ref);
      }
    }
    this.deps.store.ec2.instances.put(i);
  }

  /** A terminated instance's DeleteOnTermination volumes go; the others are detached (EC2 UG, "Terminate"). */
  private releaseVolumes(ref: NodeRef): void {
    const { ec2 } = this.deps.store;
    for (const v of ec2.volumes.attachedTo(ref.account, ref.region, ref.instanceId)) {
      if (v.attachment?.deleteOnTermination) ec2.volumes.delete(v.account, v.region, v.volumeId);
      else ec2.volumes.put({ ...v, attachment: undefined, state: 'available', dueMs: undefined });
    }
  }

  // ---- helpers for the API modules ----

  now(): number {
    return this.deps.clock.nowMs();
  }

  /** Settles the store again at `atMs` on the emulator clock. */
  schedule(atMs: number): void {
    if (this.armed.has(atMs)) return;
    this.armed.set(
      atMs,
      this.deps.clock.setTimer(atMs, () => {
        this.armed.delete(atMs);
        this.settle();
      }),
    );
  }

  /**
   * /_emulator/reset: nothing of the scope is kept in memory (transitions live in the store's rows, which the
   * reset removes); a settle timer that fires later finds nothing due, whatever the scope.
   */
  reset(_scope: ResetScope): void {}

  close(): void {
    for (const h of this.armed.values()) this.deps.clock.clearTimer(h);
    this.armed.clear();
  }

  /** The power state takes the node's agent away (its link closes; ping status follows the clock). */
  agentDown(ref: NodeRef, atMs = this.now()): void {
    this.deps.fleet.setOnline(ref, false, atMs);
  }

  /** The instance is up again: its agent reconnects, unless the node carries the `offline` fault. */
  agentUp(ref: NodeRef): void {
    const node = this.deps.fleet.node(ref);
    if (!node || node.faults.offline === true) return;
    this.deps.fleet.setOnline(ref, true);
  }

  /** The fleet's EC2 node with this id (hybrid mi- nodes are not EC2 instances). */
  node(scope: Ec2Scope, instanceId: string): StoredNode | undefined {
    const node = this.deps.fleet.node({ ...scope, instanceId });
    return node?.resourceType === 'EC2Instance' ? node : undefined;
  }

  /** The EC2 record of a node, made at first use: running since registration, with its root volume. */
  ensure(node: StoredNode): StoredEc2Instance {
    const { ec2 } = this.deps.store;
    const existing = ec2.instances.get(node.account, node.region, node.instanceId);
    if (existing) return existing;
    const profile = this.deps.fleet.profile(node);
    const facts = profile?.facts;
    const base = baseImage(node.region, profile?.os ?? 'custom', facts?.architecture ?? 'x86_64');
    const inst: StoredEc2Instance = {
      account: node.account,
      region: node.region,
      instanceId: node.instanceId,
      state: 'running',
      launchMs: node.registrationMs,
      runningSinceMs: node.registrationMs - STATUS_INITIALIZING_SECONDS * 1000,
      transitionReason: '',
      imageId: base.imageId,
      rootDevice: base.rootDevice,
    };
    const root: StoredVolume = {
      account: node.account,
      region: node.region,
      volumeId: stableId('vol', `${node.account}/${node.region}/${node.instanceId}/root`),
      sizeGb: facts?.diskGb ?? 8,
      availabilityZone: availabilityZone(node.region, facts),
      volumeType: 'gp3',
      createMs: node.registrationMs,
      state: 'in-use',
      attachment: {
        instanceId: node.instanceId,
        device: base.rootDevice,
        state: 'attached',
        attachMs: node.registrationMs,
        deleteOnTermination: true,
      },
    };
    ec2.instances.put(inst);
    ec2.volumes.put(root);
    return inst;
  }

  /** Every EC2 node of a scope gets its record (listing volumes must show the root volumes of all of them). */
  ensureAll(scope: Ec2Scope): void {
    for (const id of this.deps.store.ec2.instances.withoutRecord(scope.account, scope.region)) {
      const node = this.node(scope, id);
      if (node) this.ensure(node);
    }
  }

  /** The named instances, in order and without repeats; EC2's Malformed / NotFound errors otherwise. */
  instances(scope: Ec2Scope, ids: string[]): Ec2Instance[] {
    const unique = [...new Set(ids)];
    const bad = unique.find((id) => !isWellFormed('instance', id));
    if (bad !== undefined) throw malformedId('instance', bad);
    const found: Ec2Instance[] = [];
    const missing: string[] = [];
    for (const id of unique) {
      const node = this.node(scope, id);
      if (node) found.push({ node, inst: this.ensure(node) });
      else missing.push(id);
    }
    if (missing.length) throw instanceNotFound(missing);
    return found;
  }

  parts({ node, inst }: Ec2Instance): InstanceParts {
    return {
      node,
      inst,
      facts: this.deps.fleet.profile(node)?.facts,
      tags: this.deps.store.nodes.tags.get(node.account, node.region, node.instanceId),
      volumes: this.deps.store.ec2.volumes.attachedTo(node.account, node.region, node.instanceId),
    };
  }

  view(i: Ec2Instance): Json {
    return instanceView(this.parts(i));
  }
}

function refOf(i: { account: string; region: string; instanceId: string }): NodeRef {
  return { account: i.account, region: i.region, instanceId: i.instanceId };
}
