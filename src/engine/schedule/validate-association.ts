// State Manager associations accept limited schedules (SSM User Guide, "Cron and rate expressions for
// associations"); every failure is the InvalidSchedule error, with these messages.
import {
  ASSOCIATION_CRON_HALF_HOUR_STEP_MINUTES,
  ASSOCIATION_CRON_HOUR_STEPS,
  ASSOCIATION_RATE_MAX_EXCLUSIVE_MS,
  ASSOCIATION_RATE_MIN_MS,
} from './limits.js';
import { associationMessages } from './messages.js';
import { parseSchedule } from './parse.js';
import type { CronSpec, ScheduleResult } from './types.js';

export interface AssociationScheduleInput {
  scheduleExpression: string;
  scheduleOffset?: number;
  applyOnlyAtCronInterval?: boolean;
}

/** Checks an association's ScheduleExpression, ScheduleOffset and ApplyOnlyAtCronInterval together. */
export function validateAssociationSchedule(input: AssociationScheduleInput): ScheduleResult {
  const expression = input.scheduleExpression;
  const parsed = parseSchedule(expression);
  if (!parsed.ok) return { ok: false, message: associationMessages.invalidSchedule() };
  const { schedule } = parsed;
  if (schedule.kind === 'rate') {
    // "intervals of 30 minutes or greater and less than 31 days"
    if (
      schedule.intervalMs < ASSOCIATION_RATE_MIN_MS ||
      schedule.intervalMs >= ASSOCIATION_RATE_MAX_EXCLUSIVE_MS
    ) {
      return { ok: false, message: associationMessages.rateOutOfRange(expression) };
    }
    // ApplyOnlyAtCronInterval: "This parameter isn't supported for rate expressions." (API reference)
    if (input.applyOnlyAtCronInterval) {
      return { ok: false, message: associationMessages.applyOnlyAtCronIntervalWithRate() };
    }
  }
  if (schedule.kind === 'cron' && !isSupportedAssociationCron(schedule.cron)) {
    return { ok: false, message: associationMessages.cronNotSupported(expression) };
  }
  if (input.scheduleOffset !== undefined) {
    // "Associations and maintenance windows support schedule offsets for cron expressions only."
    if (schedule.kind !== 'cron') return { ok: false, message: associationMessages.offsetNeedsCron() };
    // "To use offsets, you must specify the ApplyOnlyAtCronInterval parameter." (API reference)
    if (!input.applyOnlyAtCronInterval) {
      return { ok: false, message: associationMessages.offsetNeedsApplyOnlyAtCronInterval() };
    }
  }
  return { ok: true, schedule };
}

/**
 * "Associations support the following cron expressions: every 1/2, 1, 2, 4, 8, or 12 hours; every day,
 * every week, every nth day, or the last x day of the month at a specific time", "doesn't currently
 * support specifying months", and a Seconds field "can be 0". Judged on what the fields mean, so
 * `0/30`, a star with step 30 and `0,30` are the same minutes.
 */
export function isSupportedAssociationCron(cron: CronSpec): boolean {
  if (cron.seconds.length !== 1 || cron.seconds[0] !== 0) return false;
  if (cron.months.length !== 12) return false;
  const daily = isEveryDay(cron);
  const atOneMinute = cron.minutes.length === 1;
  // Every 1/2 hour: two minutes 30 apart, every hour of every day.
  const m = cron.minutes;
  if (
    daily &&
    cron.hours.length === 24 &&
    m.length === 2 &&
    m[1] - m[0] === ASSOCIATION_CRON_HALF_HOUR_STEP_MINUTES
  ) {
    return true;
  }
  // Every 1, 2, 4, 8 or 12 hours at one minute past, every day.
  if (daily && atOneMinute && isEvenHourStep(cron.hours)) return true;
  // At a specific time: every day, every week (one weekday), the nth weekday (#) or the last x day (nL).
  if (!atOneMinute || cron.hours.length !== 1) return false;
  if (daily) return true;
  const dow = cron.dayOfWeek;
  if (cron.dayOfMonth.kind !== 'unspecified') return false;
  return (dow.kind === 'days' && dow.days.length === 1) || dow.kind === 'nth' || dow.kind === 'lastOfMonth';
}

function isEveryDay(cron: CronSpec): boolean {
  const dom = cron.dayOfMonth;
  const dow = cron.dayOfWeek;
  if (dom.kind === 'days') return dom.days.length === 31;
  return dom.kind === 'unspecified' && dow.kind === 'days' && dow.days.length === 7;
}

function isEvenHourStep(hours: readonly number[]): boolean {
  return ASSOCIATION_CRON_HOUR_STEPS.some(
    (step) =>
      hours.length === 24 / step && hours[0] < step && hours.every((h, i) => h === hours[0] + i * step),
  );
}
