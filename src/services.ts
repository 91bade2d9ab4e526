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
import type { AssociationEngine } from './engine/associations/engine.js';
import type { ComplianceEngine } from './engine/compliance/engine.js';
import type { PatchEngine } from './engine/patching/engine.js';
import type { MaintenanceWindowEngine } from './engine/maintenance-windows/engine.js';
import type { Logger } from './engine/logger.js';
import type { ParameterEngine } from './engine/parameters/engine.js';
import type { Lifecycle } from './engine/lifecycle.js';
import type { FileRoot } from './engine/files.js';

export interface Services {
  readonly config: Config;
  /** Where files go: the data dir, or a temporary folder removed at close (--in-memory). */
  readonly files: FileRoot;
  /** The server's logger (Fastify's), for engines and handlers alike. */
  readonly log: Logger;
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly parameters: ParameterEngine;
  readonly fleet: FleetEngine;
  readonly sessions: SessionEngine;
  readonly commands: CommandEngine;
  readonly ec2: Ec2Simulator;
  readonly automation: AutomationEngine;
  readonly associations: AssociationEngine;
  readonly compliance: ComplianceEngine;
  readonly patching: PatchEngine;
  /** Every engine at once: /_emulator/reset resets them all through it. */
  readonly engines: Lifecycle;
  readonly maintenanceWindows: MaintenanceWindowEngine;
  readonly startedAt: number;
  readonly version: string;
}
