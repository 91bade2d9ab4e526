// Waiting on the emulator clock (a virtual clock only moves when advanced), abortable by a cancel.
import type { AgentClock } from '../agent-contract/in-process.js';

export interface Sleeper {
  nowMs(): number;
  /** Resolves true after ms on the clock, false when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

export function clockSleeper(clock: AgentClock): Sleeper {
  return {
    nowMs: () => clock.nowMs(),
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.resolve(false);
      if (ms <= 0) return Promise.resolve(true); // a frozen clock must not block zero-length work
      return new Promise((resolve) => {
        const handle = clock.setTimeout(ms, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        });
        const onAbort = () => {
          clock.clearTimer(handle);
          resolve(false);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
