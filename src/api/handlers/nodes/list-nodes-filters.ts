// ListNodes / ListNodesSummary filters (NodeFilter: Key, Values, Type Equal|NotEqual|BeginWith) as store conditions.
import { InvalidFilter, ResourceDataSyncNotFoundException } from '../../../model/generated/errors.js';
import type { RequestContext } from '../../protocol/handler.js';
import type { NodeColumn, NodeCondition } from '../../../store/repositories/nodes.js';

const COLUMN_OF: Record<string, NodeColumn> = {
  AgentVersion: 'agent_version',
  ComputerName: 'computer_name',
  InstanceId: 'instance_id',
  SourceId: 'instance_id',
  IpAddress: 'ip_address',
  PlatformName: 'platform_name',
  PlatformType: 'platform_type',
  PlatformVersion: 'platform_version',
  ResourceType: 'resource_type',
};

const ALWAYS: NodeCondition = { column: 'ping', op: 'in', values: ['Online', 'ConnectionLost'] };
const NEVER: NodeCondition = { column: 'ping', op: 'in', values: [] };

export function nodeFilterConditions(
  ctx: RequestContext,
  filters: { Key: string; Values: string[]; Type?: string }[],
): NodeCondition[] {
  return filters.map((f) => {
    const type = f.Type ?? 'Equal';
    const column = COLUMN_OF[f.Key];
    if (column) {
      const values =
        f.Key === 'ResourceType'
          ? f.Values.map((v) => (v === 'EC2Instance' || v === 'ManagedInstance' ? v : `?${v}`))
          : f.Values;
      return {
        column,
        op: type === 'NotEqual' ? 'notIn' : type === 'BeginWith' ? 'beginWith' : 'in',
        values,
      };
    }
    // Attributes every emulated node shares: the filter keeps all nodes or none.
    const constant: Record<string, string> = {
      AgentType: 'amazon-ssm-agent',
      ManagedStatus: 'Managed',
      Region: ctx.region,
      AccountId: ctx.account,
    };
    if (f.Key in constant) {
      const v = constant[f.Key];
      const hit = f.Values.some((x) =>
        type === 'BeginWith' ? v.startsWith(x) : x === v || (f.Key === 'ManagedStatus' && x === 'All'),
      );
      return (type === 'NotEqual' ? !hit : hit) ? ALWAYS : NEVER;
    }
    if (f.Key === 'SourceType') {
      const types = f.Values.flatMap((v) =>
        v === 'AWS::EC2::Instance'
          ? ['EC2Instance']
          : v === 'AWS::SSM::ManagedInstance'
            ? ['ManagedInstance']
            : [],
      );
      if (type === 'NotEqual')
        return types.length ? { column: 'resource_type', op: 'notIn', values: types } : ALWAYS;
      return types.length ? { column: 'resource_type', op: 'in', values: types } : NEVER;
    }
    if (f.Key === 'InstanceStatus') {
      return {
        column: 'ping',
        op: type === 'NotEqual' ? 'notIn' : 'in',
        values: f.Values.map((v) => (v === 'Active' ? 'Online' : v)),
      };
    }
    // Organizational units and availability zones: emulated nodes belong to none the filter could name.
    if (
      ['OrganizationalUnitId', 'OrganizationalUnitPath', 'AvailabilityZone', 'AvailabilityZoneId'].includes(
        f.Key,
      )
    ) {
      return type === 'NotEqual' ? ALWAYS : NEVER;
    }
    throw new InvalidFilter(`The filter key ${f.Key} is not valid.`);
  });
}

/** Without a resource data sync the emulator answers for the caller's account and region only. */
export function checkSync(syncName: string | undefined): void {
  if (syncName !== undefined) {
    throw new ResourceDataSyncNotFoundException(`Resource data sync ${syncName} doesn't exist.`, {
      SyncName: syncName,
    });
  }
}
