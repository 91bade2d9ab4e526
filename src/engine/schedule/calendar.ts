// Calendar arithmetic on wall-clock ("local") times, kept as milliseconds of a zoneless date-time: the
// Date UTC functions serve as a proleptic Gregorian calendar with no offsets in the way.
import type { CronSpec, LocalDateTime } from './types.js';

export function localMs(t: LocalDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of week as cron counts it: 1 = SUN ... 7 = SAT. */
export function cronWeekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The days of one month that the day-of-month / day-of-week fields allow, ascending. */
export function matchingDays(cron: CronSpec, year: number, month: number): number[] {
  const dim = daysInMonth(year, month);
  const dom = cron.dayOfMonth;
  const dow = cron.dayOfWeek;
  if (dom.kind !== 'unspecified') {
    switch (dom.kind) {
      case 'days':
        return dom.days.filter((d) => d <= dim);
      case 'last':
        return [dim];
      case 'lastWeekday':
        return [nearestWeekday(year, month, dim, dim)];
      case 'nearestWeekday':
        return dom.day <= dim ? [nearestWeekday(year, month, dom.day, dim)] : [];
    }
  }
  const first = cronWeekday(year, month, 1);
  // The first day of the month falling on cron weekday w.
  const firstOf = (w: number): number => 1 + ((w - first + 7) % 7);
  switch (dow.kind) {
    case 'days': {
      const out: number[] = [];
      for (let d = 1; d <= dim; d++) if (dow.days.includes(((first - 1 + d - 1) % 7) + 1)) out.push(d);
      return out;
    }
    case 'lastOfMonth': {
      const f = firstOf(dow.day);
      return [f + 7 * Math.floor((dim - f) / 7)];
    }
    case 'nth': {
      const d = firstOf(dow.day) + 7 * (dow.nth - 1);
      return d <= dim ? [d] : [];
    }
    case 'unspecified':
      return []; // unreachable: the parser requires one of the two day fields
  }
}

/** `nW`: the weekday nearest day n without leaving the month (Quartz's rule, which AWS's W follows). */
function nearestWeekday(year: number, month: number, day: number, dim: number): number {
  const w = cronWeekday(year, month, day);
  if (w === 7) return day > 1 ? day - 1 : day + 2; // Saturday: Friday, or Monday the 3rd for the 1st
  if (w === 1) return day < dim ? day + 1 : day - 2; // Sunday: Monday, or Friday for the month's last day
  return day;
}
