import { defineHandler } from '../../protocol/handler.js';
import type { Node } from '../../../model/generated/types.js';
import { LIST_NODES_DEFAULT, pageStart, query, sourceTypeOf } from './node-view.js';
import { checkSync, nodeFilterConditions } from './list-nodes-filters.js';
import { pingStatusOf } from '../../../engine/fleet/ping-status.js';

export default defineHandler('ListNodes', (input, ctx) => {
  checkSync(input.SyncName);
  const { store, clock } = ctx.services;
  const page = store.nodes.list(
    ctx.account,
    ctx.region,
    query(ctx, nodeFilterConditions(ctx, input.Filters ?? [])),
    input.MaxResults ?? LIST_NODES_DEFAULT,
    pageStart(input.NextToken),
  );
  const now = clock.nowMs();
  const Nodes: Node[] = page.items.map((n) => ({
    CaptureTime: new Date(Math.max(n.lastPingMs, n.registrationMs)),
    Id: n.instanceId,
    Owner: { AccountId: ctx.account },
    Region: ctx.region,
    NodeType: {
      Instance: {
        AgentType: 'amazon-ssm-agent',
        AgentVersion: n.agentVersion,
        ComputerName: n.computerName,
        InstanceStatus: pingStatusOf(n, now) === 'Online' ? 'Active' : 'ConnectionLost',
        IpAddress: n.ipAddress,
        ManagedStatus: 'Managed',
        Name: n.name,
        PlatformType: n.platformType as 'Linux',
        PlatformName: n.platformName,
        PlatformVersion: n.platformVersion,
        ResourceType: n.resourceType,
        SourceId: n.instanceId,
        SourceType: sourceTypeOf(n),
      },
    },
  }));
  return { Nodes, NextToken: page.nextToken };
});
