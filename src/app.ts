// Composition root: store, clock, events and the API server, started and stopped together.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { resolveConfig, type Config, type ConfigInput } from './config.js';
import { Store } from './store/index.js';
import { Clock } from './engine/clock.js';
import { EventBus } from './engine/events.js';
import { buildServer, createHttpServer } from './api/server.js';
import type { Logger } from './engine/logger.js';
import { startParameterEngine } from './engine/parameters/engine.js';
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
import { PatchEngine } from './engine/patching/engine.js';
import { attachDataChannelSocket } from './api/data-channel-socket.js';

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
  const log: Logger = app.log; // engines log through Fastify's logger
  const clock = new Clock(Date.now, log);
  const store = Store.open({ dataDir: config.dataDir, inMemory: config.inMemory });
  const events = new EventBus(clock, log);
  const fleet = createFleet(config, store, clock, log);
  const services: Services = {
    config,
    log,
    store,
    clock,
    events,
    fleet,
    sessions: new SessionEngine({ config, store, clock, events, fleet, log }),
    commands: new CommandEngine(),
    ec2: new Ec2Simulator({ store, clock, fleet }),
    automation: new AutomationEngine(),
    patching: new PatchEngine({ store, fleet }),
    startedAt: Date.now(),
    version: packageVersion(),
  };
  const { dispatcher } = buildServer(app, services);
  attachDataChannelSocket(app, services);
  services.fleet.start();
  services.ec2.start(); // after the fleet: stopped instances take their nodes' agents down again
  startParameterEngine(services);
  services.commands.start(services);
  services.patching.start();
  services.automation.start(services, ssmApiOf(dispatcher));
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
      return endpoint;
    },
    async close() {
      if (closed) return;
      closed = true;
      services.sessions.close();
      services.fleet.close();
      services.automation.close();
      services.patching.close();
      services.commands.close();
      await app.close(); // stops accepting, lets in-flight requests finish, frees the port
      clock.dispose();
      store.close();
    },
  };
}

/** The fleet: the nodes the emulator starts with, and the in-process agents that run the virtual ones. */
function createFleet(config: Config, store: Store, clock: Clock, log: Logger): FleetEngine {
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
