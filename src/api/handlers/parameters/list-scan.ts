// Paging for GetParametersByPath and DescribeParameters: rows come from an index seek in key order;
// filters that no index serves are applied within a bounded scan window, and a page may come back
// short with a NextToken, as AWS's do (boto/boto3#1079, aws/aws-sdk-go#2446).
import { InvalidNextToken } from '../../../model/generated/errors.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import { FILTER_SCAN_WINDOW } from '../../../engine/parameters/limits.js';

export interface Keyed {
  key: string;
}

/** Reads `limit` rows with key > after, in key order. */
export type Fetch<T extends Keyed> = (after: string, limit: number) => T[];

export function startKey(token: string | undefined): string {
  if (token === undefined) return '';
  const k = decodeToken<string>(token);
  if (typeof k !== 'string') throw new InvalidNextToken("The specified token isn't valid.");
  return k;
}

export function scanPage<T extends Keyed, U>(
  fetch: Fetch<T>,
  after: string,
  pageSize: number,
  accept: (row: T) => U | undefined,
): { items: U[]; nextToken?: string } {
  const items: U[] = [];
  let cursor = after;
  let scanned = 0;
  while (scanned < FILTER_SCAN_WINDOW) {
    const want = Math.min(FILTER_SCAN_WINDOW - scanned, Math.max(pageSize - items.length, 1) + 1);
    const batch = fetch(cursor, want);
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i];
      if (items.length === pageSize) return { items, nextToken: encodeToken(cursor) }; // a row remains
      scanned++;
      cursor = row.key;
      const out = accept(row);
      if (out !== undefined) items.push(out);
    }
    if (batch.length < want) return { items }; // the index range is exhausted
  }
  return { items, nextToken: encodeToken(cursor) };
}
