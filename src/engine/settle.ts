// Work due at one instant of a virtual clock (a schedule firing) must end at that instant when it takes no
// emulator time, as it would on AWS, before the clock moves on; work that waits on the clock must not stall it.
import type { EventBus } from './events.js';

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
}

/** Resolves when the work is done, waits on the clock (no progress for quietTurns turns), or maxRealMs passed. */
export async function settle(o: SettleOptions): Promise<void> {
  let events = 0;
  const unsubscribe = o.events.subscribe(() => events++);
  try {
    const deadline = performance.now() + o.maxRealMs;
    let quiet = 0;
    let seen = -1;
    while (quiet < o.quietTurns && performance.now() < deadline) {
      if (o.done()) return;
      await new Promise<void>((r) => setImmediate(r));
      const now = events + (o.progress?.() ?? 0);
      quiet = now === seen && !o.busy?.() ? quiet + 1 : 0;
      seen = now;
    }
  } finally {
    unsubscribe();
  }
}
