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

export class ServiceSettingsRepository {
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
    const r = this.getStmt.get(account, region, settingId);
    return r ? toSetting(r) : undefined;
  }

  put(account: string, region: string, s: ServiceSettingRow): void {
    this.upsertStmt.run(account, region, s.settingId, s.value, s.lastModifiedMs, s.lastModifiedUser);
  }

  remove(account: string, region: string, settingId: string): void {
    this.deleteStmt.run(account, region, settingId);
  }
}
