// Control plane under /_emulator/: what test suites call between tests (documented in the README).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import type { Dispatcher } from '../protocol/dispatcher.js';
import { registerHealth } from './health.js';
import { registerReset } from './reset.js';
import { registerCoverage } from './coverage.js';
import { registerClock } from './clock.js';
import { registerEvents } from './events.js';
import { registerNodes } from './nodes.js';
import { registerKmsKeys } from './kms-keys.js';
import { registerEc2 } from './ec2.js';

export interface ControlDeps {
  services: Services;
  dispatcher: Dispatcher;
}

export function registerControlPlane(app: FastifyInstance, services: Services, dispatcher: Dispatcher): void {
  const deps = { services, dispatcher };
  for (const register of [
    registerHealth,
    registerReset,
    registerCoverage,
    registerClock,
    registerEvents,
    registerKmsKeys,
    registerNodes,
    registerEc2,
  ]) {
    register(app, deps);
  }
}

/** Parses a control-plane JSON body with zod; answers 400 with the problems and returns undefined. */
export function parseBody<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  reply: FastifyReply,
): z.infer<T> | undefined {
  let json: unknown = {};
  if (typeof raw === 'string' && raw.trim() !== '') {
    try {
      json = JSON.parse(raw);
    } catch {
      void reply.code(400).send({ error: 'the body is not valid JSON' });
      return undefined;
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    void reply.code(400).send({
      error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    });
    return undefined;
  }
  return parsed.data;
}
