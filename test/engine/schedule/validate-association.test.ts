// State Manager association schedules: the limited cron forms and rate range AWS documents, offsets with
// cron and ApplyOnlyAtCronInterval only; failures carry the InvalidSchedule message.
import { describe, expect, it } from 'vitest';
import { validateAssociationSchedule } from '../../../src/engine/schedule/index.js';

const check = (
  scheduleExpression: string,
  extra: { scheduleOffset?: number; applyOnlyAtCronInterval?: boolean } = {},
) => validateAssociationSchedule({ scheduleExpression, ...extra });
const INVALID = 'The schedule is invalid. Verify your cron or rate expression and try again.';

describe('accepted schedules (the SSM cron reference, "Cron and rate expressions for associations")', () => {
  it.each([
    ['cron(0/30 * * * ? *)', 'every 30 minutes'],
    ['cron(0 0/1 * * ? *)', 'every hour'],
    ['cron(0 0/2 * * ? *)', 'every 2 hours'],
    ['cron(0 0/4 * * ? *)', 'every 4 hours'],
    ['cron(0 0/8 * * ? *)', 'every 8 hours'],
    ['cron(0 0/12 * * ? *)', 'every 12 hours'],
    ['cron(15 13 ? * * *)', 'every day at 13:15'],
    ['cron(15 13 ? * MON *)', 'every Monday at 13:15'],
    ['cron(30 23 ? * TUE#3 *)', 'the third Tuesday at 23:30'],
    ['cron(0 0 ? * THU#2 *)', 'the second Thursday at midnight'],
    ['cron(0 0 ? * 3L *)', 'the last Tuesday at midnight'],
    ['cron(0 */30 * * * ? *)', 'every 30 minutes, with a Seconds field of 0'],
    ['cron(0 0 2 ? * SUN *)', 'every Sunday at 02:00, with a Seconds field of 0'],
    ['cron(0 2 ? * SUN *)', 'every Sunday at 02:00'],
    ['cron(10 1/4 * * ? *)', 'every 4 hours from 01:10'],
    ['cron(0 8 * * ? *)', 'every day, day-of-month *'],
    ['rate(30 minutes)', ''],
    ['rate(1 hour)', ''],
    ['rate(5 hours)', ''],
    ['rate(15 days)', ''],
    ['rate(30 days)', 'just under 31 days'],
    ['at(2020-07-07T15:55:00)', 'once'],
  ])('%s (%s)', (expression) => {
    expect(check(expression).ok).toBe(true);
  });

  it('an offset with a cron expression and ApplyOnlyAtCronInterval', () => {
    expect(check('cron(0 0 ? * THU#2 *)', { scheduleOffset: 3, applyOnlyAtCronInterval: true }).ok).toBe(
      true,
    );
  });
});

describe('refused schedules, with their InvalidSchedule message', () => {
  it.each([
    'cron(0 10 * * * *)',
    'cron(0 0/30 * * ? *)',
    'rate(1 hours)',
    'rate(30)',
    'at(2020-02-30T00:00:00)',
    'daily',
  ])('%s is not a schedule expression', (expression) => {
    expect(check(expression)).toEqual({ ok: false, message: INVALID });
  });

  it.each([
    'rate(29 minutes)',
    'rate(10 minutes)',
    'rate(1 minute)',
    'rate(31 days)',
    'rate(744 hours)',
    'rate(44640 minutes)',
  ])('%s is outside 30 minutes to under 31 days', (expression) => {
    expect(check(expression)).toEqual({
      ok: false,
      message: `The schedule is invalid: ${expression}. Associations support rate expressions of 30 minutes or greater and less than 31 days.`,
    });
  });

  it.each([
    ['cron(0/15 * * * ? *)', 'every 15 minutes'],
    ['cron(0 0/3 * * ? *)', 'every 3 hours'],
    ['cron(0 0/6 * * ? *)', 'every 6 hours'],
    ['cron(0 10 ? JAN MON *)', 'a month'],
    ['cron(0 10 1 * ? *)', 'a day of the month'],
    ['cron(0 10 L * ? *)', 'the last day of the month'],
    ['cron(0 10 ? * MON,WED *)', 'two weekdays'],
    ['cron(0 10 ? * MON-FRI *)', 'weekdays'],
    ['cron(0 8-17 * * ? *)', 'office hours'],
    ['cron(30 0 10 * * ? *)', 'a Seconds field other than 0'],
  ])('%s (%s)', (expression) => {
    expect(check(expression)).toEqual({
      ok: false,
      message: `The schedule is invalid: ${expression}. Associations support cron expressions that run every 1/2, 1, 2, 4, 8, or 12 hours, or every day, every week, every nth day, or the last x day of the month at a specific time, with no month and a Seconds field of 0.`,
    });
  });

  it('an offset with a rate or at expression', () => {
    for (const expression of ['rate(1 hour)', 'at(2026-01-01T00:00:00)']) {
      expect(check(expression, { scheduleOffset: 2 })).toEqual({
        ok: false,
        message: 'The schedule is invalid. ScheduleOffset is supported for cron expressions only.',
      });
    }
  });

  it('an offset without ApplyOnlyAtCronInterval', () => {
    for (const applyOnlyAtCronInterval of [undefined, false]) {
      expect(check('cron(0 0 ? * THU#2 *)', { scheduleOffset: 3, applyOnlyAtCronInterval })).toEqual({
        ok: false,
        message: 'The schedule is invalid. To use ScheduleOffset, you must specify ApplyOnlyAtCronInterval.',
      });
    }
  });

  it('ApplyOnlyAtCronInterval with a rate expression', () => {
    expect(check('rate(1 hour)', { applyOnlyAtCronInterval: true })).toEqual({
      ok: false,
      message: "The schedule is invalid. ApplyOnlyAtCronInterval isn't supported for rate expressions.",
    });
    expect(check('cron(0 2 ? * SUN *)', { applyOnlyAtCronInterval: true }).ok).toBe(true);
  });
});
