// How a running step is stopped: waits on the virtual clock end with the stop's reason and leave no timer.
import { describe, expect, it } from 'vitest';
import {
  Aborted,
  abortReason,
  raceAbort,
  sleepUnlessAborted,
} from '../../../src/engine/automation/step-abort.js';
import { ActionInputError } from '../../../src/engine/automation/actions/types.js';
import { flush, virtualClock, watch } from './fakes.js';

describe('sleepUnlessAborted', () => {
  it('waits on the emulator clock: a frozen clock holds it until advanced', async () => {
    const clock = virtualClock();
    const slept = watch(sleepUnlessAborted(clock, new AbortController().signal, 30_000));
    await clock.advance(29);
    await flush();
    expect(slept.done).toBe(false);
    await clock.advance(1);
    await flush();
    expect(slept.done).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a stop ends the wait with its reason and removes the timer', async () => {
    const clock = virtualClock();
    const controller = new AbortController();
    const slept = sleepUnlessAborted(clock, controller.signal, 30_000);
    expect(clock.pendingTimers()).toBe(1);
    controller.abort(new Aborted('stop-step'));
    await expect(slept).rejects.toEqual(new Aborted('stop-step'));
    expect(clock.pendingTimers()).toBe(0);
    // A step stopped before it waits does not wait.
    await expect(sleepUnlessAborted(clock, controller.signal, 1)).rejects.toEqual(new Aborted('stop-step'));
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('raceAbort', () => {
  it("ends an action that ignores its signal when the step stops, with the stop's reason", async () => {
    const controller = new AbortController();
    const raced = raceAbort(new Promise<never>(() => undefined), controller.signal);
    controller.abort(new Aborted('timeout'));
    await expect(raced).rejects.toEqual(new Aborted('timeout'));
  });

  it("passes the action's result or error through", async () => {
    const signal = new AbortController().signal;
    expect(await raceAbort(Promise.resolve(7), signal)).toBe(7);
    const bad = new ActionInputError('bad input');
    await expect(raceAbort(Promise.reject(bad), signal)).rejects.toBe(bad);
  });

  it('a signal aborted without an Aborted reason reads as a Cancel', () => {
    const controller = new AbortController();
    controller.abort(new Error('shutdown'));
    expect(abortReason(controller.signal)).toEqual(new Aborted('cancel'));
  });
});
