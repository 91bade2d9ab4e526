// The one parser of AWS schedule expressions: what each field expands to, and what it refuses.
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../../src/engine/schedule/index.js';
import type { CronSpec, Schedule } from '../../../src/engine/schedule/index.js';

function cron(expression: string): CronSpec {
  const r = parseSchedule(expression);
  if (!r.ok) throw new Error(`${expression}: ${r.reason}`);
  if (r.schedule.kind !== 'cron') throw new Error(`${expression} is not cron`);
  return r.schedule.cron;
}

function parsed(expression: string): Schedule {
  const r = parseSchedule(expression);
  if (!r.ok) throw new Error(`${expression}: ${r.reason}`);
  return r.schedule;
}

const range = (a: number, b: number, step = 1): number[] => {
  const out: number[] = [];
  for (let v = a; v <= b; v += step) out.push(v);
  return out;
};

describe('cron fields', () => {
  it('expands *, values, ranges, lists and steps', () => {
    const c = cron('cron(0/15 8-17 * * ? *)');
    expect(c.hasSeconds).toBe(false);
    expect(c.seconds).toEqual([0]);
    expect(c.minutes).toEqual([0, 15, 30, 45]);
    expect(c.hours).toEqual(range(8, 17));
    expect(c.dayOfMonth).toEqual({ kind: 'days', days: range(1, 31) });
    expect(c.months).toEqual(range(1, 12));
    expect(c.dayOfWeek).toEqual({ kind: 'unspecified' });
    expect(c.years).toEqual(range(1970, 2199));
    expect(cron('cron(1/10 * * * ? *)').minutes).toEqual([1, 11, 21, 31, 41, 51]);
    expect(cron('cron(*/20 0-12/6 * * ? *)').minutes).toEqual([0, 20, 40]);
    expect(cron('cron(*/20 0-12/6 * * ? *)').hours).toEqual([0, 6, 12]);
    expect(cron('cron(0/59 0/23 1/31 1/12 ? *)').minutes).toEqual([0, 59]);
    expect(cron('cron(0/59 0/23 1/31 1/12 ? *)').hours).toEqual([0, 23]);
    expect(cron('cron(5,1,3-4 0 * * ? 2026,2030-2031)').minutes).toEqual([1, 3, 4, 5]);
    expect(cron('cron(5,1,3-4 0 * * ? 2026,2030-2031)').years).toEqual([2026, 2030, 2031]);
  });

  it('reads month names JAN-DEC and day names SUN-SAT, day-of-week 1 = SUN', () => {
    expect(cron('cron(0 0 ? JAN,MAR-MAY * *)').months).toEqual([1, 3, 4, 5]);
    expect(cron('cron(0 18 ? * MON-FRI *)').dayOfWeek).toEqual({ kind: 'days', days: [2, 3, 4, 5, 6] });
    expect(cron('cron(0 18 ? * sun,sat *)').dayOfWeek).toEqual({ kind: 'days', days: [1, 7] });
    expect(cron('cron(0 18 ? * 1 *)').dayOfWeek).toEqual({ kind: 'days', days: [1] });
  });

  it('reads L, LW and nW in day-of-month', () => {
    expect(cron('cron(0 2 L * ? *)').dayOfMonth).toEqual({ kind: 'last' });
    expect(cron('cron(0 2 LW * ? *)').dayOfMonth).toEqual({ kind: 'lastWeekday' });
    expect(cron('cron(0 2 15W * ? *)').dayOfMonth).toEqual({ kind: 'nearestWeekday', day: 15 });
  });

  it('reads nL, n#k and a lone L (Saturday) in day-of-week', () => {
    expect(cron('cron(15 10 ? * 6L *)').dayOfWeek).toEqual({ kind: 'lastOfMonth', day: 6 });
    expect(cron('cron(15 10 ? * FRIL *)').dayOfWeek).toEqual({ kind: 'lastOfMonth', day: 6 });
    expect(cron('cron(0 9 ? * 2#1 *)').dayOfWeek).toEqual({ kind: 'nth', day: 2, nth: 1 });
    expect(cron('cron(0 3 ? * SUN#1 *)').dayOfWeek).toEqual({ kind: 'nth', day: 1, nth: 1 });
    expect(cron('cron(0 2 ? * THU#3 *)').dayOfWeek).toEqual({ kind: 'nth', day: 5, nth: 3 });
    expect(cron('cron(0 2 ? * L *)').dayOfWeek).toEqual({ kind: 'days', days: [7] });
  });

  it('takes an optional leading Seconds field (7 fields)', () => {
    const c = cron('cron(24 30 09 ? * * *)');
    expect(c.hasSeconds).toBe(true);
    expect(c.seconds).toEqual([24]);
    expect(c.minutes).toEqual([30]);
    expect(c.hours).toEqual([9]);
  });

  it.each([
    ['cron(0 10 * * * *)', 'both day fields given'],
    ['cron(0 10 ? * ? *)', 'neither day field given'],
    ['cron(0 10 15 * MON *)', 'both day fields given'],
    ['cron(0 10 * * ?)', '5 fields'],
    ['cron(0 0 10 * * ? * *)', '8 fields'],
    ['cron()', 'no fields'],
    ['cron(60 10 * * ? *)', 'minute 60'],
    ['cron(0 24 * * ? *)', 'hour 24'],
    ['cron(0 10 0 * ? *)', 'day-of-month 0'],
    ['cron(0 10 32 * ? *)', 'day-of-month 32'],
    ['cron(0 10 ? 13 * *)', 'month 13'],
    ['cron(0 10 ? * 0 *)', 'day-of-week 0'],
    ['cron(0 10 ? * 8 *)', 'day-of-week 8'],
    ['cron(0 10 * * ? 1969)', 'year before 1970'],
    ['cron(0 10 * * ? 2200)', 'year after 2199'],
    ['cron(0 10 * JANUARY ? *)', 'a month name that is not 3 letters'],
    ['cron(0 10 ? * MON#6 *)', '#6'],
    ['cron(0 10 ? * MON#0 *)', '#0'],
    ['cron(0 10 32W * ? *)', '32W'],
    ['cron(0 10 L-2 * ? *)', 'L-2, which AWS does not document'],
    ['cron(0 10 15L * ? *)', 'nL in day-of-month'],
    ['cron(0 10 ? * 2W *)', 'W in day-of-week'],
    ['cron(0 10 1,L * ? *)', 'L inside a list'],
    ['cron(0 10-5 * * ? *)', 'a backwards range'],
    ['cron(0/0 * * * ? *)', 'a zero step'],
    ['cron(0/60 * * * ? *)', 'a minute step of 60'],
    ['cron(0 0/24 * * ? *)', 'an hour step of 24'],
    ['cron(0 0 1/32 * ? *)', 'a day step of 32'],
    ['cron(0/x * * * ? *)', 'a non-numeric step'],
    ['cron(0/5/5 * * * ? *)', 'two steps'],
    ['cron(1-2-3 * * * ? *)', 'two dashes'],
    ['cron(, * * * ? *)', 'an empty list item'],
    ['cron(-5 * * * ? *)', 'a negative value'],
    ['Cron(0 10 * * ? *)', 'a capital keyword'],
    ['cron(0 10 * * ? *) ', 'trailing text'],
    ['0 10 * * ? *', 'no cron(...)'],
  ])('refuses %s (%s)', (expression) => {
    expect(parseSchedule(expression).ok).toBe(false);
  });
});

describe('rate(value unit)', () => {
  it('reads minutes, hours and days, singular for 1 and plural otherwise', () => {
    expect(parsed('rate(1 minute)')).toMatchObject({
      kind: 'rate',
      value: 1,
      unit: 'minute',
      intervalMs: 60_000,
    });
    expect(parsed('rate(30 minutes)')).toMatchObject({ unit: 'minute', intervalMs: 1_800_000 });
    expect(parsed('rate(1 hour)')).toMatchObject({ unit: 'hour', intervalMs: 3_600_000 });
    expect(parsed('rate(5 hours)')).toMatchObject({ unit: 'hour', intervalMs: 18_000_000 });
    expect(parsed('rate(1 day)')).toMatchObject({ unit: 'day', intervalMs: 86_400_000 });
    expect(parsed('rate(25 days)')).toMatchObject({ unit: 'day', intervalMs: 25 * 86_400_000 });
  });

  // "rate(1 hours) and rate(5 hour) aren't valid" (SSM User Guide).
  it.each([
    'rate(1 hours)',
    'rate(5 hour)',
    'rate(1 minutes)',
    'rate(2 day)',
    'rate(0 minutes)',
    'rate(-1 hours)',
  ])('refuses %s', (expression) => expect(parseSchedule(expression).ok).toBe(false));

  it.each([
    'rate(5 weeks)',
    'rate(1.5 hours)',
    'rate(hours)',
    'rate(5)',
    'rate(30)',
    'rate(99999999999999 days)',
  ])('refuses %s', (expression) => expect(parseSchedule(expression).ok).toBe(false));
});

describe('at(yyyy-mm-ddThh:mm:ss)', () => {
  it('reads a wall-clock date and time', () => {
    expect(parsed('at(2020-07-07T15:55:00)')).toEqual({
      kind: 'at',
      expression: 'at(2020-07-07T15:55:00)',
      at: { year: 2020, month: 7, day: 7, hour: 15, minute: 55, second: 0 },
    });
    expect(parseSchedule('at(2028-02-29T23:59:59)').ok).toBe(true);
  });

  it.each([
    'at(2026-02-29T00:00:00)',
    'at(2026-04-31T00:00:00)',
    'at(2026-13-01T00:00:00)',
    'at(2026-01-01T24:00:00)',
    'at(2026-01-01T00:60:00)',
    'at(2026-01-01 00:00:00)',
    'at(2026-01-01T00:00:00Z)',
    'at(2026-01-01)',
    'at(1969-12-31T23:59:59)',
  ])('refuses %s', (expression) => expect(parseSchedule(expression).ok).toBe(false));
});
