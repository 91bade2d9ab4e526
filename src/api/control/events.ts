import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lazy } from '../../lazy.js';
import type { ControlDeps } from './index.js';

const EventsQuery = lazy(() =>
  z.object({
    account: z.string().optional(),
    region: z.string().optional(),
    detailType: z.string().optional(),
  }),
);

export function registerEvents(app: FastifyInstance, { services }: ControlDeps): void {
  // Recent events of the internal bus, oldest first: what AWS would have sent to EventBridge.
  app.get('/_emulator/events', async (request, reply) => {
    const q = EventsQuery().safeParse(request.query);
    if (!q.success) return reply.code(400).send({ error: q.error.issues.map((i) => i.message).join('; ') });
    return { events: services.events.recent(q.data) };
  });
}
