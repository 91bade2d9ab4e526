// /_emulator/ec2: what the simulated EC2 holds (instance states, images, volumes, snapshots) and a way to call
// it directly, so tests can prepare a volume to detach or check a runbook's effect without Automation.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseBody, type ControlDeps } from './index.js';
import { Ec2Error } from '../../engine/ec2/index.js';
import { pingStatusOf } from '../../engine/fleet/ping-status.js';

const Scope = z.object({
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be 12 digits')
    .optional(),
  region: z.string().min(1).optional(),
});

const CallBody = Scope.extend({
  action: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
}).strict();

export function registerEc2(app: FastifyInstance, { services }: ControlDeps): void {
  const { ec2, config, fleet, clock } = services;
  const scopeOf = (s: { account?: string; region?: string }) => ({
    account: s.account ?? config.defaultAccount,
    region: s.region ?? config.defaultRegion,
  });

  app.get('/_emulator/ec2', async (request, reply) => {
    const q = Scope.safeParse(request.query);
    if (!q.success)
      return reply
        .code(400)
        .send({ error: q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const scope = scopeOf(q.data);
    const reservations = (await ec2.call(scope, 'DescribeInstances', {})).Reservations as {
      Instances: { InstanceId: string }[];
    }[];
    return {
      instances: reservations.flatMap((r) =>
        r.Instances.map((i) => {
          const node = fleet.node({ ...scope, instanceId: i.InstanceId });
          return { ...i, AgentPingStatus: node ? pingStatusOf(node, clock.nowMs()) : undefined };
        }),
      ),
      images: (await ec2.call(scope, 'DescribeImages', { Owners: ['self'] })).Images,
      volumes: (await ec2.call(scope, 'DescribeVolumes', {})).Volumes,
      snapshots: (await ec2.call(scope, 'DescribeSnapshots', { OwnerIds: ['self'] })).Snapshots,
    };
  });

  app.post('/_emulator/ec2', async (request, reply) => {
    const body = parseBody(CallBody, request.body, reply);
    if (!body) return reply;
    try {
      return await ec2.call(scopeOf(body), body.action, body.params);
    } catch (err) {
      if (err instanceof Ec2Error)
        return reply.code(400).send({ error: { code: err.code, message: err.message } });
      throw err;
    }
  });
}
