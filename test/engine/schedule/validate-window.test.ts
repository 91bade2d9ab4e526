// Maintenance window schedules: every cron, rate and at expression, in an IANA zone, with an offset only
// for cron; failures carry the ValidationException message.
import { describe, expect, it } from 'vitest';
import { validateWindowSchedule, windowMessages } from '../../../src/engine/schedule/index.js';

const ok = (schedule: string, extra: { scheduleTimezone?: string; scheduleOffset?: number } = {}) =>
  validateWindowSchedule({ schedule, ...extra });

describe('accepted schedules', () => {
  it.each([
    // SSM cron reference and EventBridge's table of examples.
    'cron(0 10 * * ? *)',
    'cron(15 12 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 3 ? * SUN#1 *)',
    // Maintenance window examples.
    'cron(0 2 ? * THU#3 *)',
    'cron(15 10 ? * * *)',
    'cron(15 10 ? * MON-FRI *)',
    'cron(0 2 L * ? *)',
    'cron(15 10 ? * 6L *)',
    'cron(30 09 ? * * *)',
    'cron(24 30 09 ? * * *)',
    'cron(0 16 ? * TUE *)',
    'cron(30 23 ? * TUE#3 *)',
    'cron(0 30 23 ? * TUE#3 *)',
    'cron(0 12 15W * ? *)',
    'cron(0 12 LW * ? *)',
    'rate(30 minutes)',
    'rate(1 hour)',
    'rate(5 hours)',
    'rate(25 days)',
    'rate(7 days)',
    'at(2019-07-07T13:15:30)',
    'at(2020-07-07T15:55:00)',
  ])('%s', (schedule) => {
    const r = ok(schedule);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.schedule.expression).toBe(schedule);
  });

  it('with a time zone and, for cron, an offset', () => {
    expect(ok('cron(0 16 ? * TUE *)', { scheduleTimezone: 'America/Los_Angeles' }).ok).toBe(true);
    expect(ok('rate(7 days)', { scheduleTimezone: 'Asia/Tokyo' }).ok).toBe(true);
    expect(ok('cron(30 23 ? * TUE#3 *)', { scheduleOffset: 2 }).ok).toBe(true);
  });
});

describe('refused schedules, with their ValidationException message', () => {
  it.each([
    'cron(0 10 * * * *)',
    'cron(0 10 ? * ? *)',
    'cron(0 10 * *)',
    'cron(0 24 * * ? *)',
    'cron(0 10 ? * MON#6 *)',
    'cron(0 10 * * ? 2200)',
    'rate(1 hours)',
    'rate(5 hour)',
    'rate(0 minutes)',
    'rate(2 weeks)',
    'at(2020-02-30T00:00:00)',
    'at(2020-07-07 15:55:00)',
    'every day at noon',
  ])('%s', (schedule) => {
    expect(ok(schedule)).toEqual({ ok: false, message: `Invalid schedule expression: ${schedule}` });
  });

  it.each([
    'cron(* * * * ? *)',
    'cron(0/4 * * * ? *)',
    'cron(0,3 12 ? * MON *)',
    'cron(0,58 0,23 * * ? *)', // 23:58 then 00:00 the next day
    'cron(0/30 0 10 * * ? *)', // seconds 0 and 30
  ])('%s fires more often than every 5 minutes', (schedule) => {
    expect(ok(schedule)).toEqual({
      ok: false,
      message: `Invalid schedule expression: ${schedule}. Cron expressions that lead to rates faster than 5 minutes aren't supported.`,
    });
  });

  it('a schedule that fires every 5 minutes, or twice a day 3 minutes apart only across a week, is fine', () => {
    expect(ok('cron(0/5 * * * ? *)').ok).toBe(true);
    expect(ok('cron(58 23 ? * MON *)').ok).toBe(true);
    expect(ok('cron(1,58 0,23 ? * MON *)').ok).toBe(true); // Monday 23:58 is not followed by Tuesday 00:01
  });

  it('a time zone that is not an IANA name', () => {
    for (const tz of ['Mars/Olympus', '+01:00', 'PST8PDT ']) {
      expect(ok('cron(0 10 * * ? *)', { scheduleTimezone: tz })).toEqual({
        ok: false,
        message: `Invalid ScheduleTimezone: ${tz}. Specify a time zone in IANA format, for example America/Los_Angeles.`,
      });
    }
  });

  it('an offset with a rate or at expression', () => {
    for (const schedule of ['rate(7 days)', 'at(2026-01-01T00:00:00)']) {
      expect(ok(schedule, { scheduleOffset: 2 })).toEqual({
        ok: false,
        message: 'ScheduleOffset is supported for cron expressions only.',
      });
    }
  });

  it('the messages come from one table', () => {
    expect(windowMessages.invalidSchedule('x')).toBe('Invalid schedule expression: x');
  });
});
