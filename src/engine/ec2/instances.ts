// DescribeInstances, DescribeInstanceStatus, StartInstances, StopInstances, RebootInstances,
// TerminateInstances over the fleet's EC2 nodes (EC2 UG "Instance state changes" for what may go where).
import { CONNECTION_LOST_AFTER_MS } from '../fleet/ping-status.js';
import { decodeToken, encodeToken } from '../../store/pagination.js';
import type { InstanceStateName } from '../../store/repositories/ec2-instances.js';
import { Ec2Error, invalidParameterValue, missingParameter } from './errors.js';
import { checkFilters, matchesFilters, type FilterSpec } from './filters.js';
import {
  FORCED_STOPPING_SECONDS,
  MAX_DESCRIBE_RESULTS,
  MIN_DESCRIBE_RESULTS,
  PENDING_SECONDS,
  REBOOT_SECONDS,
  SHUTTING_DOWN_SECONDS,
  STATUS_INITIALIZING_SECONDS,
  STOPPING_SECONDS,
} from './limits.js';
import { bool, filters, int, str, strList, type Params } from './params.js';
import type { Ec2Api, Ec2Instance, Ec2Scope, Ec2Simulator } from './simulator.js';
import { stableId } from './ids.js';
import { availabilityZone, stateOf, userInitiated, USER_SHUTDOWN, type Json } from './views.js';

type View = Json & {
  InstanceId: string;
  State: { Code: number; Name: string };
  Tags?: { Key: string; Value: string }[];
};

/** What instance filters test: the instance and the reservation it is in. */
interface Described {
  instance: View;
  reservationId: string;
  ownerId: string;
}

const field =
  (...path: string[]) =>
  (d: Described): (string | undefined)[] => {
    let x: unknown = d.instance;
    for (const p of path) x = (x as Record<string, unknown> | undefined)?.[p];
    return [x === undefined ? undefined : String(x)];
  };

const INSTANCE_FILTERS: FilterSpec<Described> = {
  fields: {
    'instance-id': field('InstanceId'),
    'instance-state-name': field('State', 'Name'),
    'instance-state-code': field('State', 'Code'),
    'instance-type': field('InstanceType'),
    'image-id': field('ImageId'),
    platform: field('Platform'),
    'platform-details': field('PlatformDetails'),
    'private-ip-address': field('PrivateIpAddress'),
    'private-dns-name': field('PrivateDnsName'),
    'availability-zone': field('Placement', 'AvailabilityZone'),
    architecture: field('Architecture'),
    'root-device-name': field('RootDeviceName'),
    'root-device-type': field('RootDeviceType'),
    'subnet-id': field('SubnetId'),
    'vpc-id': field('VpcId'),
    'iam-instance-profile.arn': field('IamInstanceProfile', 'Arn'),
    'reservation-id': (d) => [d.reservationId],
    'owner-id': (d) => [d.ownerId],
    'block-device-mapping.volume-id': (d) =>
      (d.instance.BlockDeviceMappings as { Ebs: { VolumeId: string } }[]).map((b) => b.Ebs.VolumeId),
    'block-device-mapping.device-name': (d) =>
      (d.instance.BlockDeviceMappings as { DeviceName: string }[]).map((b) => b.DeviceName),
  },
  tags: (d) => Object.fromEntries((d.instance.Tags ?? []).map((t) => [t.Key, t.Value])),
};

function reservationIdOf(scope: Ec2Scope, instanceId: string): string {
  return stableId('r', `${scope.account}/${scope.region}/${instanceId}`);
}

/** Every EC2 instance of the scope after `after`, in id order, one node page at a time. */
function* allInstances(sim: Ec2Simulator, scope: Ec2Scope, after?: string): Generator<Ec2Instance> {
  const { store } = sim.deps;
  const q = {
    conditions: [{ column: 'resource_type' as const, op: 'in' as const, values: ['EC2Instance'] }],
    nowMs: sim.now(),
    lostAfterMs: CONNECTION_LOST_AFTER_MS,
  };
  let cursor = after;
  for (;;) {
    const page = store.nodes.list(scope.account, scope.region, q, 500, cursor);
    for (const node of page.items) yield { node, inst: sim.ensure(node) };
    if (!page.nextToken || !page.items.length) return;
    cursor = page.items[page.items.length - 1].instanceId;
  }
}

function pageArgs(p: Params): { max?: number; after?: string } {
  const max = int(p, 'MaxResults');
  if (max !== undefined && (max < MIN_DESCRIBE_RESULTS || max > MAX_DESCRIBE_RESULTS))
    throw invalidParameterValue(
      `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between ${MIN_DESCRIBE_RESULTS} and ${MAX_DESCRIBE_RESULTS}.`,
    );
  const token = str(p, 'NextToken');
  if (token === undefined) return { max };
  const after = decodeToken<string>(token);
  if (typeof after !== 'string') throw new Ec2Error('InvalidNextToken', `The token '${token}' is invalid.`);
  return { max, after };
}

const describeInstances: Ec2Api = (sim, scope, p) => {
  const ids = strList(p, 'InstanceIds');
  const fs = filters(p);
  checkFilters(fs, INSTANCE_FILTERS);
  const { max, after } = pageArgs(p);
  // EC2 refuses MaxResults together with InstanceIds (DescribeInstances API reference).
  if (ids?.length && max !== undefined)
    throw new Ec2Error(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  const source = ids?.length ? sim.instances(scope, ids) : allInstances(sim, scope, after);
  const reservations: Json[] = [];
  let last: string | undefined;
  let nextToken: string | undefined;
  for (const i of source) {
    const d: Described = {
      instance: sim.view(i) as View,
      reservationId: reservationIdOf(scope, i.node.instanceId),
      ownerId: scope.account,
    };
    if (fs.length && !matchesFilters(d, fs, INSTANCE_FILTERS)) continue;
    if (max !== undefined && reservations.length === max) {
      nextToken = encodeToken(last);
      break;
    }
    last = i.node.instanceId;
    reservations.push({
      ReservationId: d.reservationId,
      OwnerId: scope.account,
      Groups: [],
      Instances: [d.instance],
    });
  }
  return { Reservations: reservations, ...(nextToken ? { NextToken: nextToken } : {}) };
};

function statusOf(sim: Ec2Simulator, i: Ec2Instance): Json {
  const { inst } = i;
  const running = inst.state === 'running';
  const initializing = running && sim.now() < inst.runningSinceMs + STATUS_INITIALIZING_SECONDS * 1000;
  const summary = running
    ? {
        Status: initializing ? 'initializing' : 'ok',
        Details: [{ Name: 'reachability', Status: initializing ? 'initializing' : 'passed' }],
      }
    : { Status: 'not-applicable' };
  return {
    AvailabilityZone: availabilityZone(i.node.region, sim.deps.fleet.profile(i.node)?.facts),
    InstanceId: i.node.instanceId,
    InstanceState: stateOf(inst.state),
    InstanceStatus: summary,
    SystemStatus: summary,
  };
}

const STATUS_FILTERS: FilterSpec<Json> = {
  fields: {
    'availability-zone': (s) => [s.AvailabilityZone as string],
    'instance-state-name': (s) => [(s.InstanceState as { Name: string }).Name],
    'instance-state-code': (s) => [String((s.InstanceState as { Code: number }).Code)],
    'instance-status.status': (s) => [(s.InstanceStatus as { Status: string }).Status],
    'system-status.status': (s) => [(s.SystemStatus as { Status: string }).Status],
  },
};

const describeInstanceStatus: Ec2Api = (sim, scope, p) => {
  const ids = strList(p, 'InstanceIds');
  const includeAll = bool(p, 'IncludeAllInstances') ?? false;
  const fs = filters(p);
  checkFilters(fs, STATUS_FILTERS);
  const source = ids?.length ? sim.instances(scope, ids) : allInstances(sim, scope);
  const out: Json[] = [];
  for (const i of source) {
    // Without IncludeAllInstances only running instances are described (DescribeInstanceStatus API reference).
    if (!includeAll && i.inst.state !== 'running') continue;
    const s = statusOf(sim, i);
    if (matchesFilters(s, fs, STATUS_FILTERS)) out.push(s);
  }
  return { InstanceStatuses: out };
};

function requireIds(p: Params): string[] {
  const ids = strList(p, 'InstanceIds');
  if (!ids?.length) throw missingParameter('InstanceId');
  return ids;
}

const incorrectState = (id: string, verb: string) =>
  new Ec2Error(
    'IncorrectInstanceState',
    `The instance '${id}' is not in a state from which it can be ${verb}.`,
  );

interface Change {
  i: Ec2Instance;
  previous: InstanceStateName;
}

const changeView = ({ i, previous }: Change) => ({
  CurrentState: stateOf(i.inst.state),
  InstanceId: i.node.instanceId,
  PreviousState: stateOf(previous),
});

function refOf(i: Ec2Instance) {
  return { account: i.node.account, region: i.node.region, instanceId: i.node.instanceId };
}

const startInstances: Ec2Api = (sim, scope, p) => {
  const targets = sim.instances(scope, requireIds(p));
  for (const { node, inst } of targets) {
    // "The instance 'i-…' is not in a state from which it can be started." (burstable-ai/burst#42)
    if (!['stopped', 'pending', 'running'].includes(inst.state))
      throw incorrectState(node.instanceId, 'started');
    if (inst.state === 'stopped') {
      const volumes = sim.deps.store.ec2.volumes.attachedTo(node.account, node.region, node.instanceId);
      if (!volumes.some((v) => v.attachment?.device === inst.rootDevice))
        throw invalidParameterValue(
          `Invalid value '${node.instanceId}' for instanceId. Instance does not have a volume attached at root (${inst.rootDevice})`,
        );
    }
  }
  const now = sim.now();
  const changes = targets.map((i) => {
    const previous = i.inst.state;
    if (previous === 'stopped') {
      Object.assign(i.inst, {
        state: 'pending',
        launchMs: now,
        transitionEndMs: now + PENDING_SECONDS * 1000,
        transitionReason: '',
        stateReason: 'pending',
      });
      sim.deps.store.ec2.instances.put(i.inst);
      sim.schedule(i.inst.transitionEndMs!);
    }
    return { i, previous };
  });
  return { StartingInstances: changes.map(changeView) };
};

const stopInstances: Ec2Api = (sim, scope, p) => {
  const targets = sim.instances(scope, requireIds(p));
  const force = bool(p, 'Force') ?? false;
  for (const { node, inst } of targets)
    if (!['running', 'stopping', 'stopped'].includes(inst.state)) {
      // A launch that never reached running has its own text (cloud-custodian/cloud-custodian#6014).
      if (inst.state === 'pending')
        throw new Ec2Error(
          'IncorrectInstanceState',
          `Instance '${node.instanceId}' cannot be stopped as it has never reached the 'running' state.`,
        );
      throw new Ec2Error(
        'IncorrectInstanceState',
        `This instance '${node.instanceId}' is not in a state from which it can be stopped.`,
      );
    }
  const now = sim.now();
  const end = now + (force ? FORCED_STOPPING_SECONDS : STOPPING_SECONDS) * 1000;
  const changes = targets.map((i) => {
    const previous = i.inst.state;
    if (previous === 'running') {
      Object.assign(i.inst, {
        state: 'stopping',
        transitionEndMs: end,
        rebootUntilMs: undefined,
        agentDownMs: i.inst.agentDownMs ?? now,
        transitionReason: userInitiated(now),
        stateReason: USER_SHUTDOWN,
      });
      sim.agentDown(refOf(i), i.inst.agentDownMs);
    } else if (previous === 'stopping' && force && (i.inst.transitionEndMs ?? Infinity) > end) {
      i.inst.transitionEndMs = end; // Force hurries an instance stuck in stopping (StopInstances API reference)
    }
    if (previous === 'running' || previous === 'stopping') {
      sim.deps.store.ec2.instances.put(i.inst);
      if (i.inst.transitionEndMs !== undefined) sim.schedule(i.inst.transitionEndMs);
    }
    return { i, previous };
  });
  return { StoppingInstances: changes.map(changeView) };
};

const rebootInstances: Ec2Api = (sim, scope, p) => {
  const targets = sim.instances(scope, requireIds(p));
  for (const { node, inst } of targets)
    if (inst.state !== 'running') throw incorrectState(node.instanceId, 'rebooted');
  for (const i of targets) reboot(sim, i);
  return {};
};

/** The OS restarts: the agent goes away for a while, the EC2 state stays running (EC2 UG "Reboot"). */
export function reboot(sim: Ec2Simulator, i: Ec2Instance): void {
  const now = sim.now();
  i.inst.rebootUntilMs = Math.max(i.inst.rebootUntilMs ?? 0, now + REBOOT_SECONDS * 1000);
  i.inst.agentDownMs ??= now;
  sim.agentDown(refOf(i), i.inst.agentDownMs);
  sim.deps.store.ec2.instances.put(i.inst);
  sim.schedule(i.inst.rebootUntilMs);
}

const terminateInstances: Ec2Api = (sim, scope, p) => {
  const targets = sim.instances(scope, requireIds(p));
  const now = sim.now();
  const changes = targets.map((i) => {
    const previous = i.inst.state;
    if (previous !== 'shutting-down' && previous !== 'terminated') {
      Object.assign(i.inst, {
        state: 'shutting-down',
        transitionEndMs: now + SHUTTING_DOWN_SECONDS * 1000,
        rebootUntilMs: undefined,
        agentDownMs: i.inst.agentDownMs ?? now,
        transitionReason: userInitiated(now),
        stateReason: USER_SHUTDOWN,
      });
      sim.agentDown(refOf(i), i.inst.agentDownMs);
      sim.deps.store.ec2.instances.put(i.inst);
      sim.schedule(i.inst.transitionEndMs!);
    }
    return { i, previous };
  });
  return { TerminatingInstances: changes.map(changeView) };
};

export const INSTANCE_APIS: Record<string, Ec2Api> = {
  DescribeInstances: describeInstances,
  DescribeInstanceStatus: describeInstanceStatus,
  StartInstances: startInstances,
  StopInstances: stopInstances,
  RebootInstances: rebootInstances,
  TerminateInstances: terminateInstances,
};
