import {
  COUNT_COLUMNS,
  type CountCondition,
  type CountKey,
} from '../../../store/repositories/patch-states.js';
import { encodeToken } from '../../../store/pagination.js';
import { InvalidFilter } from '../../../model/generated/errors.js';
import type { InstancePatchStateFilter } from '../../../model/generated/types.js';
import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_COMPLIANCE_PAGE, tokenKey } from './patch-paging.js';
import { stateView } from './state-view.js';

const OPS = { Equal: '=', NotEqual: '<>', LessThan: '<', GreaterThan: '>' } as const;
const isId = (k: unknown): k is string => typeof k === 'string';

// InstancePatchStateFilter reference: keys are the eight counts, Values one integer >= 0.
function condition(f: InstancePatchStateFilter): CountCondition {
  if (!(f.Key in COUNT_COLUMNS)) throw new InvalidFilter(`The filter key ${f.Key} is not valid.`);
  const v = f.Values[0];
  if (!/^\d+$/.test(v))
    throw new InvalidFilter(
      `The filter value ${v} is not valid. Values must be integers greater than or equal to 0.`,
    );
  return { key: f.Key as CountKey, op: OPS[f.Type], value: Number(v) };
}

export default defineHandler('DescribeInstancePatchStatesForPatchGroup', (input, ctx) => {
  ctx.services.patching.flush(); // reports that arrived this turn
  const conditions = (input.Filters ?? []).map(condition);
  const limit = input.MaxResults ?? DEFAULT_COMPLIANCE_PAGE;
  const rows = ctx.services.store.patchStates.listGroup(
    ctx.account,
    ctx.region,
    input.PatchGroup,
    tokenKey(input.NextToken, isId),
    limit + 1,
    conditions,
  );
  const page = rows.slice(0, limit);
  return {
    InstancePatchStates: page.map(stateView),
    NextToken: rows.length > limit ? encodeToken(page[page.length - 1].InstanceId) : undefined,
  };
});
