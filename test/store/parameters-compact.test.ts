// Migration 010: a data dir written when parameter_versions also held every current version opens
// and reads the same, and parameter_versions keeps only superseded versions from then on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import {
  COLS,
  parameterRowValues,
  ParametersRepository,
  type ParameterRecord,
} from '../../src/store/repositories/parameters.js';

const A = '111122223333';
const B = '444455556666';
const R = 'us-east-1';
const COMPACT = 10;

let dir: string;
const open: Db[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssm-emulator-compact-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const record = (key: string, version: number, over: Partial<ParameterRecord> = {}): ParameterRecord => ({
  key,
  name: key,
  type: 'String',
  value: `${key}=${version}`,
  version,
  tier: 'Standard',
  dataType: 'text',
  lastModifiedMs: 1_700_000_000_000 + version,
  lastModifiedUser: `arn:aws:iam::${A}:root`,
  ...over,
});

/**
 * A data dir as the code before migration 010 left it: every version, the current one too, in
 * parameter_versions, and 010 not applied (010 changes rows only, so the schema is the same).
 */
function writeOldDataDir(): void {
  const db = openDatabase({ dataDir: dir, inMemory: false });
  db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(COMPACT);
  const current = db.prepare(
    `INSERT INTO parameters (account_id, region, parent, ${COLS}) VALUES (?, ?, ?, ${'?, '.repeat(12)}?)`,
  );
  const version = db.prepare(
    `INSERT INTO parameter_versions (account_id, region, ${COLS}) VALUES (?, ?, ${'?, '.repeat(12)}?)`,
  );
  const label = db.prepare('INSERT INTO parameter_labels VALUES (?, ?, ?, ?, ?, ?)');
  const put = (account: string, versions: ParameterRecord[]) => {
    for (const v of versions) version.run(account, R, ...parameterRowValues(v));
    const last = versions[versions.length - 1];
    current.run(account, R, last.key.slice(0, last.key.lastIndexOf('/')), ...parameterRowValues(last));
  };
  put(
    A,
    [1, 2, 3].map((v) => record('/app/a', v, { description: `d${v}` })),
  );
  put(A, [record('/plain', 1, { name: 'plain', tier: 'Advanced' })]);
  put(
    B,
    [1, 2].map((v) => record('/app/a', v, { value: `other-${v}` })),
  );
  label.run(A, R, '/app/a', 'prod', 3, 10);
  label.run(A, R, '/app/a', 'old', 1, 11);
  db.close();
}

/** Every read of the repository that touches versions, for the parameters written above. */
function reads(repo: ParametersRepository) {
  return {
    current: [repo.get(A, R, '/app/a'), repo.get(A, R, '/plain'), repo.get(B, R, '/app/a')],
    versions: [1, 2, 3, 4].map((v) => repo.getVersion(A, R, '/app/a', v)),
    plainVersion: repo.getVersion(A, R, '/plain', 1),
    labelled: [repo.getByLabel(A, R, '/app/a', 'prod'), repo.getByLabel(A, R, '/app/a', 'old')],
    history: repo.history(A, R, '/app/a', 0, 50),
    historyPage: repo.history(A, R, '/app/a', 1, 1),
    otherHistory: repo.history(B, R, '/app/a', 0, 50),
    range: [
      repo.versionRange(A, R, '/app/a'),
      repo.versionRange(A, R, '/plain'),
      repo.versionRange(A, R, '/x'),
    ],
  };
}

describe('migration 010 (parameters-compact)', () => {
  it('opens an old data dir, reads the same as before, and drops the duplicated current versions', () => {
    writeOldDataDir();
    const db = openDatabase({ dataDir: dir, inMemory: false });
    open.push(db);
    expect(db.prepare('SELECT name FROM schema_migrations WHERE version = ?').get(COMPACT)).toEqual({
      name: MIGRATIONS.find((m) => m.version === COMPACT)!.name,
    });
    const rows = db
      .prepare('SELECT account_id, key, version FROM parameter_versions ORDER BY account_id, key, version')
      .all();
    expect(rows).toEqual([
      { account_id: A, key: '/app/a', version: 1 },
      { account_id: A, key: '/app/a', version: 2 },
      { account_id: B, key: '/app/a', version: 1 },
    ]);

    const r = reads(new ParametersRepository(db));
    const a = (v: number) => record('/app/a', v, { description: `d${v}` });
    expect(r.current).toEqual([
      a(3),
      record('/plain', 1, { name: 'plain', tier: 'Advanced' }),
      expect.anything(),
    ]);
    expect(r.versions).toEqual([a(1), a(2), a(3), undefined]);
    expect(r.plainVersion).toEqual(record('/plain', 1, { name: 'plain', tier: 'Advanced' }));
    expect(r.labelled).toEqual([a(3), a(1)]);
    expect(r.history).toEqual([
      { ...a(1), labels: ['old'] },
      { ...a(2), labels: [] },
      { ...a(3), labels: ['prod'] },
    ]);
    expect(r.historyPage).toEqual([{ ...a(2), labels: [] }]);
    expect(r.otherHistory.map((h) => h.value)).toEqual(['other-1', 'other-2']);
    expect(r.range).toEqual([
      { oldest: 1, count: 3 },
      { oldest: 1, count: 1 },
      { oldest: 0, count: 0 },
    ]);
  });

  it('keeps working after the migration: a new version moves the current one to history', () => {
    writeOldDataDir();
    const db = openDatabase({ dataDir: dir, inMemory: false });
    open.push(db);
    const repo = new ParametersRepository(db);
    const before = repo.get(A, R, '/app/a')!;
    db.transaction(() => repo.putVersion(A, R, record('/app/a', 4), before.tier))();
    expect(repo.getVersion(A, R, '/app/a', 3)).toEqual(before);
    expect(repo.history(A, R, '/app/a', 0, 50).map((h) => [h.version, h.labels])).toEqual([
      [1, ['old']],
      [2, []],
      [3, ['prod']],
      [4, []],
    ]);
    expect(repo.versionRange(A, R, '/app/a')).toEqual({ oldest: 1, count: 4 });
    repo.dropVersion(A, R, '/app/a', 1);
    expect(repo.versionRange(A, R, '/app/a')).toEqual({ oldest: 2, count: 3 });
    expect(repo.delete(A, R, '/app/a')).toBe(true);
    expect(repo.history(A, R, '/app/a', 0, 50)).toEqual([]);
    expect(repo.getVersion(A, R, '/app/a', 4)).toBeUndefined();
  });

  it('stores a new parameter once: no history row until it is overwritten', () => {
    const db = openDatabase({ dataDir: dir, inMemory: true });
    open.push(db);
    const repo = new ParametersRepository(db);
    db.transaction(() => repo.putVersion(A, R, record('/n', 1), undefined))();
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM parameter_versions').get() as { n: number }).n;
    expect(count()).toBe(0);
    expect(repo.history(A, R, '/n', 0, 50)).toEqual([{ ...record('/n', 1), labels: [] }]);
    db.transaction(() => repo.putVersion(A, R, record('/n', 2), 'Standard'))();
    expect(count()).toBe(1);
    expect(repo.getVersion(A, R, '/n', 1)).toEqual(record('/n', 1));
    expect(repo.get(A, R, '/n')).toEqual(record('/n', 2));
  });
});
