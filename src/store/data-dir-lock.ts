// One emulator per data dir: the database is opened in SQLite's exclusive locking mode, so the OS lock on
// ssm.db is the lock (released however the process ends, kill -9 included); a small owner file only names the
// holder in the message the second emulator prints.
import { hostname } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export const OWNER_FILE = 'emulator.lock.json';

export interface DataDirOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  endpoint?: string;
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, owner: DataDirOwner | undefined) {
    const who = owner
      ? `another ssm-emulator (pid ${owner.pid} on ${owner.hostname}, started ${owner.startedAt}${owner.endpoint ? `, listening on ${owner.endpoint}` : ''})`
      : 'another process';
    super(
      `the data dir ${dataDir} is in use by ${who}; stop it, or give this one another --data-dir (or --in-memory)`,
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * Takes the data dir's lock on a freshly opened database: exclusive locking mode before WAL (so WAL keeps no
 * shared memory and no other connection can read or write), then an exclusive transaction that holds it.
 * Throws DataDirInUseError at once when another process has it.
 */
export function lockDataDir(db: BetterSqlite3.Database, dataDir: string): void {
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    db.close();
    throw new DataDirInUseError(dataDir, readOwner(dataDir));
  }
  writeOwner(dataDir, { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() });
}

export function writeOwner(dataDir: string, owner: DataDirOwner): void {
  writeFileSync(join(dataDir, OWNER_FILE), JSON.stringify(owner) + '\n');
}

export function readOwner(dataDir: string): DataDirOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as DataDirOwner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** On a clean stop; after a crash the file stays, harmlessly: the lock itself went with the process. */
export function removeOwner(dataDir: string): void {
  rmSync(join(dataDir, OWNER_FILE), { force: true });
}
