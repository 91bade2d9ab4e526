// Opens the embedded SQLite store (WAL), runs numbered migrations, and scopes resets by account/region.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations/index.js';
import { lockDataDir } from './data-dir-lock.js';

export type Db = BetterSqlite3.Database;

export interface StoreLocation {
  /** Folder of the data files; ignored when inMemory. */
  dataDir: string;
  inMemory: boolean;
}

export function openDatabase(location: StoreLocation): Db {
  let db: Db;
  if (location.inMemory) db = new BetterSqlite3(':memory:');
  else {
    mkdirSync(location.dataDir, { recursive: true });
    // No busy wait: the only other connection there can be is another emulator's, and then start-up stops at once.
    db = new BetterSqlite3(join(location.dataDir, 'ssm.db'), { timeout: 0 });
    lockDataDir(db, location.dataDir); // exclusive locking mode, then WAL
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.up);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

/** Tables whose rows belong to one (account, region): every table with both columns. */
export function scopedTables(db: Db): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return tables
    .map((t) => t.name)
    .filter((name) => {
      const cols = (db.prepare(`PRAGMA table_info(${JSON.stringify(name)})`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      return cols.includes('account_id') && cols.includes('region');
    });
}

/** Deletes every account's state, or one account/region's. */
export function resetState(db: Db, scope?: { account?: string; region?: string }): void {
  const tables = scopedTables(db);
  db.transaction(() => {
    for (const t of tables) {
      const where: string[] = [];
      const args: string[] = [];
      if (scope?.account) {
        where.push('account_id = ?');
        args.push(scope.account);
      }
      if (scope?.region) {
        where.push('region = ?');
        args.push(scope.region);
      }
      db.prepare(
        `DELETE FROM ${JSON.stringify(t)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
      ).run(...args);
    }
  })();
}
