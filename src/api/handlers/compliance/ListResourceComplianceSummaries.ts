import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import type { SummaryColumn } from '../../../store/repositories/compliance.js';
import { DEFAULT_COMPLIANCE_PAGE } from '../../../engine/compliance/limits.js';
import { conditionsOf, toResourceSummary } from './compliance-view.js';

export const SUMMARY_COLUMNS: Record<string, SummaryColumn> = {
  ComplianceType: 'compliance_type',
  Status: 'status',
  OverallSeverity: 'overall_severity',
  ResourceId: 'resource_id',
  ResourceType: 'resource_type',
  ExecutionId: 'execution_id',
  ExecutionType: 'execution_type',
  // The inventory key of a node's id, which the console's compliance filters use.
  'AWS:InstanceInformation.InstanceId': 'resource_id',
};

export default defineHandler('ListResourceComplianceSummaries', (input, ctx) => {
  const page = ctx.services.store.compliance.listSummaries(
    ctx.account,
    ctx.region,
    conditionsOf(input.Filters, SUMMARY_COLUMNS),
    input.MaxResults ?? DEFAULT_COMPLIANCE_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken("The specified token isn't valid.");
  return { ResourceComplianceSummaryItems: page.items.map(toResourceSummary), NextToken: page.nextToken };
});
