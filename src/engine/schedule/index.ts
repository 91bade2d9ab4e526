// AWS schedule expressions for maintenance windows and State Manager associations: parse, validate per
// service, and compute occurrences on the emulator clock. docs/schedules.md describes the rules.
export type {
  CronSpec,
  DayOfMonthSpec,
  DayOfWeekSpec,
  LocalDateTime,
  RateUnit,
  Schedule,
  ScheduleResult,
} from './types.js';
export { parseSchedule, type ParseResult } from './parse.js';
export { validateWindowSchedule, type WindowScheduleInput } from './validate-window.js';
export {
  isSupportedAssociationCron,
  validateAssociationSchedule,
  type AssociationScheduleInput,
} from './validate-association.js';
export { next, nextOccurrences, type OccurrenceOptions } from './occurrences.js';
export { DEFAULT_TIMEZONE, isValidTimeZone, toLocal } from './timezone.js';
export { associationMessages, windowMessages } from './messages.js';
