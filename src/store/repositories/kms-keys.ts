// The local KMS key registry Parameter Store encrypts with: key ids, optional aliases, and their state.
import type { Db } from '../database.js';

export interface KmsKeyRecord {
  keyId: string;
  alias?: string;
  /** Enabled | PendingDeletion */
  state: string;
  createdMs: number;
}

interface Row {
  key_id: string;
  alias: string | null;
  state: string;
  created_ms: number;
}

const toRecord = (r: Row): KmsKeyRecord => ({
  keyId: r.key_id,
  alias: r.alias ?? undefined,
  state: r.state,
  createdMs: r.created_ms,
});

export class KmsKeysRepository {
  private readonly byIdStmt;
  private readonly byAliasStmt;
  private readonly insertStmt;
  private readonly stateStmt;
  private readonly listStmt;

  constructor(db: Db) {
    this.byIdStmt = db.prepare<[string, string, string], Row>(
      'SELECT * FROM kms_keys WHERE account_id = ? AND region = ? AND key_id = ?',
    );
    this.byAliasStmt = db.prepare<[string, string, string], Row>(
      'SELECT * FROM kms_keys WHERE account_id = ? AND region = ? AND alias = ?',
    );
    this.insertStmt = db.prepare(
      'INSERT OR IGNORE INTO kms_keys (account_id, region, key_id, alias, state, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.stateStmt = db.prepare(
      'UPDATE kms_keys SET state = ? WHERE account_id = ? AND region = ? AND key_id = ?',
    );
    this.listStmt = db.prepare<[string, string], Row>(
      'SELECT * FROM kms_keys WHERE account_id = ? AND region = ? ORDER BY created_ms, key_id',
    );
  }

  byId(account: string, region: string, keyId: string): KmsKeyRecord | undefined {
    const r = this.byIdStmt.get(account, region, keyId);
    return r ? toRecord(r) : undefined;
  }

  byAlias(account: string, region: string, alias: string): KmsKeyRecord | undefined {
    const r = this.byAliasStmt.get(account, region, alias);
    return r ? toRecord(r) : undefined;
  }

  create(account: string, region: string, k: KmsKeyRecord): void {
    this.insertStmt.run(account, region, k.keyId, k.alias ?? null, k.state, k.createdMs);
  }

  setState(account: string, region: string, keyId: string, state: string): void {
    this.stateStmt.run(state, account, region, keyId);
  }

  list(account: string, region: string): KmsKeyRecord[] {
    return this.listStmt.all(account, region).map(toRecord);
  }
}
