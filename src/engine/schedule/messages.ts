// The error texts each service returns for a bad schedule. AWS publishes none of these texts (searched: SSM
// User and API guides, botocore/aws-cli/terraform-provider-aws issues); where a text is ours it says so,
// and its wording follows AWS's documentation so a user can act on it. Replace with AWS's text when seen.

/** Maintenance windows (CreateMaintenanceWindow / UpdateMaintenanceWindow): ValidationException. */
export const windowMessages = {
  // Ours: AWS's text for a bad Schedule is not published.
  invalidSchedule: (expression: string): string => `Invalid schedule expression: ${expression}`,
  // Ours, with the User Guide's sentence: "Cron expressions that lead to rates faster than five (5) minute aren't supported."
  cronTooFrequent: (expression: string): string =>
    `Invalid schedule expression: ${expression}. Cron expressions that lead to rates faster than 5 minutes aren't supported.`,
  // Ours: ScheduleTimezone must be an IANA name (API reference: "in Internet Assigned Numbers Authority (IANA) format").
  invalidTimezone: (timezone: string): string =>
    `Invalid ScheduleTimezone: ${timezone}. Specify a time zone in IANA format, for example America/Los_Angeles.`,
  // Ours, with the User Guide's sentence: "Schedule offsets are supported for CRON expressions only."
  offsetNeedsCron: (): string => 'ScheduleOffset is supported for cron expressions only.',
} as const;

/** State Manager associations (CreateAssociation / UpdateAssociation / CreateAssociationBatch): InvalidSchedule. */
export const associationMessages = {
  // The model's own description of InvalidSchedule (service-2.json), the closest AWS text we have.
  invalidSchedule: (): string =>
    'The schedule is invalid. Verify your cron or rate expression and try again.',
  // Ours, with the User Guide's rule: "intervals of 30 minutes or greater and less than 31 days".
  rateOutOfRange: (expression: string): string =>
    `The schedule is invalid: ${expression}. Associations support rate expressions of 30 minutes or greater and less than 31 days.`,
  // Ours, with the User Guide's list of the cron expressions associations support.
  cronNotSupported: (expression: string): string =>
    `The schedule is invalid: ${expression}. Associations support cron expressions that run every 1/2, 1, 2, 4, 8, or 12 hours, or every day, every week, every nth day, or the last x day of the month at a specific time, with no month and a Seconds field of 0.`,
  // Ours, with the User Guide's sentence: "Associations ... support schedule offsets for cron expressions only."
  offsetNeedsCron: (): string =>
    'The schedule is invalid. ScheduleOffset is supported for cron expressions only.',
  // Ours, with the API reference: "To use offsets, you must specify the ApplyOnlyAtCronInterval parameter."
  offsetNeedsApplyOnlyAtCronInterval: (): string =>
    'The schedule is invalid. To use ScheduleOffset, you must specify ApplyOnlyAtCronInterval.',
  // Ours, with the API reference on ApplyOnlyAtCronInterval: "This parameter isn't supported for rate expressions."
  applyOnlyAtCronIntervalWithRate: (): string =>
    "The schedule is invalid. ApplyOnlyAtCronInterval isn't supported for rate expressions.",
} as const;
