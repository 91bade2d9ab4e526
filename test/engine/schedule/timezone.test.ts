// Cron in an IANA ScheduleTimezone across the 2026 US daylight saving changes (America/New_York: clocks
// go 02:00 -> 03:00 on Sunday 8 March and 02:00 -> 01:00 on Sunday 1 November). A wall-clock time that
// does not exist is skipped; one that occurs twice fires once, at its first occurrence (AWS's documented
// rule for EventBridge Scheduler; SSM documents none).
import { describe, expect, it } from 'vitest';
import { isValidTimeZone, nextOccurrences, parseSchedule } from '../../../src/engine/schedule/index.js';
import type { Schedule } from '../../../src/engine/schedule/index.js';
import { toLocal } from '../../../src/engine/schedule/timezone.js';
import { bruteForce } from './reference.js';

const NY = 'America/New_York';
function schedule(expression: string): Schedule {
  const r = parseSchedule(expression);
  if (!r.ok) throw new Error(`${expression}: ${r.reason}`);
  return r.schedule;
}
const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const occ = (expression: string, after: string, count: number, timezone = NY): string[] =>
  nextOccurrences(schedule(expression), { afterMs: ms(after), count, timezone }).map(iso);

describe('cron(0 3 ? * * *) in America/New_York: 03:00 local every day', () => {
  it('moves from 08:00Z to 07:00Z when daylight saving time starts on 8 March 2026', () => {
    expect(occ('cron(0 3 ? * * *)', '2026-03-06T12:00:00Z', 4)).toEqual([
      '2026-03-07T08:00:00Z', // 03:00 EST (UTC-5)
      '2026-03-08T07:00:00Z', // 03:00 EDT (UTC-4): 03:00 exists, right after the jump
      '2026-03-09T07:00:00Z',
      '2026-03-10T07:00:00Z',
    ]);
  });

  it('moves back from 07:00Z to 08:00Z when it ends on 1 November 2026', () => {
    expect(occ('cron(0 3 ? * * *)', '2026-10-30T12:00:00Z', 4)).toEqual([
      '2026-10-31T07:00:00Z', // 03:00 EDT
      '2026-11-01T08:00:00Z', // 03:00 EST: 03:00 happens once, after the repeated hour
      '2026-11-02T08:00:00Z',
      '2026-11-03T08:00:00Z',
    ]);
  });
});

describe('the daylight saving rule', () => {
  it('skips a time inside the spring-forward gap (02:30 on 8 March does not exist)', () => {
    expect(occ('cron(30 2 ? * * *)', '2026-03-06T12:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00Z', // 02:30 EST
      '2026-03-09T06:30:00Z', // 02:30 EDT; none on the 8th
      '2026-03-10T06:30:00Z',
    ]);
  });

  it('fires once for a time inside the fall-back overlap (01:30 on 1 November happens twice)', () => {
    expect(occ('cron(30 1 ? * * *)', '2026-10-30T12:00:00Z', 3)).toEqual([
      '2026-10-31T05:30:00Z', // 01:30 EDT
      '2026-11-01T05:30:00Z', // the first 01:30 (EDT); the second (06:30Z, EST) does not fire
      '2026-11-02T06:30:00Z', // 01:30 EST
    ]);
    // Asked from inside the repeated hour, after the first 01:30: the second one still does not fire.
    expect(occ('cron(30 1 ? * * *)', '2026-11-01T06:10:00Z', 1)).toEqual(['2026-11-02T06:30:00Z']);
  });

  it('a frequent schedule does not repeat the fall-back hour and jumps the spring-forward gap', () => {
    expect(occ('cron(0/30 * * * ? *)', '2026-11-01T04:45:00Z', 4)).toEqual([
      '2026-11-01T05:00:00Z', // 01:00 EDT
      '2026-11-01T05:30:00Z', // 01:30 EDT
      '2026-11-01T07:00:00Z', // 02:00 EST: 01:00 and 01:30 EST were already run
      '2026-11-01T07:30:00Z',
    ]);
    expect(occ('cron(0/30 * * * ? *)', '2026-03-08T06:15:00Z', 3)).toEqual([
      '2026-03-08T06:30:00Z', // 01:30 EST
      '2026-03-08T07:00:00Z', // 03:00 EDT: 02:00 and 02:30 do not exist
      '2026-03-08T07:30:00Z',
    ]);
  });

  it('agrees with a minute-by-minute walk across both changes', () => {
    for (const expression of ['cron(0/20 0-3 ? * SUN *)', 'cron(15 1,2 * * ? *)', 'cron(0 2 ? * SUN#2 *)']) {
      const s = schedule(expression);
      if (s.kind !== 'cron') throw new Error('not cron');
      for (const start of ['2026-03-01T00:00:00Z', '2026-10-25T00:00:00Z']) {
        const expected = bruteForce(s.cron, ms(start), 12, 15 * 86_400_000, (t) => toLocal(NY, t));
        const actual = nextOccurrences(s, { afterMs: ms(start), count: 12, timezone: NY });
        expect(actual.slice(0, expected.length).map(iso), `${expression} after ${start}`).toEqual(
          expected.map(iso),
        );
      }
    }
  });
});

describe('cron(0 3 ? * SUN#1 *) in America/New_York: the first Sunday of each month at 03:00', () => {
  it('fires at 03:00 New York time all through 2026, whatever the offset', () => {
    expect(occ('cron(0 3 ? * SUN#1 *)', '2026-01-01T00:00:00Z', 12)).toEqual([
      '2026-01-04T08:00:00Z',
      '2026-02-01T08:00:00Z',
      '2026-03-01T08:00:00Z', // a week before daylight saving time
      '2026-04-05T07:00:00Z',
      '2026-05-03T07:00:00Z',
      '2026-06-07T07:00:00Z',
      '2026-07-05T07:00:00Z',
      '2026-08-02T07:00:00Z',
      '2026-09-06T07:00:00Z',
      '2026-10-04T07:00:00Z',
      '2026-11-01T08:00:00Z', // the day it ends: 03:00 is already EST
      '2026-12-06T08:00:00Z',
    ]);
  });
});

describe('other zones', () => {
  it('reads the schedule in the zone: 09:00 every Wednesday in Los Angeles (AWS example 1)', () => {
    expect(occ('cron(0 09 ? * WED *)', '2021-01-01T08:00:00Z', 2, 'America/Los_Angeles')).toEqual([
      '2021-01-06T17:00:00Z',
      '2021-01-13T17:00:00Z',
    ]);
  });

  it('handles a zone ahead of UTC, and the southern hemisphere', () => {
    expect(occ('cron(0 1 1 * ? *)', '2026-01-01T00:00:00Z', 1, 'Asia/Tokyo')).toEqual([
      '2026-01-31T16:00:00Z',
    ]);
    // Sydney: daylight time (UTC+11) ends on 5 April 2026, 03:00 -> 02:00.
    expect(occ('cron(0 9 ? * * *)', '2026-04-03T12:00:00Z', 3, 'Australia/Sydney')).toEqual([
      '2026-04-03T22:00:00Z', // Saturday 4 April, 09:00 AEDT
      '2026-04-04T23:00:00Z', // Sunday 5 April, 09:00 AEST
      '2026-04-05T23:00:00Z',
    ]);
  });

  it('accepts IANA names only', () => {
    for (const tz of ['UTC', 'America/New_York', 'Asia/Seoul', 'Etc/GMT+5', 'Europe/Berlin']) {
      expect(isValidTimeZone(tz), tz).toBe(true);
    }
    for (const tz of ['', 'Mars/Olympus', '+01:00', 'UTC+1', 'America/New York', '../etc']) {
      expect(isValidTimeZone(tz), tz).toBe(false);
    }
  });
});

describe('toLocal (exported for answers that show a time in the schedule zone)', () => {
  it('gives the wall-clock time an instant shows in a zone, on both sides of a DST change', async () => {
    const { toLocal: exported } = await import('../../../src/engine/schedule/index.js');
    expect(exported(NY, ms('2026-03-07T08:00:00Z'))).toBe(ms('2026-03-07T03:00:00Z'));
    expect(exported(NY, ms('2026-03-09T07:00:00Z'))).toBe(ms('2026-03-09T03:00:00Z'));
    expect(exported('UTC', ms('2026-03-09T07:00:00.250Z'))).toBe(ms('2026-03-09T07:00:00.250Z'));
  });
});
