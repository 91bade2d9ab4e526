// Maintenance windows accept every cron, rate and at expression (SSM User Guide: "Unlike State Manager
// associations, maintenance windows support all cron and rate expressions"), within the general rules.
// Duration (1-24) and Cutoff (< Duration) are the window engine's; ScheduleOffset's 1-6 range is the model's.
import { shortestGapSeconds } from './cron-interval.js';
import { CRON_MIN_INTERVAL_MS, SECOND_MS } from './limits.js';
import { windowMessages } from './messages.js';
import { parseSchedule } from './parse.js';
import { isValidTimeZone } from './timezone.js';
import type { ScheduleResult } from './types.js';

export interface WindowScheduleInput {
  schedule: string;
  scheduleTimezone?: string;
  scheduleOffset?: number;
}

/** Checks a window's Schedule, ScheduleTimezone and ScheduleOffset; the message is the ValidationException's. */
export function validateWindowSchedule(input: WindowScheduleInput): ScheduleResult {
  const parsed = parseSchedule(input.schedule);
  if (!parsed.ok) return { ok: false, message: windowMessages.invalidSchedule(input.schedule) };
  const { schedule } = parsed;
  if (schedule.kind === 'cron' && shortestGapSeconds(schedule.cron) * SECOND_MS < CRON_MIN_INTERVAL_MS) {
    return { ok: false, message: windowMessages.cronTooFrequent(input.schedule) };
  }
  if (input.scheduleTimezone !== undefined && !isValidTimeZone(input.scheduleTimezone)) {
    return { ok: false, message: windowMessages.invalidTimezone(input.scheduleTimezone) };
  }
  // "Schedule offsets are supported for CRON expressions only." (SSM User Guide, scheduling options)
  if (input.scheduleOffset !== undefined && schedule.kind !== 'cron') {
    return { ok: false, message: windowMessages.offsetNeedsCron() };
  }
  return { ok: true, schedule };
}
