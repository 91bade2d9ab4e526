// The parsed forms of AWS's three schedule expressions: cron(...), rate(...) and at(...).

/** Day of month: `?`, a set of days, `L` (last day), `LW` (last weekday) or `nW` (weekday nearest day n). */
export type DayOfMonthSpec =
  | { kind: 'unspecified' }
  | { kind: 'days'; days: readonly number[] }
  | { kind: 'last' }
  | { kind: 'lastWeekday' }
  | { kind: 'nearestWeekday'; day: number };

/** Day of week, 1 = SUN ... 7 = SAT: `?`, a set of days, `nL` (last n-day of the month) or `n#k` (k-th n-day). */
export type DayOfWeekSpec =
  | { kind: 'unspecified' }
  | { kind: 'days'; days: readonly number[] }
  | { kind: 'lastOfMonth'; day: number }
  | { kind: 'nth'; day: number; nth: number };

/** Every field expanded to the sorted values it allows (day fields keep their special forms). */
export interface CronSpec {
  /** Whether the optional leading Seconds field was given (7 fields instead of 6). */
  readonly hasSeconds: boolean;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonthSpec;
  readonly months: readonly number[];
  readonly dayOfWeek: DayOfWeekSpec;
  readonly years: readonly number[];
}

export type RateUnit = 'minute' | 'hour' | 'day';

/** A wall-clock date and time with no zone: `at()` is read in the schedule's time zone. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export type Schedule =
  | { readonly kind: 'cron'; readonly expression: string; readonly cron: CronSpec }
  | {
      readonly kind: 'rate';
      readonly expression: string;
      readonly value: number;
      readonly unit: RateUnit;
      readonly intervalMs: number;
    }
  | { readonly kind: 'at'; readonly expression: string; readonly at: LocalDateTime };

/** What every parser and validator here returns, so each engine throws its own error type. */
export type ScheduleResult = { ok: true; schedule: Schedule } | { ok: false; message: string };
