import { catalogAt } from '../../../patch-catalog/catalog.js';
import { osOfProduct } from '../../../patch-catalog/operating-systems.js';
import { patchAttribute } from '../../../patch-catalog/rules.js';
import { encodeToken } from '../../../store/pagination.js';
import type { OperatingSystem, Patch } from '../../../model/generated/types.js';
import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_BASELINE_PAGE, filterValues, tokenKey } from './patch-paging.js';
import { patchView } from './patch-view.js';

type Cursor = [string, number];
const isCursor = (k: unknown): k is Cursor =>
  Array.isArray(k) && k.length === 2 && typeof k[0] === 'string' && typeof k[1] === 'number';

// Filters pick the catalog by PRODUCT; without one, the Windows catalog is listed (as AWS does), and Linux
// keys then match nothing: "When specifying filters for Linux patches, you must specify a key-pair for PRODUCT".
export default defineHandler('DescribeAvailablePatches', (input, ctx) => {
  const limit = input.MaxResults ?? DEFAULT_BASELINE_PAGE;
  const products = filterValues(input.Filters, 'PRODUCT')?.filter((v) => v !== '*');
  let os: OperatingSystem | undefined = 'WINDOWS';
  if (products?.length) os = products.map(osOfProduct).find((o) => o !== undefined);
  const after = tokenKey(input.NextToken, isCursor);
  if (!os || (after && after[0] !== os)) return { Patches: [] };
  const filters = (input.Filters ?? []).filter((f) => f.Key && f.Values?.length);
  const catalog = catalogAt(os, ctx.services.clock.nowMs());
  const out: Patch[] = [];
  let last = -1;
  let more = false;
  for (let i = after ? after[1] + 1 : 0; i < catalog.patches.length; i++) {
    const p = catalog.patches[i];
    const matches = filters.every((f) => {
      const values = patchAttribute(p, f.Key!);
      return values !== undefined && f.Values!.some((v) => v === '*' || values.includes(v));
    });
    if (!matches) continue;
    if (out.length === limit) {
      more = true;
      break;
    }
    out.push(patchView(p, products?.[0]));
    last = i;
  }
  return { Patches: out, NextToken: more ? encodeToken([os, last]) : undefined };
});
