// The shortest time between two firings of a cron expression, for the rule "Cron expressions that lead
// to rates faster than five (5) minute aren't supported" (SSM User Guide).
import type { CronSpec } from './types.js';

const DAY_SECONDS = 86_400;

/** The smallest gap, in seconds, between consecutive firings (Infinity when it can fire only once a day or less). */
export function shortestGapSeconds(cron: CronSpec): number {
  if (cron.seconds.length > 1) return minDiff(cron.seconds);
  const times: number[] = [];
  for (const h of cron.hours) for (const m of cron.minutes) times.push(h * 3600 + m * 60);
  let gap = times.length > 1 ? minDiff(times) : Infinity;
  // Across midnight: last time of one day to the first of the next, when two days in a row can match.
  if (consecutiveDaysPossible(cron)) gap = Math.min(gap, times[0] + DAY_SECONDS - times[times.length - 1]);
  return gap;
}

function minDiff(sorted: readonly number[]): number {
  let min = Infinity;
  for (let i = 1; i < sorted.length; i++) min = Math.min(min, sorted[i] - sorted[i - 1]);
  return min;
}

function consecutiveDaysPossible(cron: CronSpec): boolean {
  const dom = cron.dayOfMonth;
  if (dom.kind === 'days') {
    const has = new Set(dom.days);
    // The 28th-31st can be a month's last day, followed by the next month's 1st.
    if (has.has(1) && dom.days.some((d) => d >= 28)) return true;
    return dom.days.some((d) => has.has(d + 1));
  }
  const dow = cron.dayOfWeek;
  if (dow.kind === 'days') {
    const has = new Set(dow.days);
    return dow.days.some((d) => has.has((d % 7) + 1));
  }
  return false; // L, LW, nW, nL, n#k: one day a month
}
