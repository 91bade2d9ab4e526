// Waiting on the emulator clock (a virtual clock only moves when advanced), abortable by a cancel.
import type { AgentClock } from '../agent-contract/in-process.js';

export interface Sleeper {
  nowMs(): number;
  /** Resolves true after ms on the clock, false when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
  /** Real work that takes no emulator time, so a virtual clock's advance waits for it (AgentClock.hold). */
  hold<T>(work: Promise<T>): Promise<T>;
}

export function clockSleeper(clock: AgentClock): Sleeper {
  let active = 0; // this node's held work; it waits on the clock while it sleeps, so it is not held then
  const adjust = (delta: number) => {
    active += delta;
    clock.hold?.(delta);
  };
  return {
    nowMs: () => clock.nowMs(),
    hold(work) {
      adjust(1);
      const release = () => adjust(-1);
      work.then(release, release);
      return work;
    },
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.resolve(false);
      if (ms <= 0) return Promise.resolve(true); // a frozen clock must not block zero-length work
      const paused = active;
      if (paused) clock.hold?.(-paused);
      const wake = (r: boolean) => {
        if (paused) clock.hold?.(paused);
        return r;
      };
      return new Promise<boolean>((resolve) => {
        const handle = clock.setTimeout(ms, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        });
        const onAbort = () => {
          clock.clearTimer(handle);
          resolve(false);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }).then(wake);
    },
  };
}
