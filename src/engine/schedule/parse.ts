// One parser for AWS's schedule expressions: cron(...), rate(value unit) and at(yyyy-mm-ddThh:mm:ss).
// The service validators (maintenance windows, associations) build on it and word the errors their way.
import { daysInMonth } from './calendar.js';
import { parseCronFields } from './cron-parse.js';
import { CRON_YEAR_MAX, CRON_YEAR_MIN, DAY_MS, HOUR_MS, MINUTE_MS } from './limits.js';
import type { RateUnit, Schedule } from './types.js';

/** A parsed schedule, or why it is not one (a detail for logs and tests, not AWS's text). */
export type ParseResult = { ok: true; schedule: Schedule } | { ok: false; reason: string };

const UNIT_MS: Record<RateUnit, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };

const CRON = /^cron\((.*)\)$/s;
const RATE = /^rate\((\d+) +(minutes?|hours?|days?)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

export function parseSchedule(expression: string): ParseResult {
  const cron = CRON.exec(expression);
  if (cron) {
    const parsed = parseCronFields(cron[1]);
    if (!parsed.ok) return { ok: false, reason: parsed.message };
    return { ok: true, schedule: { kind: 'cron', expression, cron: parsed.value } };
  }
  const rate = RATE.exec(expression);
  if (rate) return parseRate(expression, Number(rate[1]), rate[2]);
  const at = AT.exec(expression);
  if (at) return parseAt(expression, at.slice(1).map(Number));
  return { ok: false, reason: 'not a cron(...), rate(...) or at(...) expression' };
}

function parseRate(expression: string, value: number, unitText: string): ParseResult {
  if (value < 1) return { ok: false, reason: 'a rate value must be a positive number' };
  // "If the value is equal to 1, then the unit must be singular. Similarly, for values greater than 1,
  // the unit must be plural." (SSM User Guide, rate expressions)
  const plural = unitText.endsWith('s');
  if (plural !== value > 1) {
    return {
      ok: false,
      reason: `rate(${value} ${unitText}): use ${value > 1 ? 'a plural' : 'a singular'} unit`,
    };
  }
  const unit = (plural ? unitText.slice(0, -1) : unitText) as RateUnit;
  const intervalMs = value * UNIT_MS[unit];
  if (!Number.isSafeInteger(intervalMs)) return { ok: false, reason: 'the rate is too large' };
  return { ok: true, schedule: { kind: 'rate', expression, value, unit, intervalMs } };
}

function parseAt(expression: string, [year, month, day, hour, minute, second]: number[]): ParseResult {
  const valid =
    year >= CRON_YEAR_MIN &&
    year <= CRON_YEAR_MAX &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!valid) return { ok: false, reason: 'at(...) is not a real date and time' };
  return { ok: true, schedule: { kind: 'at', expression, at: { year, month, day, hour, minute, second } } };
}
