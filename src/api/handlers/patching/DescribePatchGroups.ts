import { resolveStoredId } from '../../../engine/patching/resolve.js';
import { encodeToken } from '../../../store/pagination.js';
import type { PatchGroupPatchBaselineMapping } from '../../../model/generated/types.js';
import { defineHandler } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';
import { baselineIdentity } from './baseline-view.js';
import { DEFAULT_BASELINE_PAGE, filterValues, tokenKey } from './patch-paging.js';

type Cursor = [string, string];
const isCursor = (k: unknown): k is Cursor =>
  Array.isArray(k) && k.length === 2 && typeof k[0] === 'string' && typeof k[1] === 'string';

// Filters: NAME_PREFIX (of the patch group) and OPERATING_SYSTEM; one mapping per group and OS.
export default defineHandler('DescribePatchGroups', (input, ctx) => {
  const limit = input.MaxResults ?? DEFAULT_BASELINE_PAGE;
  const rows = ctx.services.store.patchBaselines.listGroups(
    ctx.account,
    ctx.region,
    tokenKey(input.NextToken, isCursor),
    limit + 1,
    {
      namePrefixes: filterValues(input.Filters, 'NAME_PREFIX'),
      operatingSystems: filterValues(input.Filters, 'OPERATING_SYSTEM'),
    },
  );
  const page = rows.slice(0, limit);
  const mappings: PatchGroupPatchBaselineMapping[] = [];
  for (const g of page) {
    const r = resolveStoredId(ctx.services.store, scopeOf(ctx), g.baselineId);
    if (r) mappings.push({ PatchGroup: g.patchGroup, BaselineIdentity: baselineIdentity(ctx, r) });
  }
  const last = page[page.length - 1];
  return {
    Mappings: mappings,
    NextToken: rows.length > limit ? encodeToken([last.patchGroup, last.operatingSystem]) : undefined,
  };
});
