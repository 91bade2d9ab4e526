import type { FastifyInstance } from 'fastify';
import type { ControlDeps } from './index.js';

export function registerHealth(app: FastifyInstance, { services }: ControlDeps): void {
  app.get('/_emulator/health', async () => ({
    status: 'ok',
    version: services.version,
    uptimeSeconds: (Date.now() - services.startedAt) / 1000,
    clock: { now: services.clock.now().toISOString(), mode: services.clock.mode },
    defaultAccount: services.config.defaultAccount,
    defaultRegion: services.config.defaultRegion,
  }));
}
