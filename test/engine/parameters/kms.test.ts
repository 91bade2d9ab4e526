import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/index.js';
import { KeyRegistry, loadMasterKey, MASTER_KEY_FILE } from '../../../src/engine/parameters/kms.js';

const A = '111122223333';
const R = 'us-east-1';

function registry() {
  const store = Store.open({ dataDir: '', inMemory: true });
  return new KeyRegistry(store, loadMasterKey('', true), () => 0);
}

describe('KeyRegistry', () => {
  it('round-trips through a KMS-like blob', () => {
    const k = registry();
    const key = k.resolve(A, R, undefined);
    expect(key.echo).toBe('alias/aws/ssm');
    const blob = k.encrypt(A, R, key.keyId, 'hunter2', 'ctx');
    expect(blob.startsWith('AQICAHg')).toBe(true);
    expect(blob).not.toContain('hunter2');
    expect(k.decrypt(A, R, blob, 'ctx')).toBe('hunter2');
    expect(() => k.decrypt(A, R, blob, 'other-context')).toThrow();
  });

  it('knows custom keys by id, ARN, alias and alias ARN, and refuses unknown ones with KMS text', () => {
    const k = registry();
    const rec = k.createKey(A, R, { alias: 'team' });
    for (const id of [
      rec.keyId,
      `arn:aws:kms:${R}:${A}:key/${rec.keyId}`,
      'alias/team',
      `arn:aws:kms:${R}:${A}:alias/team`,
    ]) {
      expect(k.resolve(A, R, id)).toEqual({ keyId: rec.keyId, echo: id });
    }
    expect(() => k.resolve(A, R, 'alias/nope')).toThrow(
      new RegExp(
        `^Alias arn:aws:kms:${R}:${A}:alias/nope is not found\\. \\(Service: AWSKMS; Status Code: 400; Error Code: NotFoundException`,
      ),
    );
    expect(() => k.resolve(A, R, '0f9b0000-0000-4000-a000-000000000000')).toThrow(
      /^Key 'arn:aws:kms:.*' does not exist \(Service: AWSKMS/,
    );
    k.scheduleDeletion(A, R, rec.keyId);
    expect(() => k.resolve(A, R, 'alias/team')).toThrow(
      /is pending deletion\. \(Service: AWSKMS.*KMSInvalidStateException/,
    );
  });

  it('keeps one master key file per data dir, readable only by its owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-kms-'));
    const first = loadMasterKey(dir, false);
    expect(loadMasterKey(dir, false).equals(first)).toBe(true);
    expect(statSync(join(dir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, MASTER_KEY_FILE), 'utf8').trim()).toBe(first.toString('base64'));
  });
});
