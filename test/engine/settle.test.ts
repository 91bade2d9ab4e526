// settle(): work due at one instant of a virtual clock ends there before the clock moves on; work that waits on
// the clock does not stall it; with an idle check, work that runs without emitting events (a module loading, a
// script interpreting) is waited for while it keeps the event loop busy.
import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/engine/clock.js';
import { EventBus } from '../../src/engine/events.js';
import { settle } from '../../src/engine/settle.js';

const bus = () => new EventBus(new Clock());
const turn = () => new Promise<void>((r) => setImmediate(r));

/** Keeps the event loop busy for about `ms` real ms, in slices, emitting nothing; sets done at the end. */
function busyWork(ms: number, state: { done: boolean }): void {
  const end = performance.now() + ms;
  const slice = () => {
    const until = Math.min(end, performance.now() + 5);
    while (performance.now() < until) {
      // burn CPU, as compiling a module does
    }
    if (performance.now() < end) setImmediate(slice);
    else state.done = true;
  };
  setImmediate(slice);
}

describe('settle', () => {
  it('returns once the work is done', async () => {
    const state = { done: false };
    void turn().then(() => (state.done = true));
    const t = performance.now();
    await settle({
      events: bus(),
      done: () => state.done,
      maxRealMs: 5_000,
      quietTurns: 20,
      idleWindowMs: 50,
    });
    expect(state.done).toBe(true);
    expect(performance.now() - t).toBeLessThan(1_000);
  });

  it('returns soon when the work waits on the clock (nothing runs, nothing is emitted)', async () => {
    const t = performance.now();
    await settle({ events: bus(), done: () => false, maxRealMs: 5_000, quietTurns: 20, idleWindowMs: 50 });
    expect(performance.now() - t).toBeLessThan(1_000);
  });

  it('with an idle check, waits for work that keeps the loop busy without emitting anything', async () => {
    const state = { done: false };
    busyWork(400, state);
    await settle({
      events: bus(),
      done: () => state.done,
      maxRealMs: 10_000,
      quietTurns: 20,
      idleWindowMs: 50,
    });
    expect(state.done).toBe(true);
  });

  it('without it, quietTurns alone decide (the busy work is still running when it returns)', async () => {
    const state = { done: false };
    busyWork(400, state);
    await settle({ events: bus(), done: () => state.done, maxRealMs: 10_000, quietTurns: 20 });
    expect(state.done).toBe(false);
    while (!state.done) await turn();
  });

  it('progress (events) resets the count', async () => {
    const events = bus();
    let emitted = 0;
    const state = { done: false };
    const tick = () => {
      if (emitted++ < 60) {
        events.emit({
          'detail-type': 'Test',
          account: '000000000000',
          region: 'us-east-1',
          resources: [],
          detail: {},
        });
        setImmediate(tick);
      } else state.done = true;
    };
    setImmediate(tick);
    await settle({ events, done: () => state.done, maxRealMs: 5_000, quietTurns: 20 });
    expect(state.done).toBe(true);
  });
});
