// Customised service settings per account/region; an absent row means the setting has its default.
import type { Db } from '../database.js';

export interface ServiceSettingRow {
  settingId: string;
  value: string;
  lastModifiedMs: number;
  lastModifiedUser: string;
}

interface Row {
  setting_id: string;
  value: string;
  last_modified_ms: number;
  last_modified_user: string;
}

const toSetting = (r: Row): ServiceSettingRow => ({
  settingId: r.setting_id,
  value: r.value,
  lastModifiedMs: r.last_modified_ms,
  lastModifiedUser: r.last_modified_user,
});

/** Keys cached before the cache starts over (one per account, region and setting asked for). */
const MAX_CACHED = 10_000;

export class ServiceSettingsRepository {
  // Read on hot paths (GetServiceSetting, every PutParameter's default tier) and rarely written: a
  // read from SQLite costs ~5 us inside a busy server, a Map lookup well under one. null: not customised.
  private readonly cache = new Map<string, Readonly<ServiceSettingRow> | null>();
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string, string, string], Row>(
      'SELECT * FROM service_settings WHERE account_id = ? AND region = ? AND setting_id = ?',
    );
    this.upsertStmt = db.prepare(
      `INSERT INTO service_settings (account_id, region, setting_id, value, last_modified_ms, last_modified_user)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, setting_id) DO UPDATE SET
         value = excluded.value, last_modified_ms = excluded.last_modified_ms, last_modified_user = excluded.last_modified_user`,
    );
    this.deleteStmt = db.prepare(
      'DELETE FROM service_settings WHERE account_id = ? AND region = ? AND setting_id = ?',
    );
  }

  get(account: string, region: string, settingId: string): ServiceSettingRow | undefined {
    const key = cacheKey(account, region, settingId);
    let s = this.cache.get(key);
    if (s === undefined) {
      const r = this.getStmt.get(account, region, settingId);
      s = r ? Object.freeze(toSetting(r)) : null;
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(key, s);
    }
    return s ?? undefined;
  }

  put(account: string, region: string, s: ServiceSettingRow): void {
    // Dropped, not replaced: a transaction that rolls the write back leaves the next read to the table.
    this.cache.delete(cacheKey(account, region, s.settingId));
    this.upsertStmt.run(account, region, s.settingId, s.value, s.lastModifiedMs, s.lastModifiedUser);
  }

  remove(account: string, region: string, settingId: string): void {
    this.cache.delete(cacheKey(account, region, settingId));
    this.deleteStmt.run(account, region, settingId);
  }

  /** The store was reset around this repository (POST /_emulator/reset). */
  clearCache(): void {
    this.cache.clear();
  }
}

const cacheKey = (account: string, region: string, settingId: string) =>
  `${account}\n${region}\n${settingId}`;
