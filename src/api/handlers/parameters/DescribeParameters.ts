import { defineHandler } from '../../protocol/handler.js';
import { ValidationException } from '../../../model/generated/errors.js';
import type { ParameterMetadata, ParameterStringFilter } from '../../../model/generated/types.js';
import { keyOf, parameterArn, parsePath } from '../../../engine/parameters/names.js';
import { DESCRIBE_PAGE_DEFAULT } from '../../../engine/parameters/limits.js';
import { listPublic } from '../../../engine/parameters/public/catalogue.js';
import type { ParameterRecord } from '../../../store/repositories/parameters.js';
import { checkFilters, matches, type CheckedFilter } from './parameter-filters.js';
import { scanPage, startKey, type Fetch } from './list-scan.js';
import { publicRecord, toMetadata } from './parameter-view.js';

export default defineHandler('DescribeParameters', (input, ctx) => {
  if (input.Filters?.length && input.ParameterFilters?.length) {
    throw new ValidationException('You can use either Filters or ParameterFilters in a single request.');
  }
  // The legacy Filters: Name matches by prefix, Type and KeyId exactly.
  const legacy: ParameterStringFilter[] | undefined = input.Filters?.map((f) => ({
    Key: f.Key,
    Option: f.Key === 'Name' ? 'BeginsWith' : 'Equals',
    Values: f.Values,
  }));
  const filters = checkFilters(legacy ?? input.ParameterFilters, false);
  const pageSize = input.MaxResults ?? DESCRIBE_PAGE_DEFAULT;
  const after = startKey(input.NextToken);
  const { account, region } = ctx;
  const store = ctx.services.store;

  if (input.Shared) {
    // Parameters other accounts share with the caller (UG parameter-store-shared-parameters).
    const fetch: Fetch<{ key: string; owner: string }> = (a, limit) =>
      store.resourcePolicies
        .sharedWith(account, region, a, limit)
        .map((s) => ({ key: s.arn, owner: s.owner }));
    const page = scanPage(fetch, after, pageSize, (s): ParameterMetadata | undefined => {
      const key = s.key.slice(s.key.indexOf(':parameter') + ':parameter'.length);
      const r = store.parameters.get(s.owner, region, key);
      return r && matches(r, filters, () => store.tags.list(s.owner, region, 'Parameter', key))
        ? toMetadata(r, s.owner, region)
        : undefined;
    });
    return { Parameters: page.items, NextToken: page.nextToken };
  }

  const fetch = driver(filters);
  const page = scanPage(fetch.rows, after, pageSize, (r): ParameterMetadata | undefined =>
    matches(r, filters, () => store.tags.list(account, region, 'Parameter', r.key))
      ? fetch.isPublic
        ? { ...toMetadata(r, '', region), ARN: parameterArn(region, '', r.key) }
        : toMetadata(r, account, region)
      : undefined,
  );
  return { Parameters: page.items, NextToken: page.nextToken };

  /** Picks the index that narrows the scan most: exact names, a path, a name prefix, or all, in key order. */
  function driver(fs: CheckedFilter[]): { rows: Fetch<ParameterRecord>; isPublic: boolean } {
    const repo = store.parameters;
    const name = fs.find((f) => f.key === 'Name');
    const path = fs.find((f) => f.key === 'Path');
    if (name?.option === 'Equals') {
      const keys = [...new Set(name.values.map(keyOf))].sort();
      return {
        rows: (a, limit) => repo.getMany(account, region, keys.filter((k) => k > a).slice(0, limit)),
        isPublic: false,
      };
    }
    if (path && path.values.length === 1) {
      const p = parsePath(path.values[0]);
      if (path.option === 'OneLevel')
        return { rows: (a, limit) => repo.children(account, region, p, a, limit), isPublic: false };
      return { rows: range(`${p}/`, `${p}0`), isPublic: false };
    }
    if (name?.option === 'BeginsWith' && name.values.length === 1) {
      const prefix = name.values[0];
      if (prefix.startsWith('/aws/')) {
        // Public parameters are discoverable with Name BeginsWith /aws/service/... (UG parameter-store-finding-public-parameters).
        return {
          rows: (a, limit) =>
            listPublic(region, { after: a || prefix.slice(0, -1), before: `${prefix}\uffff` }, limit).map(
              publicRecord,
            ),
          isPublic: true,
        };
      }
      const k = keyOf(prefix);
      return { rows: range(prefixLower(k), `${k}\uffff`), isPublic: false };
    }
    return { rows: range('', '\uffff'), isPublic: false };
  }

  function range(lower: string, upper: string): Fetch<ParameterRecord> {
    return (a, limit) => store.parameters.range(account, region, a > lower ? a : lower, upper, limit);
  }
});

/** The greatest string below `k`, so that an exclusive lower bound still includes `k` itself. */
function prefixLower(k: string): string {
  const last = k.charCodeAt(k.length - 1);
  return k.slice(0, -1) + String.fromCharCode(last - 1) + '\uffff';
}
