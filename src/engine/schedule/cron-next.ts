// The next time a cron expression fires: a field-by-field search over wall-clock time (year, month, day,
// hour, minute, second), so a far occurrence costs a few steps per year, never one per minute.
import { daysInMonth, matchingDays } from './calendar.js';
import { SECOND_MS } from './limits.js';
import { fromLocal, toLocal } from './timezone.js';
import type { CronSpec } from './types.js';

/** The first value in an ascending list at or above v, if any. */
function atLeast(values: readonly number[], v: number): number | undefined {
  for (const x of values) if (x >= v) return x;
  return undefined;
}

/** The earliest wall-clock time at or after `fromLocalMs` (zoneless ms, whole seconds) the cron allows. */
export function nextLocalMatch(cron: CronSpec, fromLocalMs: number): number | undefined {
  const start = new Date(fromLocalMs);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let day = start.getUTCDate();
  let hour = start.getUTCHours();
  let minute = start.getUTCMinutes();
  let second = start.getUTCSeconds();
  let days: number[] | undefined; // the allowed days of (year, month), recomputed when the month changes
  const nextMonth = (): void => {
    month += 1;
    day = 1;
    hour = minute = second = 0;
    days = undefined;
  };

  for (;;) {
    if (month > 12) {
      year += 1;
      month = 1;
    }
    const y = atLeast(cron.years, year);
    if (y === undefined) return undefined;
    if (y !== year) {
      year = y;
      month = day = 1;
      hour = minute = second = 0;
      days = undefined;
    }
    const m = atLeast(cron.months, month);
    if (m === undefined) {
      year += 1;
      month = day = 1;
      hour = minute = second = 0;
      days = undefined;
      continue;
    }
    if (m !== month) {
      month = m;
      day = 1;
      hour = minute = second = 0;
      days = undefined;
    }
    days ??= matchingDays(cron, year, month);
    const d = day > daysInMonth(year, month) ? undefined : atLeast(days, day);
    if (d === undefined) {
      nextMonth();
      continue;
    }
    if (d !== day) {
      day = d;
      hour = minute = second = 0;
    }
    const h = atLeast(cron.hours, hour);
    if (h === undefined) {
      day += 1;
      hour = minute = second = 0;
      continue;
    }
    if (h !== hour) {
      hour = h;
      minute = second = 0;
    }
    const mi = atLeast(cron.minutes, minute);
    if (mi === undefined) {
      hour += 1;
      minute = second = 0;
      continue;
    }
    if (mi !== minute) {
      minute = mi;
      second = 0;
    }
    const s = atLeast(cron.seconds, second);
    if (s === undefined) {
      minute += 1;
      second = 0;
      continue;
    }
    return Date.UTC(year, month - 1, day, hour, minute, s);
  }
}

/**
 * The first instant strictly after `afterMs` at which the cron fires in `timezone`. Daylight saving time
 * follows AWS's documented rule for time-zone schedules (EventBridge Scheduler, "Daylight saving time";
 * SSM documents none): a wall-clock time that does not exist (spring forward) is skipped, and one that
 * occurs twice (fall back) fires once, at its first occurrence.
 */
export function nextCronAfter(cron: CronSpec, afterMs: number, timezone: string): number | undefined {
  const firstSecond = Math.floor(afterMs / SECOND_MS) * SECOND_MS + SECOND_MS;
  let local = toLocal(timezone, firstSecond);
  for (;;) {
    const candidate = nextLocalMatch(cron, local);
    if (candidate === undefined) return undefined;
    const instants = fromLocal(timezone, candidate);
    // instants[0] <= afterMs: the repeated hour's second pass, which already fired in the first.
    if (instants.length && instants[0] > afterMs) return instants[0];
    local = candidate + SECOND_MS;
  }
}
