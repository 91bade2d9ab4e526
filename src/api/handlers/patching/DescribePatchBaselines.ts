import type { StoredBaseline } from '../../../patch-catalog/baseline.js';
import { PREDEFINED_BASELINES } from '../../../engine/patching/predefined.js';
import { awsResolved, type ResolvedBaseline } from '../../../engine/patching/resolve.js';
import { encodeToken } from '../../../store/pagination.js';
import type { PatchBaselineIdentity } from '../../../model/generated/types.js';
import { defineHandler } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';
import { baselineIdentity } from './baseline-view.js';
import { DEFAULT_BASELINE_PAGE, filterValues, tokenKey } from './patch-paging.js';

// AWS's baselines come first (in their fixed order), then the account's by name: ['AWS', index] or
// ['Self', name, id] is where a page ends.
type Cursor = ['AWS', number] | ['Self', string, string];
const isCursor = (k: unknown): k is Cursor =>
  Array.isArray(k) &&
  ((k[0] === 'AWS' && typeof k[1] === 'number' && k.length === 2) ||
    (k[0] === 'Self' && typeof k[1] === 'string' && typeof k[2] === 'string' && k.length === 3));

export default defineHandler('DescribePatchBaselines', (input, ctx) => {
  const limit = input.MaxResults ?? DEFAULT_BASELINE_PAGE;
  const after = tokenKey(input.NextToken, isCursor);
  const prefixes = filterValues(input.Filters, 'NAME_PREFIX');
  const systems = filterValues(input.Filters, 'OPERATING_SYSTEM');
  // OWNER: Self, AWS or All (the default); other keys are ignored.
  const owners = filterValues(input.Filters, 'OWNER') ?? ['All'];
  const withAws = owners.includes('All') || owners.includes('AWS');
  const withSelf = owners.includes('All') || owners.includes('Self');
  const scope = scopeOf(ctx);
  const defaults = ctx.services.store.patchBaselines.defaults(ctx.account, ctx.region);
  const items: { key: Cursor; r: ResolvedBaseline }[] = [];
  if (withAws && (!after || after[0] === 'AWS')) {
    for (let i = after ? after[1] + 1 : 0; i < PREDEFINED_BASELINES.length && items.length <= limit; i++) {
      const b = PREDEFINED_BASELINES[i];
      if (prefixes && !prefixes.some((p) => b.name.startsWith(p))) continue;
      if (systems && !systems.includes(b.operatingSystem)) continue;
      items.push({ key: ['AWS', i], r: awsResolved(scope, b) });
    }
  }
  if (withSelf && items.length <= limit) {
    const own = ctx.services.store.patchBaselines.list<StoredBaseline & Record<string, unknown>>(
      ctx.account,
      ctx.region,
      after?.[0] === 'Self' ? [after[1], after[2]] : undefined,
      limit + 1 - items.length,
      { namePrefixes: prefixes, operatingSystems: systems },
    );
    for (const b of own)
      items.push({
        key: ['Self', b.name, b.baselineId],
        r: { owner: 'Self', baseline: b, id: b.baselineId },
      });
  }
  const page = items.slice(0, limit);
  const identities: PatchBaselineIdentity[] = page.map(({ r }) => {
    const registered = defaults.get(r.baseline.operatingSystem);
    const isDefault =
      registered === undefined ? r.owner === 'AWS' && r.baseline.isDefault : registered === r.id;
    return baselineIdentity(ctx, r, isDefault);
  });
  return {
    BaselineIdentities: identities,
    NextToken: items.length > limit ? encodeToken(page[page.length - 1].key) : undefined,
  };
});
