// The clock: a frozen virtual clock runs due timers in time order when set or advanced; real mode fires them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../src/engine/clock.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const clocks: Clock[] = [];
/** A clock whose wall time is fixed at T0 unless told otherwise, so virtual tests never read Date.now(). */
function clockAt(now: () => number = () => T0): Clock {
  const c = new Clock(now);
  clocks.push(c);
  return c;
}

afterEach(() => {
  for (const c of clocks.splice(0)) c.dispose();
  vi.restoreAllMocks();
});

describe('virtual time', () => {
  it('starts in real mode and freezes where the wall clock is', () => {
    let wall = T0;
    const c = clockAt(() => wall);
    expect(c.mode).toBe('real');
    wall += 5000;
    expect(c.nowMs()).toBe(T0 + 5000);
    c.freeze();
    wall += 60_000;
    expect(c.mode).toBe('virtual');
    expect(c.nowMs()).toBe(T0 + 5000);
    expect(c.now()).toEqual(new Date(T0 + 5000));
  });

  it('advances by seconds, running due timers in time order and only those', async () => {
    const c = clockAt();
    c.freeze();
    const ran: string[] = [];
    c.setTimer(T0 + 3000, () => ran.push('c'));
    c.setTimer(new Date(T0 + 1000), () => ran.push('a'));
    c.setTimeout(2000, () => ran.push('b'));
    c.setTimer(T0 + 10_000, () => ran.push('late'));
    await c.advance(3);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(c.nowMs()).toBe(T0 + 3000);
    expect(c.pendingTimers()).toBe(1);
    await c.advance(7);
    expect(ran).toEqual(['a', 'b', 'c', 'late']);
    expect(c.pendingTimers()).toBe(0);
  });

  it('runs timers due at the same moment in the order they were scheduled', async () => {
    const c = clockAt();
    c.freeze();
    const ran: number[] = [];
    for (let i = 0; i < 20; i++) c.setTimer(T0 + (i % 2 ? 2000 : 1000), () => ran.push(i));
    await c.advance(2);
    expect(ran).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
  });

  it('shows each timer the moment it was due, and the target once done', async () => {
    const c = clockAt();
    c.freeze();
    const seen: number[] = [];
    c.setTimer(T0 + 1500, () => seen.push(c.nowMs()));
    c.setTimer(T0 + 4000, () => seen.push(c.nowMs()));
    await c.advance(10);
    expect(seen).toEqual([T0 + 1500, T0 + 4000]);
    expect(c.nowMs()).toBe(T0 + 10_000);
  });

  it('also runs timers that a running timer schedules within the same advance, in order', async () => {
    const c = clockAt();
    c.freeze();
    const ran: string[] = [];
    c.setTimer(T0 + 1000, () => {
      ran.push('first');
      c.setTimeout(500, () => ran.push('child at 1.5s'));
      c.setTimeout(5000, () => ran.push('child at 6s'));
    });
    c.setTimer(T0 + 2000, () => ran.push('second'));
    await c.advance(3);
    expect(ran).toEqual(['first', 'child at 1.5s', 'second']);
    expect(c.pendingTimers()).toBe(1);
    await c.advance(3);
    expect(ran.at(-1)).toBe('child at 6s');
  });

  it('waits for an async timer before running the next one', async () => {
    const c = clockAt();
    c.freeze();
    const ran: string[] = [];
    c.setTimer(T0 + 1000, async () => {
      await new Promise((r) => setImmediate(r));
      ran.push('slow');
    });
    c.setTimer(T0 + 1000, () => ran.push('next'));
    await c.advance(1);
    expect(ran).toEqual(['slow', 'next']);
  });

  it('sets the time forward, running what fell due, and backward (as asked) without running anything', async () => {
    const c = clockAt();
    const ran: string[] = [];
    c.freeze();
    c.setTimer(T0 + 60_000, () => ran.push('minute'));
    await c.set(new Date(T0 + 120_000));
    expect(ran).toEqual(['minute']);
    expect(c.nowMs()).toBe(T0 + 120_000);
    c.setTimer(T0 + 130_000, () => ran.push('later'));
    await c.set(new Date(T0));
    expect(c.nowMs()).toBe(T0);
    expect(ran).toEqual(['minute']);
    expect(c.pendingTimers()).toBe(1);
    await c.advance(130); // the timer kept its moment
    expect(ran).toEqual(['minute', 'later']);
  });

  it('freezes a real clock on set and advance', async () => {
    const c = clockAt();
    await c.advance(1);
    expect(c.mode).toBe('virtual');
    expect(c.nowMs()).toBe(T0 + 1000);
    const d = clockAt();
    await d.set(new Date('2030-06-01T12:00:00Z'));
    expect(d.mode).toBe('virtual');
    expect(d.now().toISOString()).toBe('2030-06-01T12:00:00.000Z');
  });

  it('cancels a timer with clearTimer, leaving the others in order', async () => {
    const c = clockAt();
    c.freeze();
    const ran: number[] = [];
    const handles = [5, 1, 4, 2, 3].map((s) => c.setTimer(T0 + s * 1000, () => ran.push(s)));
    c.clearTimer(handles[2]); // the one at 4s
    c.clearTimer(handles[2]); // twice is harmless
    c.clearTimer(undefined);
    expect(c.pendingTimers()).toBe(4);
    await c.advance(10);
    expect(ran).toEqual([1, 2, 3, 5]);
  });

  it('keeps running later timers when one throws', async () => {
    const logged: { fields: object; message: string }[] = [];
    const record = (fields: object, message: string) => void logged.push({ fields, message });
    const c = new Clock(() => T0, { error: record, warn: record, info: record, debug: record });
    clocks.push(c);
    c.freeze();
    const ran: string[] = [];
    c.setTimer(T0 + 1000, () => {
      throw new Error('boom');
    });
    c.setTimer(T0 + 2000, () => Promise.reject(new Error('async boom')));
    c.setTimer(T0 + 3000, () => ran.push('after'));
    await c.advance(5);
    expect(ran).toEqual(['after']);
    // Each failure is logged once, at error level, with the error itself (pino prints its stack).
    expect(logged.map((l) => [l.message, (l.fields as { err: Error }).err.message])).toEqual([
      ['a scheduled task failed', 'boom'],
      ['a scheduled task failed', 'async boom'],
    ]);
  });

  it('forgets every timer on dispose', async () => {
    const c = clockAt();
    c.freeze();
    const ran: string[] = [];
    c.setTimer(T0 + 1000, () => ran.push('x'));
    c.dispose();
    await c.advance(5);
    expect(ran).toEqual([]);
    expect(c.pendingTimers()).toBe(0);
  });
});

describe('real time', () => {
  const fired = (c: Clock, ms: number) =>
    new Promise<number>((resolve) => c.setTimeout(ms, () => resolve(Date.now())));

  it('fires timers on the wall clock, in time order', async () => {
    const c = clockAt(Date.now);
    const ran: string[] = [];
    const start = Date.now();
    const done = new Promise<void>((resolve) => {
      c.setTimeout(30, () => {
        ran.push('30ms');
        resolve();
      });
      c.setTimeout(10, () => ran.push('10ms'));
    });
    await done;
    expect(ran).toEqual(['10ms', '30ms']);
    expect(Date.now() - start).toBeGreaterThanOrEqual(25);
  });

  it('runs a timer already due at once', async () => {
    const c = clockAt(Date.now);
    const ran = new Promise<string>((resolve) => c.setTimer(Date.now() - 1000, () => resolve('due')));
    await expect(ran).resolves.toBe('due');
  });

  it('does not fire a cleared timer', async () => {
    const c = clockAt(Date.now);
    const ran: string[] = [];
    const h = c.setTimeout(5, () => ran.push('cleared'));
    c.clearTimer(h);
    await fired(c, 20);
    expect(ran).toEqual([]);
  });

  it('does not fire real timers while frozen, and fires them once back to real', async () => {
    const c = clockAt(Date.now);
    const ran: string[] = [];
    c.setTimeout(5, () => ran.push('held'));
    c.freeze();
    await new Promise((r) => setTimeout(r, 25));
    expect(ran).toEqual([]);
    const after = new Promise<void>((resolve) => c.setTimer(c.nowMs() + 10, () => resolve()));
    c.useReal();
    expect(c.mode).toBe('real');
    await after;
    expect(ran).toEqual(['held']);
  });

  it('returns to real time from ahead of the wall clock without going back: it keeps its lead', async () => {
    let wall = T0;
    const c = clockAt(() => wall);
    await c.advance(3600);
    c.useReal();
    expect(c.mode).toBe('real');
    expect(c.nowMs()).toBe(T0 + 3_600_000);
    expect(c.leadMs).toBe(3_600_000);
    wall += 5000; // and runs at wall-clock speed from there
    expect(c.nowMs()).toBe(T0 + 3_605_000);
  });

  it('returns to real time from behind the wall clock by catching up, running what fell due', async () => {
    let wall = T0;
    const c = clockAt(() => wall);
    c.freeze();
    const ran: string[] = [];
    c.setTimer(T0 + 1000, () => ran.push('due'));
    wall += 60_000;
    c.useReal();
    expect(c.nowMs()).toBe(T0 + 60_000);
    expect(c.leadMs).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual(['due']);
  });

  it('fires real-mode timers on the clock it shows when ahead of the wall clock', async () => {
    const c = clockAt(Date.now);
    await c.advance(3600);
    c.useReal();
    const at = await fired(c, 5);
    expect(at).toBeGreaterThan(0);
    expect(c.nowMs() - Date.now()).toBeGreaterThan(3_599_000);
  });

  it("restoreReal (a full reset) goes back to the wall clock, keeping each timer's remaining delay", async () => {
    let wall = T0;
    const c = clockAt(() => wall);
    await c.set(new Date('2030-01-01T00:00:00Z'));
    const ran: string[] = [];
    c.setTimeout(50, () => ran.push('heartbeat'));
    c.restoreReal();
    expect(c.mode).toBe('real');
    expect(c.nowMs()).toBe(T0);
    expect(c.leadMs).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual([]); // not due: still 50 ms away, not 4 years late nor 4 years early
    wall += 50;
    await new Promise((r) => setTimeout(r, 80));
    expect(ran).toEqual(['heartbeat']);
  });
});
