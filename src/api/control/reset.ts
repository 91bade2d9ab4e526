import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lazy } from '../../lazy.js';
import { parseBody, type ControlDeps } from './index.js';

const ResetBody = lazy(() =>
  z
    .object({
      account: z
        .string()
        .regex(/^\d{12}$/, 'must be 12 digits')
        .optional(),
      region: z.string().min(1).optional(),
    })
    .strict(),
);

export function registerReset(app: FastifyInstance, { services }: ControlDeps): void {
  // Everything, or one account and/or region: what a test suite calls between tests.
  app.post('/_emulator/reset', async (request, reply) => {
    const body = parseBody(ResetBody(), request.body, reply);
    if (!body) return reply;
    // Only a full reset may move the clock back: nothing is left that was computed for the future.
    if (!body.account && !body.region) services.clock.restoreReal();
    // Every engine (timers, running work, live sessions), the store and the starting nodes, in one loop.
    services.engines.reset(body);
    return { reset: body.account || body.region ? body : 'all' };
  });
}
