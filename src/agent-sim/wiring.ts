// Composition of the fleet: which nodes the emulator starts with and the in-process agents that run them.
import type { Logger } from '../engine/logger.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Store } from '../store/index.js';
import type { Clock } from '../engine/clock.js';
import { FleetEngine } from '../engine/fleet/fleet.js';
import { demoSeeds } from './demo-fleet.js';
import { readFleetFile, seedsFromFleet } from './fleet-file.js';
import type { NodeSeed } from './node-model.js';
import { VirtualAgent } from './virtual-agent.js';

export function startingSeeds(config: Config): () => NodeSeed[] {
  const defaults = { account: config.defaultAccount, region: config.defaultRegion };
  if (!config.fleet) return () => demoSeeds(defaults);
  const file = readFleetFile(config.fleet); // a bad file stops start-up here, naming the file, path and problem
  return () => [...(file.includeDemo ? demoSeeds(defaults) : []), ...seedsFromFleet(file, defaults)];
}

export function createFleet(config: Config, store: Store, clock: Clock, log: Logger): FleetEngine {
  const sandboxRoot = config.inMemory
    ? join(tmpdir(), `ssm-emulator-sandbox-${process.pid}`)
    : join(config.dataDir, 'sandbox');
  return new FleetEngine({
    store,
    clock,
    log,
    seeds: startingSeeds(config),
    createVirtualAgent: (ctx) => new VirtualAgent(ctx, { allowHostExec: config.allowHostExec, sandboxRoot }),
  });
}
