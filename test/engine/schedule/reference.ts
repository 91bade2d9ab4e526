// A deliberately naive reference for tests: walks time minute by minute (or second by second) and checks
// every field from its definition, so the field-stepping search can be compared against it.
import type { CronSpec } from '../../../src/engine/schedule/index.js';

const dim = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const weekday = (y: number, m: number, d: number): number => new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1;
const isWorkday = (y: number, m: number, d: number): boolean => ![1, 7].includes(weekday(y, m, d));

/** Whether the cron allows this wall-clock time (a Date read through its UTC fields). */
export function matches(cron: CronSpec, t: Date): boolean {
  const [y, mo, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  if (!cron.years.includes(y) || !cron.months.includes(mo)) return false;
  if (!cron.hours.includes(t.getUTCHours()) || !cron.minutes.includes(t.getUTCMinutes())) return false;
  if (!cron.seconds.includes(t.getUTCSeconds())) return false;
  const dom = cron.dayOfMonth;
  switch (dom.kind) {
    case 'days':
      return dom.days.includes(d);
    case 'last':
      return d === dim(y, mo);
    case 'lastWeekday': {
      // The last workday of the month: a workday with no workday after it.
      if (!isWorkday(y, mo, d)) return false;
      for (let x = d + 1; x <= dim(y, mo); x++) if (isWorkday(y, mo, x)) return false;
      return true;
    }
    case 'nearestWeekday': {
      if (dom.day > dim(y, mo)) return false;
      // The workday of this month closest to the given day.
      let best = -1;
      for (let x = 1; x <= dim(y, mo); x++) {
        if (isWorkday(y, mo, x) && (best < 0 || Math.abs(x - dom.day) < Math.abs(best - dom.day))) best = x;
      }
      return d === best;
    }
    case 'unspecified':
      break;
  }
  const dow = cron.dayOfWeek;
  const w = weekday(y, mo, d);
  switch (dow.kind) {
    case 'days':
      return dow.days.includes(w);
    case 'lastOfMonth':
      return w === dow.day && d + 7 > dim(y, mo);
    case 'nth':
      return w === dow.day && Math.ceil(d / 7) === dow.nth;
    default:
      return false;
  }
}

/**
 * The first `count` firings after `afterMs` within `horizonMs`, by brute force, in a zone whose wall time
 * `toLocal` gives: a wall-clock time fires at the first instant that shows it (a second showing of the
 * same wall time, in a fall-back hour, does not fire again; a wall time no instant shows never fires).
 */
export function bruteForce(
  cron: CronSpec,
  afterMs: number,
  count: number,
  horizonMs: number,
  toLocal: (t: number) => number = (t) => t,
): number[] {
  const step = cron.hasSeconds ? 1000 : 60_000;
  const out: number[] = [];
  const seen = new Set<number>();
  // Start an overlap's length early so a wall time already shown before afterMs is known as seen.
  for (let t = Math.floor((afterMs - 2 * 3_600_000) / step) * step; t <= afterMs + horizonMs; t += step) {
    const local = toLocal(t);
    if (!matches(cron, new Date(local))) continue;
    const first = !seen.has(local);
    seen.add(local);
    if (first && t > afterMs) {
      out.push(t);
      if (out.length === count) break;
    }
  }
  return out;
}
