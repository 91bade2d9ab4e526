// Parses the fields of cron(...) as AWS documents them (SSM "Reference: Cron and rate expressions" and
// EventBridge "Cron expressions"): [Seconds] Minutes Hours Day-of-month Month Day-of-week Year.
import { CRON_NTH_MAX, CRON_YEAR_MAX, CRON_YEAR_MIN } from './limits.js';
import type { CronSpec, DayOfMonthSpec, DayOfWeekSpec } from './types.js';

interface FieldRange {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[]; // names[i] stands for min + i
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
// Day-of-week 1-7 with 1 = SUN, as both the SSM and EventBridge tables give "1-7 or SUN-SAT".
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const SECONDS: FieldRange = { label: 'seconds', min: 0, max: 59 };
const MINUTES: FieldRange = { label: 'minutes', min: 0, max: 59 };
const HOURS: FieldRange = { label: 'hours', min: 0, max: 23 };
const DAY_OF_MONTH: FieldRange = { label: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldRange = { label: 'month', min: 1, max: 12, names: MONTH_NAMES };
const DAY_OF_WEEK: FieldRange = { label: 'day-of-week', min: 1, max: 7, names: DAY_NAMES };
const YEAR: FieldRange = { label: 'year', min: CRON_YEAR_MIN, max: CRON_YEAR_MAX };

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Parses the text between `cron(` and `)`: 6 fields, or 7 with the optional leading Seconds field. */
export function parseCronFields(body: string): Parsed<CronSpec> {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6 && fields.length !== 7) {
    return fail(`a cron expression has 6 fields (7 with seconds), got ${fields.length}`);
  }
  const hasSeconds = fields.length === 7;
  const [sec, min, hour, dom, month, dow, year] = hasSeconds ? fields : ['0', ...fields];

  const seconds = parseList(sec, SECONDS);
  if (!seconds.ok) return seconds;
  const minutes = parseList(min, MINUTES);
  if (!minutes.ok) return minutes;
  const hours = parseList(hour, HOURS);
  if (!hours.ok) return hours;
  const months = parseList(month, MONTH);
  if (!months.ok) return months;
  const years = parseList(year, YEAR);
  if (!years.ok) return years;
  const dayOfMonth = parseDayOfMonth(dom);
  if (!dayOfMonth.ok) return dayOfMonth;
  const dayOfWeek = parseDayOfWeek(dow);
  if (!dayOfWeek.ok) return dayOfWeek;

  // "You can't specify a value in the day-of-month and in the day-of-week fields in the same cron
  // expression. If you specify a value in one of the fields, use a ? in the other field." (`*` is a value.)
  const domUnset = dayOfMonth.value.kind === 'unspecified';
  const dowUnset = dayOfWeek.value.kind === 'unspecified';
  if (domUnset === dowUnset) return fail('exactly one of day-of-month and day-of-week must be ?');

  return {
    ok: true,
    value: {
      hasSeconds,
      seconds: seconds.value,
      minutes: minutes.value,
      hours: hours.value,
      dayOfMonth: dayOfMonth.value,
      months: months.value,
      dayOfWeek: dayOfWeek.value,
      years: years.value,
    },
  };
}

function parseDayOfMonth(raw: string): Parsed<DayOfMonthSpec> {
  if (raw === '?') return { ok: true, value: { kind: 'unspecified' } };
  if (raw === 'L') return { ok: true, value: { kind: 'last' } };
  if (raw === 'LW') return { ok: true, value: { kind: 'lastWeekday' } };
  const w = /^(\d{1,2})W$/.exec(raw);
  if (w) {
    const day = Number(w[1]);
    if (day < DAY_OF_MONTH.min || day > DAY_OF_MONTH.max) return fail(`day-of-month ${raw} is out of range`);
    return { ok: true, value: { kind: 'nearestWeekday', day } };
  }
  const days = parseList(raw, DAY_OF_MONTH);
  return days.ok ? { ok: true, value: { kind: 'days', days: days.value } } : days;
}

function parseDayOfWeek(raw: string): Parsed<DayOfWeekSpec> {
  if (raw === '?') return { ok: true, value: { kind: 'unspecified' } };
  // "The L wildcard in the ... Day-of-week field specifies the last day of the ... week": alone, SAT (7).
  if (raw === 'L') return { ok: true, value: { kind: 'days', days: [DAY_OF_WEEK.max] } };
  const last = /^([A-Za-z]{3}|\d)L$/.exec(raw);
  if (last) {
    const day = parseValue(last[1], DAY_OF_WEEK);
    return day.ok ? { ok: true, value: { kind: 'lastOfMonth', day: day.value } } : day;
  }
  const nth = /^([A-Za-z]{3}|\d)#(\d)$/.exec(raw);
  if (nth) {
    const day = parseValue(nth[1], DAY_OF_WEEK);
    if (!day.ok) return day;
    const k = Number(nth[2]);
    if (k < 1 || k > CRON_NTH_MAX)
      return fail(`day-of-week ${raw}: the number after # must be 1-${CRON_NTH_MAX}`);
    return { ok: true, value: { kind: 'nth', day: day.value, nth: k } };
  }
  const days = parseList(raw, DAY_OF_WEEK);
  return days.ok ? { ok: true, value: { kind: 'days', days: days.value } } : days;
}

// `*`, `a`, `a-b`, `a/n`, `a-b/n`, a star with a step, and comma lists of those: the sorted set of allowed values.
function parseList(raw: string, range: FieldRange): Parsed<readonly number[]> {
  const values = new Set<number>();
  for (const item of raw.split(',')) {
    const parsed = parseItem(item, range);
    if (!parsed.ok) return parsed;
    for (const v of parsed.value) values.add(v);
  }
  return { ok: true, value: [...values].sort((a, b) => a - b) };
}

function parseItem(item: string, range: FieldRange): Parsed<number[]> {
  const slash = item.split('/');
  if (slash.length > 2) return fail(`${range.label} ${item} is not valid`);
  const [base, stepText] = slash;
  let step = 1;
  if (stepText !== undefined) {
    step = Number(stepText);
    // A step past the field's largest value can never reach a second value: Quartz, whose cron syntax
    // AWS's follows, refuses it (0/60 in minutes, 0/30 in hours), and so do we.
    const maxStep = range.min <= 1 ? range.max : range.max - range.min + 1;
    if (!/^\d+$/.test(stepText) || step < 1 || step > maxStep) {
      return fail(`${range.label} step ${item} is not valid`);
    }
  }
  let from: number;
  let to: number;
  if (base === '*') {
    from = range.min;
    to = range.max;
  } else {
    const dash = base.split('-');
    if (dash.length > 2) return fail(`${range.label} ${item} is not valid`);
    const a = parseValue(dash[0], range);
    if (!a.ok) return a;
    from = a.value;
    if (dash.length === 2) {
      const b = parseValue(dash[1], range);
      if (!b.ok) return b;
      to = b.value;
      if (to < from) return fail(`${range.label} range ${item} runs backwards`);
    } else {
      // `a/n` runs from a to the end of the field; a bare `a` is that value alone.
      to = stepText === undefined ? from : range.max;
    }
  }
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return { ok: true, value: out };
}

function parseValue(text: string, range: FieldRange): Parsed<number> {
  let value: number;
  if (/^\d+$/.test(text)) value = Number(text);
  else {
    const i = range.names?.indexOf(text.toUpperCase()) ?? -1;
    if (i < 0) return fail(`${range.label} value ${text} is not valid`);
    value = range.min + i;
  }
  if (value < range.min || value > range.max) {
    return fail(`${range.label} value ${text} is out of range ${range.min}-${range.max}`);
  }
  return { ok: true, value };
}
