// Cron occurrences in UTC: AWS's documented examples, L / W / #, years, and a brute-force cross-check.
import { describe, expect, it } from 'vitest';
import { next, nextOccurrences, parseSchedule } from '../../../src/engine/schedule/index.js';
import type { Schedule } from '../../../src/engine/schedule/index.js';
import { bruteForce } from './reference.js';

function schedule(expression: string): Schedule {
  const r = parseSchedule(expression);
  if (!r.ok) throw new Error(`${expression}: ${r.reason}`);
  return r.schedule;
}
const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
/** The next `count` firings after `after`, as ISO strings. */
const occ = (expression: string, after: string, count: number): string[] =>
  nextOccurrences(schedule(expression), { afterMs: ms(after), count }).map(iso);

// Thursday 1 January 2026, 00:00 UTC.
const NEW_YEAR = '2026-01-01T00:00:00Z';

describe("AWS's cron examples (SSM cron reference and EventBridge's table), UTC", () => {
  it('cron(0 10 * * ? *): 10:00 every day', () => {
    expect(occ('cron(0 10 * * ? *)', NEW_YEAR, 3)).toEqual([
      '2026-01-01T10:00:00Z',
      '2026-01-02T10:00:00Z',
      '2026-01-03T10:00:00Z',
    ]);
  });

  it('cron(15 12 * * ? *): 12:15 every day', () => {
    expect(occ('cron(15 12 * * ? *)', '2026-01-01T12:15:00Z', 2)).toEqual([
      '2026-01-02T12:15:00Z',
      '2026-01-03T12:15:00Z',
    ]);
  });

  it('cron(0 18 ? * MON-FRI *): 18:00 Monday to Friday', () => {
    expect(occ('cron(0 18 ? * MON-FRI *)', NEW_YEAR, 4)).toEqual([
      '2026-01-01T18:00:00Z', // Thursday
      '2026-01-02T18:00:00Z', // Friday
      '2026-01-05T18:00:00Z', // Monday
      '2026-01-06T18:00:00Z',
    ]);
  });

  it('cron(0 8 1 * ? *): 08:00 on the 1st of every month', () => {
    expect(occ('cron(0 8 1 * ? *)', NEW_YEAR, 3)).toEqual([
      '2026-01-01T08:00:00Z',
      '2026-02-01T08:00:00Z',
      '2026-03-01T08:00:00Z',
    ]);
  });

  it('cron(0/15 * * * ? *): every 15 minutes', () => {
    expect(occ('cron(0/15 * * * ? *)', NEW_YEAR, 5)).toEqual([
      '2026-01-01T00:15:00Z',
      '2026-01-01T00:30:00Z',
      '2026-01-01T00:45:00Z',
      '2026-01-01T01:00:00Z',
      '2026-01-01T01:15:00Z',
    ]);
  });

  it('cron(0/10 * ? * MON-FRI *): every 10 minutes Monday to Friday', () => {
    expect(occ('cron(0/10 * ? * MON-FRI *)', '2026-01-02T23:45:00Z', 3)).toEqual([
      '2026-01-02T23:50:00Z', // Friday's last
      '2026-01-05T00:00:00Z', // Monday's first
      '2026-01-05T00:10:00Z',
    ]);
  });

  it('cron(0/5 8-17 ? * MON-FRI *): every 5 minutes from 8:00 to 17:55 Monday to Friday', () => {
    const monday = occ('cron(0/5 8-17 ? * MON-FRI *)', '2026-01-02T23:00:00Z', 121);
    expect(monday).toHaveLength(121);
    expect(monday[0]).toBe('2026-01-05T08:00:00Z');
    expect(monday[119]).toBe('2026-01-05T17:55:00Z');
    expect(monday[120]).toBe('2026-01-06T08:00:00Z');
  });

  it('cron(0 9 ? * 2#1 *): 09:00 on the first Monday of every month', () => {
    expect(occ('cron(0 9 ? * 2#1 *)', NEW_YEAR, 3)).toEqual([
      '2026-01-05T09:00:00Z',
      '2026-02-02T09:00:00Z',
      '2026-03-02T09:00:00Z',
    ]);
  });

  it('cron(0 2 ? * THU#3 *): 02:00 on the third Thursday of every month', () => {
    expect(occ('cron(0 2 ? * THU#3 *)', NEW_YEAR, 3)).toEqual([
      '2026-01-15T02:00:00Z',
      '2026-02-19T02:00:00Z',
      '2026-03-19T02:00:00Z',
    ]);
  });

  it('cron(15 10 ? * * *) and cron(15 10 ? * MON-FRI *): 10:15 every day / every weekday', () => {
    expect(occ('cron(15 10 ? * * *)', '2026-01-02T11:00:00Z', 2)).toEqual([
      '2026-01-03T10:15:00Z',
      '2026-01-04T10:15:00Z',
    ]);
    expect(occ('cron(15 10 ? * MON-FRI *)', '2026-01-02T11:00:00Z', 1)).toEqual(['2026-01-05T10:15:00Z']);
  });

  it('cron(24 30 09 ? * * *): 09:30:24 every day (the Seconds field)', () => {
    expect(occ('cron(24 30 09 ? * * *)', NEW_YEAR, 2)).toEqual([
      '2026-01-01T09:30:24Z',
      '2026-01-02T09:30:24Z',
    ]);
  });
});

describe('L, W and # days', () => {
  it('cron(0 2 L * ? *): 02:00 on the last day of every month, Feb 29 in a leap year', () => {
    expect(occ('cron(0 2 L * ? *)', NEW_YEAR, 3)).toEqual([
      '2026-01-31T02:00:00Z',
      '2026-02-28T02:00:00Z',
      '2026-03-31T02:00:00Z',
    ]);
    expect(occ('cron(0 2 L 2 ? *)', NEW_YEAR, 3)).toEqual([
      '2026-02-28T02:00:00Z',
      '2027-02-28T02:00:00Z',
      '2028-02-29T02:00:00Z',
    ]);
  });

  it('cron(15 10 ? * 6L *): 10:15 on the last Friday of every month', () => {
    expect(occ('cron(15 10 ? * 6L *)', NEW_YEAR, 3)).toEqual([
      '2026-01-30T10:15:00Z',
      '2026-02-27T10:15:00Z',
      '2026-03-27T10:15:00Z',
    ]);
  });

  it('15W: the weekday nearest the 15th (Sunday -> Monday, Saturday -> Friday)', () => {
    expect(occ('cron(0 12 15W * ? *)', NEW_YEAR, 3)).toEqual([
      '2026-01-15T12:00:00Z', // Thursday itself
      '2026-02-16T12:00:00Z', // the 15th is a Sunday
      '2026-03-16T12:00:00Z', // Sunday again
    ]);
    expect(occ('cron(0 12 15W * ? *)', '2026-08-01T00:00:00Z', 1)).toEqual(['2026-08-14T12:00:00Z']); // Saturday
  });

  it('1W and 31W do not leave the month', () => {
    // 1 August 2026 is a Saturday: Monday the 3rd, not Friday 31 July.
    expect(occ('cron(0 12 1W * ? *)', '2026-07-15T00:00:00Z', 2)).toEqual([
      '2026-08-03T12:00:00Z',
      '2026-09-01T12:00:00Z',
    ]);
    // 31 May 2026 is a Sunday: Friday the 29th; months without a 31st are skipped.
    expect(occ('cron(0 12 31W * ? *)', '2026-04-01T00:00:00Z', 2)).toEqual([
      '2026-05-29T12:00:00Z',
      '2026-07-31T12:00:00Z',
    ]);
  });

  it('LW: the last weekday of the month', () => {
    expect(occ('cron(0 12 LW * ? *)', NEW_YEAR, 3)).toEqual([
      '2026-01-30T12:00:00Z', // the 31st is a Saturday
      '2026-02-27T12:00:00Z', // the 28th is a Saturday
      '2026-03-31T12:00:00Z', // a Tuesday
    ]);
  });

  it('5#5: the fifth Thursday, only in months that have one', () => {
    expect(occ('cron(0 0 ? * 5#5 *)', NEW_YEAR, 2)).toEqual(['2026-01-29T00:00:00Z', '2026-04-30T00:00:00Z']);
  });

  it('a lone L in day-of-week is Saturday, the last day of the week', () => {
    expect(occ('cron(0 0 ? * L *)', NEW_YEAR, 2)).toEqual(['2026-01-03T00:00:00Z', '2026-01-10T00:00:00Z']);
  });
});

describe('years and schedules that end', () => {
  it('fires only in the years given, and not after the last', () => {
    expect(occ('cron(0 0 1 1 ? 2030,2032)', NEW_YEAR, 3)).toEqual([
      '2030-01-01T00:00:00Z',
      '2032-01-01T00:00:00Z',
    ]);
  });

  it('finds Feb 29 two years ahead, and knows Feb 30 never comes, without walking minute by minute', () => {
    const started = performance.now();
    expect(next(schedule('cron(0 0 29 2 ? *)'), { afterMs: ms(NEW_YEAR) })).toBe(ms('2028-02-29T00:00:00Z'));
    expect(next(schedule('cron(0 0 30 2 ? *)'), { afterMs: ms(NEW_YEAR) })).toBeUndefined();
    expect(next(schedule('cron(0 0 ? * 2#5 2199)'), { afterMs: ms(NEW_YEAR) })).toBe(
      ms('2199-04-29T00:00:00Z'),
    );
    expect(next(schedule('cron(0 0 1 1 ? *)'), { afterMs: ms('2199-01-01T00:00:00Z') })).toBeUndefined();
    // 173 years of minutes would be ~90 million steps; stepping by fields takes a few thousand.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts strictly after afterMs, to the millisecond', () => {
    const s = schedule('cron(0 10 * * ? *)');
    expect(next(s, { afterMs: ms('2026-01-01T10:00:00Z') - 1 })).toBe(ms('2026-01-01T10:00:00Z'));
    expect(next(s, { afterMs: ms('2026-01-01T10:00:00Z') })).toBe(ms('2026-01-02T10:00:00Z'));
    expect(next(s, { afterMs: ms('2026-01-01T10:00:00Z') + 500 })).toBe(ms('2026-01-02T10:00:00Z'));
  });
});

describe('the field-stepping search agrees with a minute-by-minute walk', () => {
  const expressions = [
    'cron(0/7 3-5,22 ? * MON,WED,SAT *)',
    'cron(30 */4 1-3,15,31 * ? *)',
    'cron(0 12 LW * ? *)',
    'cron(0 12 1W * ? *)',
    'cron(45 23 ? * 6L *)',
    'cron(5 0 ? * SUN#2 *)',
    'cron(0 6 29-31 1-12/2 ? *)',
    'cron(10/20 9-17 ? FEB-APR TUE-THU 2026-2027)',
    'cron(0 0 ? * L *)',
    'cron(0 0 31W * ? *)',
  ];
  const starts = ['2025-12-31T23:59:30Z', '2026-02-27T12:34:00Z', '2026-10-31T23:00:00Z'];

  it.each(expressions)('%s', (expression) => {
    const s = schedule(expression);
    if (s.kind !== 'cron') throw new Error('not cron');
    for (const start of starts) {
      const horizon = ms(start) + 400 * 86_400_000;
      const expected = bruteForce(s.cron, ms(start), 40, horizon - ms(start));
      expect(expected.length).toBeGreaterThan(3);
      const actual = nextOccurrences(s, { afterMs: ms(start), count: 40 }).filter((t) => t <= horizon);
      expect(actual.map(iso), `${expression} after ${start}`).toEqual(expected.map(iso));
    }
  });

  it('with seconds', () => {
    const s = schedule('cron(10,50 0/30 6 ? * MON *)');
    if (s.kind !== 'cron') throw new Error('not cron');
    const start = ms('2026-01-04T00:00:00Z');
    expect(nextOccurrences(s, { afterMs: start, count: 8 })).toEqual(
      bruteForce(s.cron, start, 8, 15 * 86_400_000),
    );
  });
});
