// Occurrences of rate() and at(), schedule offsets, and start / end dates, on times the caller passes.
import { describe, expect, it } from 'vitest';
import { next, nextOccurrences, parseSchedule } from '../../../src/engine/schedule/index.js';
import type { Schedule } from '../../../src/engine/schedule/index.js';

function schedule(expression: string): Schedule {
  const r = parseSchedule(expression);
  if (!r.ok) throw new Error(`${expression}: ${r.reason}`);
  return r.schedule;
}
const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const HOUR = 3_600_000;

describe('rate()', () => {
  it('counts from the base the caller gives: base, base + rate, ...', () => {
    const s = schedule('rate(5 hours)');
    const base = ms('2026-01-01T00:10:00Z');
    // Before the base, the base itself is first; after it, the next step.
    expect(nextOccurrences(s, { afterMs: base - 1, startMs: base, count: 3 }).map(iso)).toEqual([
      '2026-01-01T00:10:00Z',
      '2026-01-01T05:10:00Z',
      '2026-01-01T10:10:00Z',
    ]);
    expect(next(s, { afterMs: base, startMs: base })).toBe(base + 5 * HOUR);
    expect(next(s, { afterMs: base + 12 * HOUR, startMs: base })).toBe(base + 15 * HOUR);
  });

  it('without a base, counts from afterMs', () => {
    expect(next(schedule('rate(30 minutes)'), { afterMs: ms('2026-01-01T00:00:07Z') })).toBe(
      ms('2026-01-01T00:30:07Z'),
    );
  });

  it('AWS example 2: rate(7 days) from 2019-01-01T00:03:15+09:00 to 2019-06-30T00:06:15+09:00, in Tokyo', () => {
    const s = schedule('rate(7 days)');
    const startMs = ms('2019-01-01T00:03:15+09:00');
    const endMs = ms('2019-06-30T00:06:15+09:00');
    const all = nextOccurrences(s, {
      afterMs: ms('2018-12-01T00:00:00Z'),
      startMs,
      endMs,
      timezone: 'Asia/Tokyo',
      count: 100,
    });
    expect(all).toHaveLength(26);
    expect(all[0]).toBe(startMs); // active from Tuesday 1 January, and every Tuesday after
    expect(all[all.length - 1]).toBe(ms('2019-06-25T00:03:15+09:00')); // "the last execution ... Tuesday, June 25, 2019"
    expect(all.every((t) => new Date(t + 9 * HOUR).getUTCDay() === 2)).toBe(true);
  });

  it('counts elapsed time, so across daylight saving time a day is 24 hours', () => {
    const s = schedule('rate(1 day)');
    const startMs = ms('2026-03-07T12:00:00-05:00');
    expect(
      nextOccurrences(s, { afterMs: startMs, startMs, timezone: 'America/New_York', count: 2 }).map(iso),
    ).toEqual(['2026-03-08T17:00:00Z', '2026-03-09T17:00:00Z']); // 13:00 EDT: the wall clock moved, the rate did not
  });
});

describe('at()', () => {
  it('fires once, at the time given (UTC by default)', () => {
    const s = schedule('at(2020-07-07T15:55:00)');
    expect(nextOccurrences(s, { afterMs: ms('2020-01-01T00:00:00Z'), count: 5 }).map(iso)).toEqual([
      '2020-07-07T15:55:00Z',
    ]);
    expect(next(s, { afterMs: ms('2020-07-07T15:55:00Z') })).toBeUndefined();
    expect(next(s, { afterMs: ms('2021-01-01T00:00:00Z') })).toBeUndefined();
  });

  it('is read in ScheduleTimezone when one is given', () => {
    const s = schedule('at(2021-07-07T13:15:30)');
    expect(next(s, { afterMs: ms('2021-01-01T00:00:00Z'), timezone: 'America/Los_Angeles' })).toBe(
      ms('2021-07-07T20:15:30Z'),
    );
  });

  it('a wall-clock time in a spring-forward gap runs at the same offset as before the change; in an overlap, at the first', () => {
    const tz = 'America/New_York';
    const afterMs = ms('2026-01-01T00:00:00Z');
    expect(next(schedule('at(2026-03-08T02:30:00)'), { afterMs, timezone: tz })).toBe(
      ms('2026-03-08T07:30:00Z'),
    );
    expect(next(schedule('at(2026-11-01T01:30:00)'), { afterMs, timezone: tz })).toBe(
      ms('2026-11-01T05:30:00Z'),
    );
  });

  it('does not fire outside the start and end dates', () => {
    const s = schedule('at(2026-06-01T00:00:00)');
    const afterMs = ms('2026-01-01T00:00:00Z');
    expect(next(s, { afterMs, endMs: ms('2026-06-01T00:00:00Z') })).toBeUndefined();
    expect(next(s, { afterMs, startMs: ms('2026-06-02T00:00:00Z') })).toBeUndefined();
    expect(next(s, { afterMs, startMs: ms('2026-05-01T00:00:00Z'), endMs: ms('2026-07-01T00:00:00Z') })).toBe(
      ms('2026-06-01T00:00:00Z'),
    );
  });
});

describe('ScheduleOffset', () => {
  it('AWS example: cron(30 23 ? * TUE#3 *) with offset 2 runs two days after the third Tuesday, 23:30', () => {
    const s = schedule('cron(30 23 ? * TUE#3 *)');
    expect(
      nextOccurrences(s, { afterMs: ms('2026-01-01T00:00:00Z'), offsetDays: 2, count: 3 }).map(iso),
    ).toEqual([
      '2026-01-22T23:30:00Z', // Tuesday the 20th + 2
      '2026-02-19T23:30:00Z', // Tuesday the 17th + 2
      '2026-03-19T23:30:00Z',
    ]);
  });

  it('AWS example: cron(0 0 ? * THU#2 *) with offset 3 runs the Sunday after the second Thursday', () => {
    const s = schedule('cron(0 0 ? * THU#2 *)');
    const sundays = nextOccurrences(s, { afterMs: ms('2026-01-01T00:00:00Z'), offsetDays: 3, count: 4 });
    expect(sundays.map(iso)).toEqual([
      '2026-01-11T00:00:00Z',
      '2026-02-15T00:00:00Z',
      '2026-03-15T00:00:00Z',
      '2026-04-12T00:00:00Z',
    ]);
    expect(sundays.every((t) => new Date(t).getUTCDay() === 0)).toBe(true);
  });

  it('an occurrence already past when the schedule starts does not run in that period, even if its offset is ahead', () => {
    // Created on Wednesday 21 January 2026: Tuesday the 20th has passed, so the 22nd does not run.
    const s = schedule('cron(30 23 ? * TUE#3 *)');
    const created = ms('2026-01-21T10:00:00Z');
    expect(next(s, { afterMs: created, startMs: created, offsetDays: 2 })).toBe(ms('2026-02-19T23:30:00Z'));
    // Without a start (the engine asking for the run after one it just made), the 22nd is still due.
    expect(next(s, { afterMs: created, offsetDays: 2 })).toBe(ms('2026-01-22T23:30:00Z'));
  });

  it('keeps the wall-clock time when the days in between cross a daylight saving change', () => {
    // First Saturday of March 2026 (the 7th) at 03:00 EST, plus one day: Sunday the 8th at 03:00 EDT.
    const s = schedule('cron(0 3 ? * SAT#1 *)');
    expect(
      next(s, { afterMs: ms('2026-03-01T00:00:00Z'), offsetDays: 1, timezone: 'America/New_York' }),
    ).toBe(ms('2026-03-08T07:00:00Z'));
  });
});

describe('start and end dates', () => {
  it('a cron schedule runs from its start date, not before (AWS example 1)', () => {
    // Start 2021-01-01T00:00:00-08:00, Los Angeles, 09:00 every Wednesday: first run Wednesday 6 January.
    const s = schedule('cron(0 09 ? * WED *)');
    const startMs = ms('2021-01-01T00:00:00-08:00');
    expect(next(s, { afterMs: ms('2020-12-01T00:00:00Z'), startMs, timezone: 'America/Los_Angeles' })).toBe(
      ms('2021-01-06T09:00:00-08:00'),
    );
  });

  it('nothing runs at or after the end date', () => {
    const s = schedule('cron(0 10 * * ? *)');
    const afterMs = ms('2026-01-01T00:00:00Z');
    expect(nextOccurrences(s, { afterMs, endMs: ms('2026-01-03T10:00:00Z'), count: 10 }).map(iso)).toEqual([
      '2026-01-01T10:00:00Z',
      '2026-01-02T10:00:00Z',
    ]);
    expect(
      next(s, { afterMs: ms('2026-01-05T00:00:00Z'), endMs: ms('2026-01-03T00:00:00Z') }),
    ).toBeUndefined();
    expect(
      nextOccurrences(schedule('rate(1 hour)'), { afterMs, endMs: afterMs + 3 * HOUR, count: 10 }),
    ).toEqual([afterMs + HOUR, afterMs + 2 * HOUR]);
  });

  it('an offset run past the end date does not run', () => {
    const s = schedule('cron(30 23 ? * TUE#3 *)');
    expect(
      next(s, { afterMs: ms('2026-01-01T00:00:00Z'), offsetDays: 2, endMs: ms('2026-01-21T00:00:00Z') }),
    ).toBeUndefined();
  });

  it('asks for nothing, gets nothing', () => {
    expect(nextOccurrences(schedule('rate(1 hour)'), { afterMs: 0, count: 0 })).toEqual([]);
    expect(
      next(schedule('cron(0 10 * * ? *)'), { afterMs: Number.NaN, timezone: 'Asia/Tokyo' }),
    ).toBeUndefined();
  });
});
