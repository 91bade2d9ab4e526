import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import type { StoredStepExecution } from '../../../store/repositories/automation.js';
import { DEFAULT_AUTOMATION_PAGE } from '../../../engine/automation/limits.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import { filterDate } from './automation-filters.js';
import { toStepExecution } from './automation-view.js';

// Steps that ran, by start time (ReverseOrder: newest first). An execution has few steps, so the page is
// cut from its list; the token carries the position.
export default defineHandler('DescribeAutomationStepExecutions', (input, ctx) => {
  const { steps } = ctx.services.automation.get(ctx, input.AutomationExecutionId);
  const checks: ((s: StoredStepExecution) => boolean)[] = [];
  for (const f of input.Filters ?? []) {
    const values = f.Values;
    switch (f.Key) {
      case 'StartTimeBefore': {
        const before = filterDate(f.Key, values);
        checks.push((s) => s.startMs !== undefined && s.startMs < before);
        break;
      }
      case 'StartTimeAfter': {
        const after = filterDate(f.Key, values);
        checks.push((s) => s.startMs !== undefined && s.startMs >= after);
        break;
      }
      case 'StepExecutionStatus':
        checks.push((s) => values.includes(s.status));
        break;
      case 'StepExecutionId':
        checks.push((s) => values.includes(s.stepExecutionId));
        break;
      case 'StepName':
        checks.push((s) => values.includes(s.stepName));
        break;
      case 'Action':
        checks.push((s) => values.includes(s.action));
        break;
      case 'ParentStepExecutionId':
        checks.push((s) => values.includes(s.parentStepDetails?.StepExecutionId ?? ''));
        break;
      case 'ParentStepIteration':
        checks.push((s) => values.includes(String(s.parentStepDetails?.Iteration ?? '')));
        break;
      case 'ParentStepIteratorValue':
        checks.push((s) => values.includes(s.parentStepDetails?.IteratorValue ?? ''));
        break;
    }
  }
  let list = steps.filter((s) => checks.every((c) => c(s)));
  if (input.ReverseOrder) list = [...list].reverse();
  let start = 0;
  if (input.NextToken !== undefined) {
    const k = decodeToken<number>(input.NextToken);
    if (typeof k !== 'number' || k < 0) throw new InvalidNextToken('The specified token is not valid.');
    start = k;
  }
  const size = input.MaxResults ?? DEFAULT_AUTOMATION_PAGE;
  const page = list.slice(start, start + size);
  return {
    StepExecutions: page.map(toStepExecution),
    NextToken: start + size < list.length ? encodeToken(start + size) : undefined,
  };
});
