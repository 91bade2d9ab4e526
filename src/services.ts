// What handlers and control routes reach through their context: configuration, store, clock, events.
import type { Config } from './config.js';
import type { Store } from './store/index.js';
import type { Clock } from './engine/clock.js';
import type { EventBus } from './engine/events.js';
import type { FleetEngine } from './engine/fleet/fleet.js';

export interface Services {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly fleet: FleetEngine;
  readonly startedAt: number;
  readonly version: string;
}
