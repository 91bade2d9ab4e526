// Compliance items and summaries as the API shapes them, and the filters the list operations share.
import type {
  ComplianceItem,
  ComplianceStringFilter,
  ResourceComplianceSummaryItem,
} from '../../../model/generated/types.js';
import type {
  ColumnCondition,
  ComplianceExecution,
  StoredComplianceItem,
  StoredComplianceSummary,
} from '../../../store/repositories/compliance.js';
import { InvalidFilter } from '../../../model/generated/errors.js';
import { severitySummary } from '../../../engine/compliance/engine.js';

/** InvalidFilter, in the model's words (AWS's texts for compliance filters are not published). */
const BAD_FILTER = "The filter name isn't valid. Verify that you entered the correct name and try again.";

export function executionView(e: ComplianceExecution) {
  return {
    ExecutionTime: new Date(e.executionMs),
    ExecutionId: e.executionId,
    ExecutionType: e.executionType,
  };
}

export function toItem(i: StoredComplianceItem): ComplianceItem {
  return {
    ComplianceType: i.complianceType,
    ResourceType: i.resourceType,
    ResourceId: i.resourceId,
    Id: i.id,
    Title: i.title,
    Status: i.status as ComplianceItem['Status'],
    Severity: i.severity as ComplianceItem['Severity'],
    ExecutionSummary: executionView(i.execution),
    Details: i.details,
  };
}

export function toResourceSummary(s: StoredComplianceSummary): ResourceComplianceSummaryItem {
  const count = (c: Record<string, number>) => Object.values(c).reduce((n, x) => n + x, 0);
  return {
    ComplianceType: s.complianceType,
    ResourceType: s.resourceType,
    ResourceId: s.resourceId,
    Status: s.status as ResourceComplianceSummaryItem['Status'],
    OverallSeverity: s.overallSeverity as ResourceComplianceSummaryItem['OverallSeverity'],
    ExecutionSummary: executionView(s.execution),
    CompliantSummary: { CompliantCount: count(s.compliant), SeveritySummary: severitySummary(s.compliant) },
    NonCompliantSummary: {
      NonCompliantCount: count(s.nonCompliant),
      SeveritySummary: severitySummary(s.nonCompliant),
    },
  };
}

/** API filters onto store columns; an unknown key or a filter without values is InvalidFilter. */
export function conditionsOf<C extends string>(
  filters: ComplianceStringFilter[] | undefined,
  columns: Record<string, C>,
): ColumnCondition<C>[] {
  return (filters ?? []).map((f) => {
    const column = f.Key === undefined ? undefined : columns[f.Key];
    if (!column || !f.Values?.length) throw new InvalidFilter(BAD_FILTER);
    return { column, op: f.Type ?? 'EQUAL', values: f.Values };
  });
}
