// A window's openings from its Schedule, ScheduleTimezone, ScheduleOffset, StartDate and EndDate, through the
// one parser of AWS's expressions (src/engine/schedule), and the way AWS writes those moments in its answers.
import { ValidationException } from '../../model/generated/errors.js';
import {
  nextOccurrences,
  parseSchedule,
  toLocal,
  validateWindowSchedule,
  type OccurrenceOptions,
  type Schedule,
} from '../schedule/index.js';
import type { StoredWindow } from '../../store/repositories/maintenance-windows.js';
import { mwErrors } from './errors.js';

/** Parsed expressions by text: a window's schedule is parsed once, not at every opening. */
const parsed = new Map<string, Schedule | undefined>();

function scheduleOf(expression: string): Schedule | undefined {
  if (!parsed.has(expression)) {
    const r = parseSchedule(expression);
    parsed.set(expression, r.ok ? r.schedule : undefined);
  }
  return parsed.get(expression);
}

/** Schedule, ScheduleTimezone and ScheduleOffset as CreateMaintenanceWindow checks them (ValidationException). */
export function checkWindowSchedule(input: {
  schedule: string;
  scheduleTimezone?: string;
  scheduleOffset?: number;
}): Schedule {
  const r = validateWindowSchedule(input);
  if (!r.ok) throw new ValidationException(r.message);
  return r.schedule;
}

export function isRate(expression: string): boolean {
  return scheduleOf(expression)?.kind === 'rate';
}

/**
 * The first opening of a rate() window scheduled at `nowMs`: its StartDate when that is in the future (the
 * UG's rate(7 days) example runs on the StartDate itself), else an interval after now ("if you provide a start
 * date that occurs in the past, the current date and time are used as the start date", API reference).
 */
export function rateAnchor(
  w: Pick<StoredWindow, 'schedule' | 'startDate'>,
  nowMs: number,
): number | undefined {
  const schedule = scheduleOf(w.schedule);
  if (schedule?.kind !== 'rate') return undefined;
  const start = w.startDate === undefined ? undefined : parseWindowDate('StartDate', w.startDate);
  return start !== undefined && start > nowMs ? start : nowMs + schedule.intervalMs;
}

// ISO-8601 extended date and time, with an optional fraction and offset (API reference: StartDate, EndDate).
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** StartDate / EndDate to epoch ms (UTC when no offset is written), or a ValidationException. */
export function parseWindowDate(member: 'StartDate' | 'EndDate', value: string): number {
  if (!ISO_DATE_TIME.test(value)) throw mwErrors.badDate(member, value);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value.slice(10));
  const ms = Date.parse(hasZone ? value : `${value}Z`);
  if (Number.isNaN(ms)) throw mwErrors.badDate(member, value);
  return ms;
}

/**
 * What the parser needs to place a window's openings: rate() counts from the window's first opening (its
 * anchor, rateAnchor); cron() and at() open no earlier than StartDate; nothing opens at or after EndDate.
 */
function options(w: StoredWindow, afterMs: number): OccurrenceOptions {
  const start = w.startDate === undefined ? undefined : parseWindowDate('StartDate', w.startDate);
  return {
    afterMs,
    timezone: w.scheduleTimezone,
    offsetDays: w.scheduleOffset,
    startMs: isRate(w.schedule) ? (w.anchorMs ?? rateAnchor(w, w.createdMs)) : start,
    endMs: w.endDate === undefined ? undefined : parseWindowDate('EndDate', w.endDate),
  };
}

/** The first opening after `afterMs`, or undefined when the window will not open again. */
export function nextOpening(w: StoredWindow, afterMs: number): number | undefined {
  return upcomingOpenings(w, afterMs, 1)[0];
}

/** Up to `count` openings after `afterMs`, ascending (DescribeMaintenanceWindowSchedule). */
export function upcomingOpenings(w: StoredWindow, afterMs: number, count: number): number[] {
  const schedule = scheduleOf(w.schedule);
  if (!schedule) return [];
  return nextOccurrences(schedule, { ...options(w, afterMs), count });
}

/**
 * A moment as AWS writes NextExecutionTime and ExecutionTime: ISO-8601 in the window's time zone with its
 * offset, seconds and milliseconds only when not zero ("2019-02-03T02:00-08:00", "2019-05-18T17:01:01.137Z",
 * "2019-10-20T05:34:56-07:00" in the User Guide's CLI examples: Java's OffsetDateTime.toString()).
 */
export function formatOpening(ms: number, timezone?: string): string {
  const local = timezone ? toLocal(timezone, ms) : ms;
  const offsetMin = Math.round((local - ms) / 60_000);
  const d = new Date(local);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  let text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (d.getUTCSeconds() || d.getUTCMilliseconds()) text += `:${pad(d.getUTCSeconds())}`;
  if (d.getUTCMilliseconds()) text += `.${pad(d.getUTCMilliseconds(), 3)}`;
  if (offsetMin === 0) return `${text}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${text}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
