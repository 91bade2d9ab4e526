import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken, ValidationException } from '../../../model/generated/errors.js';
import type { ExecutionFilter } from '../../../store/repositories/association-executions.js';
import { DEFAULT_ASSOCIATION_PAGE } from '../../../engine/associations/limits.js';
import { BAD_TOKEN, toExecution } from './association-view.js';

const COLUMN = { ExecutionId: 'execution_id', Status: 'status', CreatedTime: 'created_ms' } as const;
const OP = { EQUAL: '=', LESS_THAN: '<', GREATER_THAN: '>' } as const;

// Newest first, as the console shows the history.
export default defineHandler('DescribeAssociationExecutions', (input, ctx) => {
  ctx.services.associations.get(ctx, input.AssociationId);
  const filters: ExecutionFilter[] = (input.Filters ?? []).map((f) => {
    if (f.Key !== 'CreatedTime') return { column: COLUMN[f.Key], op: OP[f.Type], value: f.Value };
    const ms = Date.parse(f.Value);
    // Ours: AWS's text for an unreadable CreatedTime is not published.
    if (Number.isNaN(ms))
      throw new ValidationException(`The filter value ${f.Value} is not a valid timestamp.`);
    return { column: 'created_ms', op: OP[f.Type], value: ms };
  });
  const page = ctx.services.store.associationExecutions.listExecutions(
    ctx.account,
    ctx.region,
    input.AssociationId,
    filters,
    input.MaxResults ?? DEFAULT_ASSOCIATION_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken(BAD_TOKEN);
  return { AssociationExecutions: page.items.map(toExecution), NextToken: page.nextToken };
});
