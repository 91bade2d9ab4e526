// The SQLite store: migrations once, WAL on disk, resets scoped by account and region.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, resetState, scopedTables, type Db } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { ServiceSettingsRepository } from '../../src/store/repositories/service-settings.js';
import { Store } from '../../src/store/index.js';

let dir: string;
const open: Db[] = [];
const openIn = (dataDir: string, inMemory = false) => {
  const db = openDatabase({ dataDir, inMemory });
  open.push(db);
  return db;
};
const migrationsOf = (db: Db) =>
  db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    applied_at: string;
  }[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssm-emulator-store-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('numbers migrations uniquely and in ascending order', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('applies every migration to a new database, once', () => {
    const db = openIn(join(dir, 'data'));
    expect(migrationsOf(db).map((m) => [m.version, m.name])).toEqual(
      MIGRATIONS.map((m) => [m.version, m.name]),
    );
    expect(readdirSync(join(dir, 'data'))).toContain('ssm.db');
  });

  it('does not re-apply them when a file-backed database is reopened, and keeps the data', () => {
    const first = openIn(dir);
    const before = migrationsOf(first);
    new ServiceSettingsRepository(first).put('111122223333', 'us-east-1', {
      settingId: '/ssm/x',
      value: 'v',
      lastModifiedMs: 1,
      lastModifiedUser: 'me',
    });
    first.close();
    const again = openIn(dir);
    expect(migrationsOf(again)).toEqual(before);
    expect(new ServiceSettingsRepository(again).get('111122223333', 'us-east-1', '/ssm/x')?.value).toBe('v');
  });

  it('creates the data folder when it does not exist', () => {
    openIn(join(dir, 'a', 'b', 'c'));
    expect(readdirSync(join(dir, 'a', 'b', 'c'))).toContain('ssm.db');
  });
});

describe('journal', () => {
  it('uses WAL on a file database', () => {
    expect(openIn(dir).pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('keeps an in-memory database off the disk', () => {
    const db = openIn(join(dir, 'never'), true);
    expect(db.memory).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('folds the WAL back into ssm.db when the store closes', () => {
    const store = Store.open({ dataDir: dir, inMemory: false });
    store.serviceSettings.put('111122223333', 'us-east-1', {
      settingId: '/ssm/x',
      value: 'v',
      lastModifiedMs: 1,
      lastModifiedUser: 'me',
    });
    store.close();
    store.close(); // a second close is harmless
    expect(readdirSync(dir).filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
  });
});

describe('reset', () => {
  const ACCOUNTS = ['111122223333', '444455556666'];
  const REGIONS = ['us-east-1', 'eu-west-1'];
  let db: Db;
  let repo: ServiceSettingsRepository;
  const present = () =>
    ACCOUNTS.flatMap((a) => REGIONS.filter((r) => repo.get(a, r, '/ssm/x')).map((r) => `${a}/${r}`));

  beforeEach(() => {
    db = openIn(dir, true);
    repo = new ServiceSettingsRepository(db);
    for (const a of ACCOUNTS)
      for (const r of REGIONS)
        repo.put(a, r, { settingId: '/ssm/x', value: 'v', lastModifiedMs: 1, lastModifiedUser: 'me' });
  });

  it('finds the tables that carry account_id and region, and not the migrations table', () => {
    const tables = scopedTables(db);
    expect(tables).toContain('service_settings');
    expect(tables).not.toContain('schema_migrations');
  });

  it('deletes one account in every region', () => {
    resetState(db, { account: '111122223333' });
    expect(present()).toEqual(['444455556666/us-east-1', '444455556666/eu-west-1']);
  });

  it('deletes one region of every account', () => {
    resetState(db, { region: 'eu-west-1' });
    expect(present()).toEqual(['111122223333/us-east-1', '444455556666/us-east-1']);
  });

  it('deletes one account in one region', () => {
    resetState(db, { account: '444455556666', region: 'us-east-1' });
    expect(present()).toEqual(['111122223333/us-east-1', '111122223333/eu-west-1', '444455556666/eu-west-1']);
  });

  it('deletes everything without a scope, and keeps the schema', () => {
    resetState(db);
    expect(present()).toEqual([]);
    expect(migrationsOf(db)).toHaveLength(MIGRATIONS.length);
    repo.put('111122223333', 'us-east-1', {
      settingId: '/ssm/x',
      value: 'again',
      lastModifiedMs: 2,
      lastModifiedUser: 'me',
    });
    expect(repo.get('111122223333', 'us-east-1', '/ssm/x')?.value).toBe('again');
  });
});

describe('transactions', () => {
  it('rolls back every write of a transaction that throws', () => {
    const store = Store.open({ dataDir: dir, inMemory: true });
    try {
      expect(() =>
        store.transaction(() => {
          store.serviceSettings.put('111122223333', 'us-east-1', {
            settingId: '/ssm/x',
            value: 'v',
            lastModifiedMs: 1,
            lastModifiedUser: 'me',
          });
          throw new Error('half way');
        }),
      ).toThrow('half way');
      expect(store.serviceSettings.get('111122223333', 'us-east-1', '/ssm/x')).toBeUndefined();
      expect(store.transaction(() => 42)).toBe(42);
    } finally {
      store.close();
    }
  });
});
