// One running command's in-memory state: what the dispatcher, the status tracker and the engine share.
import type { TimerHandle } from '../clock.js';
import type { FleetEngine } from '../fleet/fleet.js';
import type { PreparedCommand } from './prepare.js';
import type { StoredCommand, StoredInvocation } from './types.js';

export type Scope = { account: string; region: string };

/** What Run Command needs of the fleet: its nodes, their ping status, and their agents. */
export type CommandFleet = Pick<FleetEngine, 'node' | 'pingStatus' | 'runCommand' | 'cancelCommand'>;

export interface CommandRun {
  cmd: StoredCommand;
  prepared: PreparedCommand;
  invs: Map<string, StoredInvocation>;
  /** Instance ids not sent the command yet, in order. */
  queue: string[];
  /** Instance ids whose invocation has been handed to the agent and has not ended. */
  running: Set<string>;
  /** MaxConcurrency and MaxErrors as numbers of targets (0 until the targets are known). */
  concurrency: number;
  errorLimit: number;
  errors: number;
  /** Errors passed MaxErrors: nothing more is sent. */
  stopped: boolean;
  cancelled: boolean;
  /** Delivery deadline and expiry. */
  timers: TimerHandle[];
  /** Delivery retries of unreachable (Delayed) nodes, by instance id. */
  retries: Map<string, TimerHandle>;
  /** Invocations InProgress now, and the highest number at once (reported by peakInProgress). */
  inProgress: number;
  peak: number;
  /** A pump is queued for the next turn of the event loop. */
  pumpScheduled: boolean;
}

export function newRun(cmd: StoredCommand, prepared: PreparedCommand): CommandRun {
  return {
    cmd,
    prepared,
    invs: new Map(),
    queue: [],
    running: new Set(),
    concurrency: 0,
    errorLimit: 0,
    errors: 0,
    stopped: false,
    cancelled: false,
    timers: [],
    retries: new Map(),
    inProgress: 0,
    peak: 0,
    pumpScheduled: false,
  };
}

export const runKey = (x: { account: string; region: string; commandId: string }) =>
  `${x.account}/${x.region}/${x.commandId}`;
