// Work due at one instant of a virtual clock (a schedule firing) must end at that instant when it takes no
// emulator time, as it would on AWS, before the clock moves on; work that waits on the clock must not stall it.
import { performance } from 'node:perf_hooks';
import type { EventBus } from './events.js';

/** Below this share of the idle check's real time spent running code, the process counts as idle. */
const IDLE_UTILIZATION = 0.3;
/** Idle checks in a row that confirm it (one can fall in a pause of busy work, such as a file read). */
const IDLE_CHECKS = 2;

export interface SettleOptions {
  events: EventBus;
  /** True once the work has ended. */
  done: () => boolean;
  /** Grows while the work makes progress (besides the events the bus carries). */
  progress?: () => number;
  /** True while real work that takes no emulator time is in flight (Clock.busy): never counted as quiet. */
  busy?: () => boolean;
  /** Real milliseconds after which the clock moves on regardless. */
  maxRealMs: number;
  /** Event-loop turns with no progress after which the work counts as waiting on the clock. */
  quietTurns: number;
  /**
   * Then also twice this many real ms with no progress and the event loop mostly idle: work that runs without
   * emitting events (a module loading, a script interpreting) keeps the loop busy, work waiting on the clock
   * does not. Without it, quietTurns alone decides.
   */
  idleWindowMs?: number;
}

/** Resolves when the work is done, waits on the clock (no progress for quietTurns turns), or maxRealMs passed. */
export async function settle(o: SettleOptions): Promise<void> {
  let events = 0;
  const unsubscribe = o.events.subscribe(() => events++);
  const progress = () => events + (o.progress?.() ?? 0);
  try {
    const deadline = performance.now() + o.maxRealMs;
    let quiet = 0;
    let seen = -1;
    while (performance.now() < deadline) {
      if (o.done()) return;
      if (quiet >= o.quietTurns) {
        if (!o.idleWindowMs) return;
        let idle = 0;
        while (idle < IDLE_CHECKS) {
          // Real time on purpose (not the emulator clock): it measures whether this process still works.
          const before = performance.eventLoopUtilization();
          await new Promise<void>((r) => setTimeout(r, o.idleWindowMs));
          const busy = performance.eventLoopUtilization(before).utilization;
          if (o.done()) return;
          if (busy >= IDLE_UTILIZATION || progress() !== seen) break;
          idle++;
        }
        if (idle === IDLE_CHECKS) return;
        quiet = 0;
        seen = progress();
        continue;
      }
      await new Promise<void>((r) => setImmediate(r));
      const now = progress();
      quiet = now === seen && !o.busy?.() ? quiet + 1 : 0;
      seen = now;
    }
  } finally {
    unsubscribe();
  }
}
