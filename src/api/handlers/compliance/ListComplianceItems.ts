import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken, InvalidResourceType } from '../../../model/generated/errors.js';
import type { ItemColumn } from '../../../store/repositories/compliance.js';
import { DEFAULT_COMPLIANCE_PAGE, MANAGED_INSTANCE } from '../../../engine/compliance/limits.js';
import { conditionsOf, toItem } from './compliance-view.js';

const COLUMNS: Record<string, ItemColumn> = {
  ComplianceType: 'compliance_type',
  Status: 'status',
  Severity: 'severity',
  Id: 'item_id',
  Title: 'title',
  ExecutionId: 'execution_id',
  ExecutionType: 'execution_type',
  ResourceId: 'resource_id',
  ResourceType: 'resource_type',
};

export default defineHandler('ListComplianceItems', (input, ctx) => {
  if (input.ResourceTypes?.some((t) => t !== MANAGED_INSTANCE)) throw new InvalidResourceType('');
  const conditions = conditionsOf(input.Filters, COLUMNS);
  if (input.ResourceIds?.length)
    conditions.push({ column: 'resource_id', op: 'EQUAL', values: input.ResourceIds });
  const page = ctx.services.store.compliance.listItems(
    ctx.account,
    ctx.region,
    conditions,
    input.MaxResults ?? DEFAULT_COMPLIANCE_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken("The specified token isn't valid.");
  return { ComplianceItems: page.items.map(toItem), NextToken: page.nextToken };
});
