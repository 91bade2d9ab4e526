// How a running step is stopped: its AbortController carries an Aborted reason (a Cancel, the step's timeout,
// a StopStep signal), and every wait the step makes ends with that reason.
import type { Clock } from '../clock.js';

export type StopReason = 'cancel' | 'timeout' | 'stop-step';

export class Aborted extends Error {
  constructor(readonly reason: StopReason) {
    super(reason);
  }
}

/** The reason a step's signal was aborted with (a Cancel when it carries none). */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Aborted ? signal.reason : new Aborted('cancel');
}

/** Waits on the emulator clock (a frozen clock waits until it is advanced); rejects when the step stops first. */
export function sleepUnlessAborted(clock: Clock, signal: AbortSignal, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const t = clock.setTimer(clock.nowMs() + Math.max(0, ms), () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    const onAbort = () => {
      clock.clearTimer(t);
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** An action that ignores its abort signal still ends when the step is stopped. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
