// Shared by the node handlers: API filters -> store conditions, and stored nodes -> API shapes.
import type { InstanceInformation, InstanceProperty } from '../../../model/generated/types.js';
import {
  InvalidFilterKey,
  InvalidInstanceId,
  InvalidInstanceInformationFilterValue,
  InvalidNextToken,
} from '../../../model/generated/errors.js';
import type { RequestContext } from '../../protocol/handler.js';
import {
  afterKey,
  type NodeCondition,
  type NodeQuery,
  type StoredNode,
} from '../../../store/repositories/nodes.js';
import { CONNECTION_LOST_AFTER_MS, lastPingOf, pingStatusOf } from '../../../engine/fleet/ping-status.js';
import { LATEST_AGENT_VERSION, compareVersions } from '../../../agent-contract/agent-versions.js';

/** DescribeInstanceInformation returns 10 items unless MaxResults says otherwise (model documentation). */
export const DESCRIBE_INSTANCE_INFORMATION_DEFAULT = 10;
/** DescribeInstanceProperties' default page is not documented; the same 10 as DescribeInstanceInformation. */
export const DESCRIBE_INSTANCE_PROPERTIES_DEFAULT = 10;
/** ListNodes / ListNodesSummary / DescribeActivations: default page not documented; the model maximum, 50. */
export const LIST_NODES_DEFAULT = 50;

const INSTANCE_ID = /^(i-(\w{8}|\w{17})|mi-\w{17})$/;

export function query(ctx: RequestContext, conditions: NodeCondition[]): NodeQuery {
  return { conditions, nowMs: ctx.services.clock.nowMs(), lostAfterMs: CONNECTION_LOST_AFTER_MS };
}

export function pageStart(token: string | undefined): string | undefined {
  const k = afterKey(token);
  if (k === null) throw new InvalidNextToken("The specified token isn't valid.");
  return k;
}

const NEVER: NodeCondition = { column: 'ping', op: 'in', values: [] };

const VALID_VALUES: Record<string, string[]> = {
  PingStatus: ['Online', 'ConnectionLost', 'Inactive'],
  PlatformTypes: ['Windows', 'Linux', 'MacOS'],
  ResourceType: ['EC2Instance', 'ManagedInstance'],
  AssociationStatus: ['Success', 'Pending', 'Failed'],
};

/**
 * One DescribeInstanceInformation filter (Filters or the legacy InstanceInformationFilterList) as a condition.
 * Keys and values from the InstanceInformationStringFilter documentation; the value errors follow the texts
 * AWS returns for ResourceType (boto/boto3#3027, aws/aws-sdk#130), extended to the other enumerated keys.
 */
export function instanceInformationCondition(key: string, values: string[]): NodeCondition {
  if (key.startsWith('tag:') && key.length > 4) return { tagKeys: [key.slice(4)], values };
  if (key === 'tag-key') return { tagKeys: values };
  const valid = VALID_VALUES[key];
  if (valid) {
    const bad = values.find((v) => !valid.includes(v));
    if (bad !== undefined) {
      throw new InvalidInstanceInformationFilterValue(
        `${key} filter is invalid, valid values are ${valid.join(', ')}`,
      );
    }
  }
  switch (key) {
    case 'InstanceIds':
      if (values.some((v) => !INSTANCE_ID.test(v)))
        throw new InvalidInstanceId('').because(
          `an InstanceIds filter value is not an instance id: ${values.join(', ')}`,
        );
      return { column: 'instance_id', op: 'in', values };
    case 'AgentVersion':
      return { column: 'agent_version', op: 'in', values };
    case 'PingStatus':
      return { column: 'ping', op: 'in', values };
    case 'PlatformTypes':
      return { column: 'platform_type', op: 'in', values };
    case 'ActivationIds':
      return { column: 'activation_id', op: 'in', values };
    case 'IamRole':
      return { column: 'iam_role', op: 'in', values };
    case 'ResourceType':
      if (values.length > 1)
        throw new InvalidInstanceInformationFilterValue('ResourceType filter may contain only one value.');
      return { column: 'resource_type', op: 'in', values };
    case 'AssociationStatus':
      return NEVER; // no association has run on any node yet (State Manager fills this in)
    case 'SourceIds':
      return { column: 'instance_id', op: 'in', values };
    case 'SourceTypes': {
      const types = values.flatMap((v) =>
        v === 'AWS::EC2::Instance'
          ? ['EC2Instance']
          : v === 'AWS::SSM::ManagedInstance'
            ? ['ManagedInstance']
            : [],
      );
      return types.length ? { column: 'resource_type', op: 'in', values: types } : NEVER;
    }
    default:
      throw new InvalidFilterKey('').because(`unknown filter key ${key}`);
  }
}

export function sourceTypeOf(node: StoredNode): 'AWS::EC2::Instance' | 'AWS::SSM::ManagedInstance' {
  return node.resourceType === 'EC2Instance' ? 'AWS::EC2::Instance' : 'AWS::SSM::ManagedInstance';
}

export function toInstanceInformation(node: StoredNode, nowMs: number): InstanceInformation {
  const managed = node.resourceType === 'ManagedInstance';
  return {
    InstanceId: node.instanceId,
    PingStatus: pingStatusOf(node, nowMs),
    LastPingDateTime: new Date(lastPingOf(node, nowMs)),
    AgentVersion: node.agentVersion,
    IsLatestVersion: compareVersions(node.agentVersion, LATEST_AGENT_VERSION) >= 0,
    PlatformType: node.platformType as InstanceInformation['PlatformType'],
    PlatformName: node.platformName,
    PlatformVersion: node.platformVersion,
    ActivationId: node.activationId,
    IamRole: node.iamRole,
    // Registration date and name belong to activated (hybrid) nodes; EC2 instances report neither.
    RegistrationDate: managed ? new Date(node.registrationMs) : undefined,
    ResourceType: node.resourceType,
    Name: managed ? node.name : undefined,
    IPAddress: node.ipAddress,
    ComputerName: node.computerName,
    SourceId: node.instanceId,
    SourceType: sourceTypeOf(node),
  };
}

export function toInstanceProperty(
  node: StoredNode,
  nowMs: number,
  extra: {
    nameTag?: string;
    instanceType?: string;
    architecture?: string;
    availabilityZone?: string;
    /** The simulated EC2's state of the instance. */
    instanceState?: string;
  },
): InstanceProperty {
  const info = toInstanceInformation(node, nowMs);
  const managed = node.resourceType === 'ManagedInstance';
  return {
    Name: managed ? node.name : extra.nameTag,
    InstanceId: node.instanceId,
    InstanceType: managed ? undefined : extra.instanceType,
    InstanceRole: managed ? undefined : node.iamRole,
    InstanceState: managed ? undefined : (extra.instanceState ?? 'running'),
    Architecture: extra.architecture,
    IPAddress: node.ipAddress,
    LaunchTime: managed ? undefined : new Date(node.registrationMs),
    PingStatus: info.PingStatus,
    LastPingDateTime: info.LastPingDateTime,
    AgentVersion: node.agentVersion,
    PlatformType: info.PlatformType,
    PlatformName: node.platformName,
    PlatformVersion: node.platformVersion,
    ActivationId: node.activationId,
    IamRole: node.iamRole,
    RegistrationDate: info.RegistrationDate,
    ResourceType: node.resourceType,
    ComputerName: node.computerName,
    SourceId: node.instanceId,
    SourceType: info.SourceType,
    AvailabilityZone: managed ? undefined : extra.availabilityZone,
  };
}

export function availabilityZoneOf(region: string, fact?: string): string {
  return fact ?? `${region}a`;
}

export { pingStatusOf };
