// Keyset pagination: a page is an index seek past the last key of the previous page, so it costs O(page).
// NextToken is opaque to clients: base64url of a small JSON record that only this store reads.

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function encodeToken(key: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, k: key }), 'utf8').toString('base64url');
}

/** Returns the key a token carries, or undefined when the token was not made by encodeToken. */
export function decodeToken<K>(token: string): K | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: number; k?: K };
    return parsed && parsed.v === 1 && parsed.k !== undefined ? parsed.k : undefined;
  } catch {
    return undefined;
  }
}

/** Rows were fetched with LIMIT pageSize + 1: the extra row says there is a next page. */
export function toPage<T>(rows: T[], pageSize: number, keyOf: (last: T) => unknown): Page<T> {
  if (rows.length <= pageSize) return { items: rows };
  const items = rows.slice(0, pageSize);
  return { items, nextToken: encodeToken(keyOf(items[items.length - 1])) };
}
