// One emulator per data dir: the second store on a locked dir fails at once, naming the dir and the holder.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { DataDirInUseError, OWNER_FILE } from '../../src/store/data-dir-lock.js';

let dir: string;
const open: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssm-lock-'));
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});
const openStore = () => {
  const s = Store.open({ dataDir: dir, inMemory: false });
  open.push(s);
  return s;
};

describe('data dir lock', () => {
  it('refuses a second store on the same dir at once, naming the dir and the process holding it', () => {
    const first = openStore();
    first.noteEndpoint('http://127.0.0.1:4583');
    const started = Date.now();
    let err: unknown;
    try {
      openStore();
    } catch (e) {
      err = e;
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err).toBeInstanceOf(DataDirInUseError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^the data dir ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another ssm-emulator \\(pid ${process.pid} on ${hostname()}, started \\S+, listening on http://127\\.0\\.0\\.1:4583\\); stop it, or give this one another --data-dir \\(or --in-memory\\)$`,
      ),
    );
    // The first store is untouched and still writes.
    first.serviceSettings.put('111122223333', 'us-east-1', {
      settingId: '/ssm/x',
      value: 'v',
      lastModifiedMs: 1,
      lastModifiedUser: 'me',
    });
  });

  it('frees the dir on close, and removes the owner file', () => {
    const first = openStore();
    expect(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    first.close();
    expect(existsSync(join(dir, OWNER_FILE))).toBe(false);
    expect(() => openStore()).not.toThrow();
  });

  it('lets an in-memory store be opened any number of times', () => {
    Store.open({ dataDir: dir, inMemory: true }).close();
    Store.open({ dataDir: dir, inMemory: true }).close();
  });
});
