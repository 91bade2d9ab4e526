// When a schedule fires, in epoch ms, on the emulator's clock: the caller passes the clock's time as
// `afterMs`; nothing here reads the wall clock.
import { nextCronAfter } from './cron-next.js';
import { localMs } from './calendar.js';
import { DAY_MS, HOUR_MS } from './limits.js';
import { DEFAULT_TIMEZONE, resolveLocal, toLocal } from './timezone.js';
import type { Schedule } from './types.js';

export interface OccurrenceOptions {
  /** Occurrences strictly after this instant (usually the clock's now, or the last run). */
  afterMs: number;
  /** IANA ScheduleTimezone for cron() and at(); default UTC. rate() counts elapsed time and ignores it. */
  timezone?: string;
  /** ScheduleOffset: days to wait after each cron() occurrence (cron only; validators enforce that). */
  offsetDays?: number;
  /**
   * When the schedule starts: a window's StartDate (or its creation when later), an association's creation.
   * rate() counts from it (occurrences at start, start + rate, ...); a cron() occurrence before it does not
   * count even when its offset lands later ("won't run in the period", SSM User Guide, schedule offsets);
   * at() before it never fires. Without it, rate() counts from `afterMs`.
   */
  startMs?: number;
  /** EndDate: nothing fires at or after it. */
  endMs?: number;
}

/** Up to `count` occurrences after `afterMs`, ascending; fewer when the schedule or EndDate runs out. */
export function nextOccurrences(
  schedule: Schedule,
  options: OccurrenceOptions & { count: number },
): number[] {
  const { afterMs, count } = options;
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const endMs = options.endMs ?? Infinity;
  const out: number[] = [];
  if (count < 1 || !Number.isFinite(afterMs)) return out;

  if (schedule.kind === 'at') {
    // "a timestamp ... so that it runs once at the specified time", read in ScheduleTimezone when given.
    const at = resolveLocal(timezone, localMs(schedule.at));
    if (at > afterMs && at >= (options.startMs ?? -Infinity) && at < endMs) out.push(at);
    return out;
  }

  if (schedule.kind === 'rate') {
    // AWS's example: rate(7 days) from StartDate Tuesday 03:15 runs every Tuesday at 03:15, the first on
    // the StartDate itself (SSM User Guide, "Maintenance window scheduling and active period options").
    const base = options.startMs ?? afterMs;
    const k = afterMs < base ? 0 : Math.floor((afterMs - base) / schedule.intervalMs) + 1;
    for (let t = base + k * schedule.intervalMs; out.length < count && t < endMs; t += schedule.intervalMs) {
      out.push(t);
    }
    return out;
  }

  const offsetDays = options.offsetDays ?? 0;
  // A cron occurrence whose offset firing is after `afterMs` may itself be up to offsetDays earlier
  // (plus an hour of daylight saving time either way).
  let cursor = offsetDays ? afterMs - offsetDays * DAY_MS - 2 * HOUR_MS : afterMs;
  if (options.startMs !== undefined) cursor = Math.max(cursor, options.startMs - 1);
  while (out.length < count) {
    const base = nextCronAfter(schedule.cron, cursor, timezone);
    if (base === undefined) break;
    cursor = base;
    // "won't run until 11:30 PM two days later": the same wall-clock time, offsetDays later in the zone.
    const fire = offsetDays ? resolveLocal(timezone, toLocal(timezone, base) + offsetDays * DAY_MS) : base;
    if (fire >= endMs) break;
    if (fire > afterMs) out.push(fire);
  }
  return out;
}

/** The next occurrence after `afterMs`, or undefined when the schedule will not fire again. */
export function next(schedule: Schedule, options: OccurrenceOptions): number | undefined {
  return nextOccurrences(schedule, { ...options, count: 1 })[0];
}
