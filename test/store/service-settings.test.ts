// The service-settings repository: one row per customised setting, scoped by account and region.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database.js';
import { Store } from '../../src/store/index.js';
import { ServiceSettingsRepository } from '../../src/store/repositories/service-settings.js';

let db: Db;
let repo: ServiceSettingsRepository;
const row = (value: string, at = 1) => ({
  settingId: '/ssm/x',
  value,
  lastModifiedMs: at,
  lastModifiedUser: 'arn:me',
});

beforeEach(() => {
  db = openDatabase({ dataDir: '', inMemory: true });
  repo = new ServiceSettingsRepository(db);
});
afterEach(() => db.close());

describe('service settings', () => {
  it('returns undefined for a setting nobody changed', () => {
    expect(repo.get('111122223333', 'us-east-1', '/ssm/x')).toBeUndefined();
  });

  it('stores, then overwrites in place', () => {
    repo.put('111122223333', 'us-east-1', row('a', 1));
    repo.put('111122223333', 'us-east-1', row('b', 2));
    expect(repo.get('111122223333', 'us-east-1', '/ssm/x')).toEqual(row('b', 2));
    expect((db.prepare('SELECT COUNT(*) AS n FROM service_settings').get() as { n: number }).n).toBe(1);
  });

  it('keeps accounts and regions apart', () => {
    repo.put('111122223333', 'us-east-1', row('a'));
    expect(repo.get('111122223333', 'eu-west-1', '/ssm/x')).toBeUndefined();
    expect(repo.get('444455556666', 'us-east-1', '/ssm/x')).toBeUndefined();
  });

  it('removes only the given account/region, and removing twice is harmless', () => {
    repo.put('111122223333', 'us-east-1', row('a'));
    repo.put('111122223333', 'eu-west-1', row('b'));
    repo.remove('111122223333', 'us-east-1', '/ssm/x');
    repo.remove('111122223333', 'us-east-1', '/ssm/x');
    expect(repo.get('111122223333', 'us-east-1', '/ssm/x')).toBeUndefined();
    expect(repo.get('111122223333', 'eu-west-1', '/ssm/x')?.value).toBe('b');
  });

  it('reads are cached: a write, a rolled-back write and a store reset are all seen', () => {
    expect(repo.get('111122223333', 'us-east-1', '/ssm/x')).toBeUndefined(); // cached as not customised
    repo.put('111122223333', 'us-east-1', row('a'));
    expect(repo.get('111122223333', 'us-east-1', '/ssm/x')?.value).toBe('a');
    expect(() =>
      db.transaction(() => {
        repo.put('111122223333', 'us-east-1', row('b'));
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(repo.get('111122223333', 'us-east-1', '/ssm/x')?.value).toBe('a');
  });
});

describe('service settings through the store', () => {
  it('a reset drops cached settings with the rows', () => {
    const store = Store.open({ dataDir: '', inMemory: true });
    try {
      store.serviceSettings.put('111122223333', 'us-east-1', row('a'));
      expect(store.serviceSettings.get('111122223333', 'us-east-1', '/ssm/x')?.value).toBe('a');
      store.reset({ account: '111122223333' });
      expect(store.serviceSettings.get('111122223333', 'us-east-1', '/ssm/x')).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
