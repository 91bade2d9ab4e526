import { defineHandler } from '../../protocol/handler.js';
import type { Parameter } from '../../../model/generated/types.js';
import { parsePath } from '../../../engine/parameters/names.js';
import { BY_PATH_PAGE_DEFAULT } from '../../../engine/parameters/limits.js';
import { listPublic } from '../../../engine/parameters/public/catalogue.js';
import type { ParameterRecord } from '../../../store/repositories/parameters.js';
import { checkFilters, matches } from './parameter-filters.js';
import { scanPage, startKey, type Fetch } from './list-scan.js';
import { publicRecord, toParameter } from './parameter-view.js';

export default defineHandler('GetParametersByPath', (input, ctx) => {
  const path = parsePath(input.Path);
  const filters = checkFilters(input.ParameterFilters, true);
  const label = filters.find((f) => f.key === 'Label');
  const recursive = input.Recursive === true;
  const repo = ctx.services.store.parameters;
  const { account, region } = ctx;
  const isPublic = path === '/aws' || path.startsWith('/aws/');
  // The path itself is never returned, only what lies below it (API reference).
  const lower = `${path}/`;
  const upper = `${path}0`; // '0' sorts right after '/': the end of the prefix range
  let fetch: Fetch<ParameterRecord>;
  if (isPublic) {
    fetch = (after, limit) =>
      listPublic(
        region,
        { after: after || lower, before: upper, parent: recursive ? undefined : path },
        limit,
      ).map(publicRecord);
  } else if (recursive) {
    fetch = (after, limit) => repo.range(account, region, after > lower ? after : lower, upper, limit);
  } else {
    fetch = (after, limit) => repo.children(account, region, path, after, limit);
  }
  const tagsOf = () => [];
  const page = scanPage(
    fetch,
    startKey(input.NextToken),
    input.MaxResults ?? BY_PATH_PAGE_DEFAULT,
    (row): Parameter | undefined => {
      // The Label filter returns the labelled version of each parameter, not the latest (UG sysman-paramstore-labels).
      const r = label ? labelled(row, label.values) : row;
      if (!r || !matches(r, filters, tagsOf)) return undefined;
      const arnAccount = isPublic ? '' : account;
      return toParameter(
        ctx,
        { record: r, account: isPublic ? '' : account, region, arnAccount },
        input.WithDecryption,
      );
    },
  );
  return { Parameters: page.items, NextToken: page.nextToken };

  function labelled(row: ParameterRecord, labels: string[]): ParameterRecord | undefined {
    for (const l of labels) {
      const v = repo.getByLabel(account, region, row.key, l);
      if (v) return v;
    }
    return undefined;
  }
});
