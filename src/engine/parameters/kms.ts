// A local stand-in for KMS: a key registry per account/region (default `alias/aws/ssm`, plus keys
// registered through the control plane) and AES-256-GCM encryption under a master key per data dir.
import { InvalidKeyId } from '../../model/generated/errors.js';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../store/index.js';
import type { KmsKeyRecord } from '../../store/repositories/kms-keys.js';

export const DEFAULT_KEY_ALIAS = 'alias/aws/ssm';
export const MASTER_KEY_FILE = 'parameter-store.key';
// KMS ciphertext blobs start with these bytes, which is why AWS values read `AQICAHi...` (apache/airflow#9751).
const BLOB_HEADER = Buffer.from([0x01, 0x02, 0x02, 0x00, 0x78]);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/;

export interface ResolvedKey {
  keyId: string;
  /** What DescribeParameters and history echo: the KeyId as the caller gave it (UG; tf tests). */
  echo: string;
}

/** Reads the data dir's master key, creating it (mode 0600) on first use; in-memory stores get an ephemeral one. */
export function loadMasterKey(dataDir: string, inMemory: boolean): Buffer {
  if (inMemory) return randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
    throw new Error(
      `${file} is not a 32-byte base64 key; restore it or delete it (SecureStrings then become unreadable)`,
    );
  }
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export class KeyRegistry {
  private readonly dataKeys = new Map<string, Buffer>();

  constructor(
    private readonly store: Store,
    private readonly masterKey: Buffer,
    private readonly nowMs: () => number,
  ) {}

  /** The key id of `alias/aws/ssm` in a partition: stable, derived from account and region. */
  defaultKeyId(account: string, region: string): string {
    const h = createHash('sha256').update(`aws/ssm:${account}:${region}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  ensureDefault(account: string, region: string): KmsKeyRecord {
    const existing = this.store.kmsKeys.byAlias(account, region, DEFAULT_KEY_ALIAS);
    if (existing) return existing;
    const rec = {
      keyId: this.defaultKeyId(account, region),
      alias: DEFAULT_KEY_ALIAS,
      state: 'Enabled',
      createdMs: this.nowMs(),
    };
    this.store.kmsKeys.create(account, region, rec);
    return rec;
  }

  /** Registers a customer key (control plane); returns its record. */
  createKey(account: string, region: string, opts: { alias?: string; keyId?: string }): KmsKeyRecord {
    const alias = opts.alias
      ? opts.alias.startsWith('alias/')
        ? opts.alias
        : `alias/${opts.alias}`
      : undefined;
    const rec = { keyId: opts.keyId ?? randomUUID(), alias, state: 'Enabled', createdMs: this.nowMs() };
    this.store.kmsKeys.create(account, region, rec);
    return this.store.kmsKeys.byId(account, region, rec.keyId) ?? rec;
  }

  scheduleDeletion(account: string, region: string, keyId: string): boolean {
    if (!this.store.kmsKeys.byId(account, region, keyId)) return false;
    this.store.kmsKeys.setState(account, region, keyId, 'PendingDeletion');
    return true;
  }

  listKeys(account: string, region: string): KmsKeyRecord[] {
    this.ensureDefault(account, region);
    return this.store.kmsKeys.list(account, region);
  }

  keyArn(account: string, region: string, keyId: string): string {
    return `arn:aws:kms:${region}:${account}:key/${keyId}`;
  }

  /** Resolves a PutParameter KeyId (id, ARN, alias or alias ARN); InvalidKeyId with KMS's wrapped text when unknown. */
  resolve(account: string, region: string, input: string | undefined): ResolvedKey {
    if (input === undefined || input === DEFAULT_KEY_ALIAS) {
      return { keyId: this.ensureDefault(account, region).keyId, echo: DEFAULT_KEY_ALIAS };
    }
    const key = this.lookup(account, region, input);
    this.assertUsable(account, region, key);
    return { keyId: key.keyId, echo: input };
  }

  private lookup(account: string, region: string, input: string): KmsKeyRecord {
    const arn = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(input);
    const kind = arn ? arn[3] : input.startsWith('alias/') ? 'alias' : 'key';
    const id = arn ? arn[4] : input.startsWith('alias/') ? input.slice('alias/'.length) : input;
    const sameScope = !arn || (arn[1] === region && arn[2] === account);
    if (kind === 'alias') {
      if (sameScope && `alias/${id}` === DEFAULT_KEY_ALIAS) return this.ensureDefault(account, region);
      const found = sameScope ? this.store.kmsKeys.byAlias(account, region, `alias/${id}`) : undefined;
      if (found) return found;
      const aliasArn = arn ? input : `arn:aws:kms:${region}:${account}:alias/${id}`;
      throw new InvalidKeyId(`Alias ${aliasArn} is not found. ${kmsSuffix('NotFoundException')}`);
    }
    if (sameScope && id === this.defaultKeyId(account, region)) return this.ensureDefault(account, region);
    const found = sameScope && UUID_RE.test(id) ? this.store.kmsKeys.byId(account, region, id) : undefined;
    if (found) return found;
    const keyArn = arn ? input : this.keyArn(account, region, id);
    throw new InvalidKeyId(`Key '${keyArn}' does not exist ${kmsSuffix('NotFoundException')}`);
  }

  private assertUsable(account: string, region: string, key: KmsKeyRecord): void {
    if (key.state !== 'Enabled') {
      throw new InvalidKeyId(
        `${this.keyArn(account, region, key.keyId)} is pending deletion. ${kmsSuffix('KMSInvalidStateException')}`,
      );
    }
  }

  /** Encrypts under a key; the result is base64 of a KMS-like ciphertext blob. */
  encrypt(account: string, region: string, keyId: string, plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey(account, region, keyId), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const idBytes = Buffer.from(keyId, 'utf8');
    return Buffer.concat([
      BLOB_HEADER,
      Buffer.from([idBytes.length]),
      idBytes,
      iv,
      cipher.getAuthTag(),
      body,
    ]).toString('base64');
  }

  /** Decrypts a blob made by encrypt; InvalidKeyId when its key is no longer usable. */
  decrypt(account: string, region: string, blob: string, context: string): string {
    const buf = Buffer.from(blob, 'base64');
    let at = BLOB_HEADER.length;
    const idLen = buf[at++];
    const keyId = buf.subarray(at, at + idLen).toString('utf8');
    at += idLen;
    const key = this.store.kmsKeys.byId(account, region, keyId);
    if (key) this.assertUsable(account, region, key);
    const iv = buf.subarray(at, at + 12);
    const tag = buf.subarray(at + 12, at + 28);
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey(account, region, keyId), iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(buf.subarray(at + 28)), decipher.final()]).toString('utf8');
  }

  private dataKey(account: string, region: string, keyId: string): Buffer {
    const id = `${account}:${region}:${keyId}`;
    let k = this.dataKeys.get(id);
    if (!k) {
      k = Buffer.from(
        hkdfSync('sha256', this.masterKey, Buffer.from(id, 'utf8'), 'ssm-emulator parameter', 32),
      );
      this.dataKeys.set(id, k);
    }
    return k;
  }
}

// The SSM front end wraps KMS errors Java-SDK style (binxio/aws-ssm-copy#10, cloudposse/docs#152).
function kmsSuffix(code: string): string {
  return `(Service: AWSKMS; Status Code: 400; Error Code: ${code}; Request ID: ${randomUUID()}; Proxy: null)`;
}
