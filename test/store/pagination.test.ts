// Keyset pagination tokens: opaque, round-trip the key, and refuse anything this store did not make.
import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, toPage } from '../../src/store/pagination.js';

describe('tokens', () => {
  it('round-trips a key of any JSON shape', () => {
    for (const key of ['name', 42, ['/a/b', 3], { name: '/p', version: 7 }, 'ünïcode ✓']) {
      expect(decodeToken(encodeToken(key))).toEqual(key);
    }
  });

  it('is opaque and URL-safe', () => {
    const t = encodeToken({ name: '/very/secret/path??>>' });
    expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(t).not.toContain('secret');
  });

  it('decodes garbage to undefined', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const garbage of [
      '',
      'not a token',
      '!!!',
      b64('null'),
      b64('"k"'),
      b64('{"k":"x"}'), // no version
      b64('{"v":2,"k":"x"}'), // another version
      b64('{"v":1}'), // no key
      b64('{"v":1,"k":'), // truncated
    ]) {
      expect(decodeToken(garbage), garbage).toBeUndefined();
    }
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3, 4, 5].map((n) => ({ id: `r${n}` }));

  it('gives no token when the extra row is absent (last page)', () => {
    expect(toPage(rows.slice(0, 3), 3, (r) => r.id)).toEqual({ items: rows.slice(0, 3) });
    expect(toPage([], 3, (r: { id: string }) => r.id)).toEqual({ items: [] });
  });

  it('drops the extra row and encodes the key of the last row kept', () => {
    const page = toPage(rows.slice(0, 4), 3, (r) => r.id);
    expect(page.items).toEqual(rows.slice(0, 3));
    expect(decodeToken(page.nextToken!)).toBe('r3');
  });
});
