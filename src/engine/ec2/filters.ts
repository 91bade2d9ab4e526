// EC2 Describe* filters: AND across filters, OR across a filter's values, `*` and `?` wildcards, and the
// tag:<key>, tag-key and tag-value filters every taggable resource has (EC2 API "Filtering").
import { wildcard } from '../../wildcard.js';
import { invalidParameterValue } from './errors.js';
import type { Filter } from './params.js';

export interface FilterSpec<T> {
  /** Filter name -> the item's values for it (undefined entries are ignored). */
  fields: Record<string, (item: T) => (string | undefined)[]>;
  tags?: (item: T) => Record<string, string>;
}

/** Rejects filter names the resource does not support, as EC2 does: "The filter 'x' is invalid". */
export function checkFilters<T>(filters: Filter[], spec: FilterSpec<T>): void {
  for (const f of filters) {
    const tagFilter =
      spec.tags && (f.Name.startsWith('tag:') || f.Name === 'tag-key' || f.Name === 'tag-value');
    if (!tagFilter && !(f.Name in spec.fields))
      throw invalidParameterValue(`The filter '${f.Name}' is invalid`);
  }
}

export function matchesFilters<T>(item: T, filters: Filter[], spec: FilterSpec<T>): boolean {
  for (const f of filters) {
    if (!f.Values.length) continue;
    const patterns = f.Values.map(wildcard);
    let values: (string | undefined)[];
    if (f.Name.startsWith('tag:')) {
      const v = spec.tags!(item)[f.Name.slice(4)];
      values = [v];
    } else if (f.Name === 'tag-key') values = Object.keys(spec.tags!(item));
    else if (f.Name === 'tag-value') values = Object.values(spec.tags!(item));
    else values = spec.fields[f.Name](item);
    if (!values.some((v) => v !== undefined && patterns.some((p) => p.test(v)))) return false;
  }
  return true;
}
