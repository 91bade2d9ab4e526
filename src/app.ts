// Composition root: store, clock, events and the API server, started and stopped together.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { resolveConfig, type Config, type ConfigInput } from './config.js';
import { Store } from './store/index.js';
import { Clock } from './engine/clock.js';
import { FileRoot } from './engine/files.js';
import { EventBus } from './engine/events.js';
import { buildServer, createHttpServer } from './api/server.js';
import type { Logger } from './engine/logger.js';
import { ParameterEngine } from './engine/parameters/engine.js';
import { EngineSet, storeState } from './engine/engine-set.js';
import type { SsmApi } from './engine/automation/aws-api.js';
import type { Services } from './services.js';
import { FleetEngine } from './engine/fleet/fleet.js';
import type { NodeSeed } from './agent-contract/node-model.js';
import { demoSeeds } from './agent-sim/demo-fleet.js';
import { readFleetFile, seedsFromFleet } from './agent-sim/fleet-file.js';
import { VirtualAgent } from './agent-sim/virtual-agent.js';
import { CommandEngine } from './engine/commands/engine.js';
import { Ec2Simulator } from './engine/ec2/index.js';
import { AutomationEngine } from './engine/automation/engine.js';
import { ssmApiOf } from './api/internal-calls.js';
import { SessionEngine } from './engine/sessions/engine.js';
import { attachDataChannelSocket } from './api/data-channel-socket.js';
import { AssociationEngine } from './engine/associations/engine.js';
import { ComplianceEngine } from './engine/compliance/engine.js';
import { PatchEngine } from './engine/patching/engine.js';
import { MaintenanceWindowEngine } from './engine/maintenance-windows/engine.js';
import { nextOpening } from './engine/maintenance-windows/schedule.js';

export interface Emulator {
  readonly config: Config;
  readonly services: Services;
  readonly app: FastifyInstance;
  /** http://host:port once listening. */
  readonly endpoint: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function createEmulator(input: ConfigInput = {}): Emulator {
  const config = resolveConfig(input);
  const app = createHttpServer(config);
  const files = new FileRoot(config);
  const log: Logger = app.log; // engines log through Fastify's logger
  const clock = new Clock(Date.now, log);
  const store = Store.open({ dataDir: config.dataDir, inMemory: config.inMemory });
  const events = new EventBus(clock, log);
  const fleet = createFleet(config, store, clock, log, files);
  const parameters = new ParameterEngine({ config, store, clock, events });
  const sessions = new SessionEngine({ config, files, store, clock, events, fleet, log });
  const commands = new CommandEngine({
    config,
    files,
    store,
    clock,
    events,
    fleet,
    keys: parameters.keys,
    log,
  });
  const ec2 = new Ec2Simulator({ store, clock, fleet });
  const ssmApi: { call?: SsmApi } = {}; // the dispatcher's, once the server is built
  const automation = new AutomationEngine({
    config,
    store,
    clock,
    events,
    log,
    fleet,
    commands,
    ec2,
    sessions,
    ssmApi: (scope, operation, input) => ssmApi.call!(scope, operation, input),
  });
  // One loop starts, resets and closes them, in this order: work in flight stops before the store forgets a
  // scope (the service settings cache with it), the starting nodes come back after it, and EC2 starts after
  // the fleet (stopped instances take their nodes' agents down again).
  const compliance = new ComplianceEngine({ store, clock, events });
  // Stores what nodes report after AWS-RunPatchBaseline; its compliance items go through the one compliance store.
  const patching = new PatchEngine({ store, fleet, compliance });
  const associations = new AssociationEngine({
    store,
    clock,
    events,
    fleet,
    commands,
    automation,
    compliance,
    log,
  });
  // After Run Command and Automation: windows due now run their tasks.
  const maintenanceWindows = new MaintenanceWindowEngine({
    store,
    clock,
    events,
    engines: { commands, automation },
    nextOpening,
  });
  // Associations come after the fleet: starting nodes are not new nodes, and a reset's nodes come back first.
  const engines = new EngineSet([
    parameters,
    sessions,
    commands,
    automation,
    storeState(store),
    fleet,
    ec2,
    compliance,
    patching,
    associations,
    maintenanceWindows,
    events,
  ]);
  const services: Services = {
    config,
    files,
    log,
    store,
    clock,
    events,
    engines,
    parameters,
    fleet,
    sessions,
    commands,
    ec2,
    automation,
    compliance,
    patching,
    associations,
    maintenanceWindows,
    startedAt: Date.now(),
    version: packageVersion(),
  };
  const { dispatcher } = buildServer(app, services);
  ssmApi.call = ssmApiOf(dispatcher);
  attachDataChannelSocket(app, services);
  engines.start();
  let endpoint = '';
  let closed = false;

  return {
    config,
    services,
    app,
    get endpoint() {
      return endpoint;
    },
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      endpoint = `http://${host}:${port}`;
      services.sessions.setEndpoint(endpoint);
      store.noteEndpoint(endpoint);
      return endpoint;
    },
    async close() {
      if (closed) return;
      closed = true;
      engines.close();
      await app.close(); // stops accepting, lets in-flight requests finish, frees the port
      clock.dispose();
      store.close();
      files.close();
    },
  };
}

/** The fleet: the nodes the emulator starts with, and the in-process agents that run the virtual ones. */
function createFleet(config: Config, store: Store, clock: Clock, log: Logger, files: FileRoot): FleetEngine {
  return new FleetEngine({
    store,
    clock,
    log,
    seeds: startingSeeds(config),
    createVirtualAgent: (ctx) =>
      new VirtualAgent(ctx, {
        allowHostExec: config.allowHostExec,
        // Read only by a node that runs host shells: an in-memory emulator without one makes no folder.
        get sandboxRoot() {
          return join(files.dir, 'sandbox');
        },
      }),
  });
}

function startingSeeds(config: Config): () => NodeSeed[] {
  const defaults = { account: config.defaultAccount, region: config.defaultRegion };
  if (!config.fleet) return () => demoSeeds(defaults);
  const file = readFleetFile(config.fleet); // a bad file stops start-up here, naming the file, path and problem
  return () => [...(file.includeDemo ? demoSeeds(defaults) : []), ...seedsFromFleet(file, defaults)];
}

function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) return (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}
