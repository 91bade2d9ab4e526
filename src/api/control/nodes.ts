// /_emulator/nodes: list, add, change (tags, online/offline, faults) and remove simulated nodes; and the
// websocket standalone agents connect to.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseBody, type ControlDeps } from './index.js';
import { fleetGroupSchema, fleetNodeSchema, seedsFromFleet } from '../../agent-sim/fleet-file.js';
import { nodeFaultsSchema } from '../../agent-contract/node-model.js';
import { lazy } from '../../lazy.js';
import type { StoredNode } from '../../store/repositories/nodes.js';
import { afterKey } from '../../store/repositories/nodes.js';
import { CONNECTION_LOST_AFTER_MS, lastPingOf, pingStatusOf } from '../../engine/fleet/ping-status.js';
import { attachAgentSocket } from './agent-socket.js';
import type { Services } from '../../services.js';

/** Largest page of GET /_emulator/nodes. */
const MAX_CONTROL_PAGE = 1000;

// Built on first use (src/lazy.ts), as every control-plane schema.
const Scope = lazy(() =>
  z.object({
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be 12 digits')
      .optional(),
    region: z.string().min(1).optional(),
  }),
);

const ListQuery = lazy(() =>
  Scope().extend({
    limit: z.coerce.number().int().min(1).max(MAX_CONTROL_PAGE).default(100),
    nextToken: z.string().optional(),
    pingStatus: z.enum(['Online', 'ConnectionLost']).optional(),
  }),
);

const PostBody = lazy(() => z.union([fleetGroupSchema(), fleetNodeSchema()]));

const PatchBody = lazy(() =>
  z
    .object({
      account: Scope().shape.account,
      region: Scope().shape.region,
      /** Tags to set; a null value removes the tag. */
      tags: z.record(z.string().min(1).max(128), z.string().max(256).nullable()).optional(),
      /** false stops the agent (no more heartbeats: ConnectionLost after the interval); true starts it again. */
      online: z.boolean().optional(),
      faults: nodeFaultsSchema().partial().optional(),
      agentVersion: z
        .string()
        .regex(/^[0-9]{1,6}(\.[0-9]{1,6}){2,3}$/)
        .optional(),
      ipAddress: z.ipv4().optional(),
      computerName: z.string().min(1).max(255).optional(),
    })
    .strict(),
);

export function registerNodes(app: FastifyInstance, { services }: ControlDeps): void {
  const { fleet, store, clock, config } = services;
  const scopeOf = (s: { account?: string; region?: string }) => ({
    account: s.account ?? config.defaultAccount,
    region: s.region ?? config.defaultRegion,
  });

  app.get('/_emulator/nodes', async (request, reply) => {
    const q = ListQuery().safeParse(request.query);
    if (!q.success)
      return reply
        .code(400)
        .send({ error: q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const { account, region } = scopeOf(q.data);
    const after = afterKey(q.data.nextToken);
    if (after === null) return reply.code(400).send({ error: 'nextToken: not a token this endpoint issued' });
    const conditions = q.data.pingStatus
      ? [{ column: 'ping' as const, op: 'in' as const, values: [q.data.pingStatus] }]
      : [];
    const page = store.nodes.list(
      account,
      region,
      { conditions, nowMs: clock.nowMs(), lostAfterMs: CONNECTION_LOST_AFTER_MS },
      q.data.limit,
      after,
    );
    return { nodes: page.items.map((n) => view(services, n)), nextToken: page.nextToken };
  });

  app.get<{ Params: { id: string } }>('/_emulator/nodes/:id', async (request, reply) => {
    const s = Scope().safeParse(request.query);
    if (!s.success) return reply.code(400).send({ error: s.error.issues.map((i) => i.message).join('; ') });
    const node = fleet.node({ ...scopeOf(s.data), instanceId: request.params.id });
    if (!node) return reply.code(404).send({ error: `no node ${request.params.id}` });
    return view(services, node);
  });

  app.post('/_emulator/nodes', async (request, reply) => {
    const body = parseBody(PostBody(), request.body, reply);
    if (!body) return reply;
    const seeds = seedsFromFleet(
      'count' in body
        ? { version: 1, includeDemo: false, nodes: [], groups: [body] }
        : { version: 1, includeDemo: false, nodes: [body], groups: [] },
      { account: config.defaultAccount, region: config.defaultRegion },
    ).map((s) => ({
      ...s,
      source: 'control' as const,
      profileId: s.profileId.replace(/^(node|group)\//, 'control/$1/'),
    }));
    if (seeds.length === 1 && fleet.node(seeds[0])) {
      return reply.code(409).send({ error: `node ${seeds[0].instanceId} already exists` });
    }
    fleet.seed(seeds);
    reply.code(201);
    if (seeds.length > MAX_CONTROL_PAGE) return { created: seeds.length };
    return { created: seeds.length, nodes: seeds.map((s) => view(services, fleet.node(s)!)) };
  });

  app.patch<{ Params: { id: string } }>('/_emulator/nodes/:id', async (request, reply) => {
    const body = parseBody(PatchBody(), request.body, reply);
    if (!body) return reply;
    const ref = { ...scopeOf(body), instanceId: request.params.id };
    const node = fleet.node(ref);
    if (!node) return reply.code(404).send({ error: `no node ${request.params.id}` });
    store.transaction(() => {
      if (body.tags) {
        const entries = Object.entries(body.tags);
        store.nodes.tags.put(
          ref.account,
          ref.region,
          ref.instanceId,
          Object.fromEntries(entries.filter(([, v]) => v !== null)) as Record<string, string>,
        );
        store.nodes.tags.remove(
          ref.account,
          ref.region,
          ref.instanceId,
          entries.filter(([, v]) => v === null).map(([k]) => k),
        );
      }
      const faults = nodeFaultsSchema().parse({
        ...node.faults,
        ...body.faults,
        ...(body.online === undefined ? {} : { offline: !body.online }),
      });
      const goingOnline =
        body.online ?? (body.faults?.offline === undefined ? undefined : !body.faults.offline);
      fleet.updateNode({
        ...node,
        faults,
        agentVersion: body.agentVersion ?? node.agentVersion,
        ipAddress: body.ipAddress ?? node.ipAddress,
        computerName: body.computerName ?? node.computerName,
      });
      if (goingOnline !== undefined && goingOnline !== node.agentConnected) fleet.setOnline(ref, goingOnline);
    });
    if (body.tags) fleet.nodesChanged([ref]);
    return view(services, fleet.node(ref)!);
  });

  app.delete<{ Params: { id: string } }>('/_emulator/nodes/:id', async (request, reply) => {
    const s = Scope().safeParse(request.query);
    if (!s.success) return reply.code(400).send({ error: s.error.issues.map((i) => i.message).join('; ') });
    if (!fleet.removeNode({ ...scopeOf(s.data), instanceId: request.params.id })) {
      return reply.code(404).send({ error: `no node ${request.params.id}` });
    }
    return { deleted: request.params.id };
  });

  attachAgentSocket(app, services);
}

function view(services: Services, n: StoredNode) {
  const now = services.clock.nowMs();
  return {
    instanceId: n.instanceId,
    account: n.account,
    region: n.region,
    resourceType: n.resourceType,
    name: n.name,
    computerName: n.computerName,
    ipAddress: n.ipAddress,
    platformType: n.platformType,
    platformName: n.platformName,
    platformVersion: n.platformVersion,
    agentVersion: n.agentVersion,
    iamRole: n.iamRole,
    activationId: n.activationId,
    source: n.source,
    agent: n.agentKind,
    pingStatus: pingStatusOf(n, now),
    /** The agent is up now (false while the node reboots or is offline; ping status follows 10 minutes later). */
    connected: n.agentConnected,
    lastPingTime: new Date(lastPingOf(n, now)).toISOString(),
    registrationTime: new Date(n.registrationMs).toISOString(),
    tags: services.store.nodes.tags.get(n.account, n.region, n.instanceId),
    faults: n.faults,
  };
}
