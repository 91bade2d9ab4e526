// The documents repository pages 5,000 documents by keyset: every page is an index seek past the cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/index.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
let store: Store;

beforeAll(() => {
  store = Store.open({ dataDir: '', inMemory: true });
  const repo = store.documents;
  store.transaction(() => {
    for (let i = 0; i < 5000; i++) {
      const name = `doc-${String(i).padStart(5, '0')}`;
      repo.insertHead(ACCOUNT, REGION, {
        name,
        documentType: i % 2 ? 'Automation' : 'Command',
        createdMs: i,
        latestVersion: 1,
        defaultVersion: 1,
        nextVersion: 2,
      });
      repo.versions.insert(ACCOUNT, REGION, {
        name,
        version: 1,
        content: '{}',
        format: 'JSON',
        sha256: String(i),
        parameters: [],
        platformTypes: i % 3 ? ['Linux'] : ['Windows'],
        status: 'Active',
        createdMs: i,
      });
    }
  });
});
afterAll(() => store.close());

describe('DocumentsRepository.listOwn', () => {
  it('walks 5,000 documents in 100 pages of 50 with no repeat or gap', () => {
    const seen: string[] = [];
    let after: { name: string; owner: string } | undefined;
    for (;;) {
      const rows = store.documents.listOwn(ACCOUNT, REGION, after, 50, {});
      seen.push(...rows.map((r) => r.head.name));
      if (rows.length < 50) break;
      after = { name: rows[rows.length - 1].head.name, owner: ACCOUNT };
    }
    expect(seen).toHaveLength(5000);
    expect(new Set(seen).size).toBe(5000);
    expect(seen[4999]).toBe('doc-04999');
  });

  it('includes the cursor name when the cursor came from an owner that sorts first', () => {
    const rows = store.documents.listOwn(
      ACCOUNT,
      REGION,
      { name: 'doc-00010', owner: '000000000000' },
      2,
      {},
    );
    expect(rows.map((r) => r.head.name)).toEqual(['doc-00010', 'doc-00011']);
    const next = store.documents.listOwn(ACCOUNT, REGION, { name: 'doc-00010', owner: ACCOUNT }, 1, {});
    expect(next.map((r) => r.head.name)).toEqual(['doc-00011']);
  });

  it('filters type and platform on the rows the seek reaches', () => {
    const rows = store.documents.listOwn(ACCOUNT, REGION, undefined, 3, {
      types: ['Automation'],
      platforms: ['Windows'],
    });
    expect(rows.map((r) => r.head.name)).toEqual(['doc-00003', 'doc-00009', 'doc-00015']);
  });
});
