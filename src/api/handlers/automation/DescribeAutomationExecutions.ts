import { defineHandler } from '../../protocol/handler.js';
import { InvalidFilterValue, InvalidNextToken } from '../../../model/generated/errors.js';
import type { ExecutionQuery, StoredExecution } from '../../../store/repositories/automation.js';
import { DEFAULT_AUTOMATION_PAGE } from '../../../engine/automation/limits.js';
import { filterDate } from './automation-filters.js';
import { toExecutionMetadata } from './automation-view.js';

// Newest first. Indexed columns filter in SQL; the other keys are checked on each candidate row.
export default defineHandler('DescribeAutomationExecutions', (input, ctx) => {
  const q: ExecutionQuery = {};
  const checks: ((e: StoredExecution) => boolean)[] = [];
  for (const f of input.Filters ?? []) {
    const values = f.Values;
    switch (f.Key) {
      case 'DocumentNamePrefix':
        q.documentNamePrefixes = values;
        break;
      case 'ExecutionStatus':
        q.statuses = values;
        break;
      case 'ExecutionId':
        q.executionIds = values;
        break;
      case 'ParentExecutionId':
        q.parentIds = values;
        break;
      case 'StartTimeBefore':
        q.startedBefore = filterDate(f.Key, values);
        break;
      case 'StartTimeAfter':
        q.startedAfter = filterDate(f.Key, values);
        break;
      case 'CurrentAction':
        checks.push((e) => e.currentAction !== undefined && values.includes(e.currentAction));
        break;
      case 'AutomationType':
        if (values.some((v) => v !== 'Local' && v !== 'CrossAccount'))
          throw new InvalidFilterValue(`The value of filter AutomationType must be Local or CrossAccount.`);
        checks.push((e) => values.includes(e.automationType));
        break;
      case 'TagKey':
        checks.push((e) => (e.tags ?? []).some((t) => values.includes(t.Key)));
        break;
      case 'TargetResourceGroup':
        checks.push((e) =>
          (e.targets ?? []).some(
            (t) => t.Key === 'ResourceGroup' && t.Values.some((v) => values.includes(v)),
          ),
        );
        break;
      case 'AutomationSubtype':
        checks.push((e) => e.subtype !== undefined && values.includes(e.subtype));
        break;
      case 'OpsItemId':
        checks.push(() => false); // no OpsCenter here: no execution was started from an OpsItem
        break;
    }
  }
  const page = ctx.services.store.automation.list(
    ctx.account,
    ctx.region,
    q,
    input.MaxResults ?? DEFAULT_AUTOMATION_PAGE,
    input.NextToken,
    (e) => checks.every((c) => c(e)),
  );
  if (page === 'bad-token') throw new InvalidNextToken('The specified token is not valid.');
  return {
    AutomationExecutionMetadataList: page.items.map(toExecutionMetadata),
    NextToken: page.nextToken,
  };
});
