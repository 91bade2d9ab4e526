// Filter values DescribeAutomationExecutions / DescribeAutomationStepExecutions share.
import { InvalidFilterValue } from '../../../model/generated/errors.js';

/** StartTimeBefore / StartTimeAfter: one ISO 8601 date such as 2020-05-08T15:16:43Z (UG "Date and time strings"). */
export function filterDate(key: string, values: string[]): number {
  const ms = values.length === 1 ? Date.parse(values[0]) : NaN;
  // Not a captured AWS text: AWS's wording for a bad date filter was not found.
  if (Number.isNaN(ms))
    throw new InvalidFilterValue(`The filter ${key} takes one date such as 2020-05-08T15:16:43Z.`);
  return ms;
}
