import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lazy } from '../../lazy.js';
import { parseBody, type ControlDeps } from './index.js';

// Control-plane schemas are built on first use (src/lazy.ts): start-up does not pay for them.
const ClockBody = lazy(() =>
  z.union([
    z.object({ freeze: z.literal(true) }).strict(),
    z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
    z
      .object({
        advance: z
          .number()
          .positive()
          .max(10 * 365 * 24 * 3600),
      })
      .strict(),
    z.object({ real: z.literal(true) }).strict(),
  ]),
);

export function registerClock(app: FastifyInstance, { services }: ControlDeps): void {
  const { clock } = services;
  const state = () => ({
    now: clock.now().toISOString(),
    mode: clock.mode,
    // Real time running ahead of the wall clock (after advancing, then {"real":true}).
    ...(clock.leadMs > 0 ? { aheadSeconds: clock.leadMs / 1000 } : {}),
  });

  app.get('/_emulator/clock', async () => state());

  // advance and set answer only once the work that fell due has run, so tests can assert right after.
  app.post('/_emulator/clock', async (request, reply) => {
    const body = parseBody(ClockBody(), request.body, reply);
    if (!body) return reply;
    if ('freeze' in body) clock.freeze();
    else if ('set' in body) await clock.set(new Date(body.set));
    else if ('advance' in body) await clock.advance(body.advance);
    else clock.useReal();
    return state();
  });
}
