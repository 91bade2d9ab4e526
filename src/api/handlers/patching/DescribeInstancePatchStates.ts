import { encodeToken } from '../../../store/pagination.js';
import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_COMPLIANCE_PAGE, tokenKey } from './patch-paging.js';
import { stateView } from './state-view.js';

const isIndex = (k: unknown): k is number => typeof k === 'number' && Number.isInteger(k) && k >= 0;

// The last patch state each node reported, in the order asked; nodes that never reported are left out.
export default defineHandler('DescribeInstancePatchStates', (input, ctx) => {
  ctx.services.patching.flush(); // reports that arrived this turn
  const repo = ctx.services.store.patchStates;
  const ids = [...new Set(input.InstanceIds)];
  const limit = input.MaxResults ?? DEFAULT_COMPLIANCE_PAGE;
  const start = tokenKey(input.NextToken, isIndex) ?? 0;
  const states = ids.slice(start).flatMap((id, i) => {
    const s = repo.get(ctx.account, ctx.region, id);
    return s ? [{ i: start + i, s }] : [];
  });
  const page = states.slice(0, limit);
  return {
    InstancePatchStates: page.map(({ s }) => stateView(s)),
    NextToken: states.length > limit ? encodeToken(page[page.length - 1].i + 1) : undefined,
  };
});
