// What handlers and control routes reach through their context: configuration, store, clock, events.
import type { Config } from './config.js';
import type { Store } from './store/index.js';
import type { Clock } from './engine/clock.js';
import type { EventBus } from './engine/events.js';
import type { FleetEngine } from './engine/fleet/fleet.js';
import type { SessionEngine } from './engine/sessions/engine.js';
import type { CommandEngine } from './engine/commands/engine.js';
import type { Ec2Simulator } from './engine/ec2/index.js';
import type { AutomationEngine } from './engine/automation/engine.js';
import type { PatchEngine } from './engine/patching/engine.js';
import type { Logger } from './engine/logger.js';

export interface Services {
  readonly config: Config;
  /** The server's logger (Fastify's), for engines and handlers alike. */
  readonly log: Logger;
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly fleet: FleetEngine;
  readonly sessions: SessionEngine;
  readonly commands: CommandEngine;
  readonly ec2: Ec2Simulator;
  readonly automation: AutomationEngine;
  readonly patching: PatchEngine;
  readonly startedAt: number;
  readonly version: string;
}
