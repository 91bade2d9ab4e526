// AWS's documented bounds for schedule expressions, each in one place.
// Source for all: "Reference: Cron and rate expressions for Systems Manager" (SSM User Guide) unless noted.

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Year field: 1970-2199. */
export const CRON_YEAR_MIN = 1970;
export const CRON_YEAR_MAX = 2199;

/** "Cron expressions that lead to rates faster than five (5) minute aren't supported." */
export const CRON_MIN_INTERVAL_MS = 5 * MINUTE_MS;

/** "Associations support ... rate expressions: intervals of 30 minutes or greater and less than 31 days." */
export const ASSOCIATION_RATE_MIN_MS = 30 * MINUTE_MS;
export const ASSOCIATION_RATE_MAX_EXCLUSIVE_MS = 31 * DAY_MS;

/** "Associations support the following cron expressions: every 1/2, 1, 2, 4, 8, or 12 hours; ..." */
export const ASSOCIATION_CRON_HOUR_STEPS: readonly number[] = [1, 2, 4, 8, 12];
export const ASSOCIATION_CRON_HALF_HOUR_STEP_MINUTES = 30;

/** `n#k`: the k-th weekday of a month, k = 1..5. */
export const CRON_NTH_MAX = 5;
