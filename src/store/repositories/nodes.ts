// Managed nodes, their shared profiles, their tags, and hybrid activations (one aggregate: the fleet).
import type { Db } from '../database.js';
import type BetterSqlite3 from 'better-sqlite3';
import { decodeToken, toPage, type Page } from '../pagination.js';

export interface StoredNode {
  account: string;
  region: string;
  instanceId: string;
  resourceType: 'EC2Instance' | 'ManagedInstance';
  name?: string;
  computerName: string;
  ipAddress: string;
  platformType: string;
  platformName: string;
  platformVersion: string;
  agentVersion: string;
  iamRole?: string;
  activationId?: string;
  registrationMs: number;
  source: string;
  /** 'virtual' runs in this process; 'standalone' is an `ssm-emulator agent` process over the websocket. */
  agentKind: 'virtual' | 'standalone';
  /** The agent is up and connected: it pings on its own, so the node is Online whatever the clock says. */
  agentConnected: boolean;
  /** The last heartbeat (or the moment the agent went away). */
  lastPingMs: number;
  profileId: string;
  faults: Record<string, unknown>;
}

export interface StoredActivation {
  account: string;
  region: string;
  activationId: string;
  activationCode: string;
  description?: string;
  defaultInstanceName?: string;
  iamRole: string;
  registrationLimit: number;
  registrationsCount: number;
  expirationMs: number;
  createdMs: number;
  tags: { Key: string; Value: string }[];
}

/** Columns a node query may test (handlers map API filter keys onto them). */
export type NodeColumn =
  | 'instance_id'
  | 'resource_type'
  | 'computer_name'
  | 'ip_address'
  | 'platform_type'
  | 'platform_name'
  | 'platform_version'
  | 'agent_version'
  | 'activation_id'
  | 'iam_role'
  | 'name'
  | 'agent_kind';

export type NodeCondition =
  | { column: NodeColumn; op: 'in' | 'notIn' | 'beginWith' | 'notBeginWith'; values: string[] }
  | { column: 'ping'; op: 'in' | 'notIn'; values: string[] }
  /** Nodes with any of these tag keys (and, when values are given, one of these values). */
  | { tagKeys: string[]; values?: string[] };

export interface NodeQuery {
  conditions: NodeCondition[];
  /** Now on the emulator clock and how long a silent agent stays Online (ping status is computed, not stored). */
  nowMs: number;
  lostAfterMs: number;
}

interface NodeRow {
  account_id: string;
  region: string;
  instance_id: string;
  resource_type: 'EC2Instance' | 'ManagedInstance';
  name: string | null;
  computer_name: string;
  ip_address: string;
  platform_type: string;
  platform_name: string;
  platform_version: string;
  agent_version: string;
  iam_role: string | null;
  activation_id: string | null;
  registration_ms: number;
  source: string;
  agent_kind: 'virtual' | 'standalone';
  agent_connected: number;
  last_ping_ms: number;
  profile_id: string;
  faults_json: string;
}

interface ActivationRow {
  account_id: string;
  region: string;
  activation_id: string;
  activation_code: string;
  description: string | null;
  default_instance_name: string | null;
  iam_role: string;
  registration_limit: number;
  registrations_count: number;
  expiration_ms: number;
  created_ms: number;
  tags_json: string;
}

const toNode = (r: NodeRow): StoredNode => ({
  account: r.account_id,
  region: r.region,
  instanceId: r.instance_id,
  resourceType: r.resource_type,
  name: r.name ?? undefined,
  computerName: r.computer_name,
  ipAddress: r.ip_address,
  platformType: r.platform_type,
  platformName: r.platform_name,
  platformVersion: r.platform_version,
  agentVersion: r.agent_version,
  iamRole: r.iam_role ?? undefined,
  activationId: r.activation_id ?? undefined,
  registrationMs: r.registration_ms,
  source: r.source,
  agentKind: r.agent_kind,
  agentConnected: r.agent_connected === 1,
  lastPingMs: r.last_ping_ms,
  profileId: r.profile_id,
  faults: JSON.parse(r.faults_json) as Record<string, unknown>,
});

const toActivation = (r: ActivationRow): StoredActivation => ({
  account: r.account_id,
  region: r.region,
  activationId: r.activation_id,
  activationCode: r.activation_code,
  description: r.description ?? undefined,
  defaultInstanceName: r.default_instance_name ?? undefined,
  iamRole: r.iam_role,
  registrationLimit: r.registration_limit,
  registrationsCount: r.registrations_count,
  expirationMs: r.expiration_ms,
  createdMs: r.created_ms,
  tags: JSON.parse(r.tags_json) as StoredActivation['tags'],
});

const NODE_COLUMNS = new Set<string>([
  'instance_id',
  'resource_type',
  'computer_name',
  'ip_address',
  'platform_type',
  'platform_name',
  'platform_version',
  'agent_version',
  'activation_id',
  'iam_role',
  'name',
  'agent_kind',
]);

export class NodesRepository {
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly deleteTagsStmt;
  private readonly tagsStmt;
  private readonly putTagStmt;
  private readonly removeTagStmt;
  private readonly profileStmt;
  private readonly putProfileStmt;
  private readonly pingStmt;
  private readonly connectedStmt;
  private readonly updateStmt;
  private readonly countByActivationStmt;
  private readonly activationStmt;
  private readonly activationByIdStmt;
  private readonly putActivationStmt;
  private readonly deleteActivationStmt;
  private readonly countRegistrationStmt;
  private readonly deleteSourceStmt;
  /** Dynamic filter SQL, prepared once per distinct shape. */
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[string, string, string], NodeRow>(
      'SELECT * FROM nodes WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.upsertStmt = db.prepare(
      `INSERT INTO nodes (account_id, region, instance_id, resource_type, name, computer_name, ip_address,
         platform_type, platform_name, platform_version, agent_version, iam_role, activation_id, registration_ms,
         source, agent_kind, agent_connected, last_ping_ms, profile_id, faults_json)
       VALUES (@account_id, @region, @instance_id, @resource_type, @name, @computer_name, @ip_address,
         @platform_type, @platform_name, @platform_version, @agent_version, @iam_role, @activation_id, @registration_ms,
         @source, @agent_kind, @agent_connected, @last_ping_ms, @profile_id, @faults_json)
       ON CONFLICT (account_id, region, instance_id) DO UPDATE SET
         resource_type = excluded.resource_type, name = excluded.name, computer_name = excluded.computer_name,
         ip_address = excluded.ip_address, platform_type = excluded.platform_type, platform_name = excluded.platform_name,
         platform_version = excluded.platform_version, agent_version = excluded.agent_version, iam_role = excluded.iam_role,
         activation_id = excluded.activation_id, source = excluded.source, agent_kind = excluded.agent_kind,
         agent_connected = excluded.agent_connected, profile_id = excluded.profile_id, faults_json = excluded.faults_json`,
    );
    this.updateStmt = db.prepare(
      `UPDATE nodes SET name = @name, computer_name = @computer_name, ip_address = @ip_address,
         platform_type = @platform_type, platform_name = @platform_name, platform_version = @platform_version,
         agent_version = @agent_version, iam_role = @iam_role, agent_connected = @agent_connected,
         last_ping_ms = @last_ping_ms, faults_json = @faults_json
       WHERE account_id = @account_id AND region = @region AND instance_id = @instance_id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM nodes WHERE account_id = ? AND region = ? AND instance_id = ?');
    this.deleteTagsStmt = db.prepare(
      'DELETE FROM node_tags WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.tagsStmt = db.prepare<[string, string, string], { tag_key: string; tag_value: string }>(
      'SELECT tag_key, tag_value FROM node_tags WHERE account_id = ? AND region = ? AND instance_id = ? ORDER BY tag_key',
    );
    this.putTagStmt = db.prepare(
      `INSERT INTO node_tags (account_id, region, instance_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, instance_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
    );
    this.removeTagStmt = db.prepare(
      'DELETE FROM node_tags WHERE account_id = ? AND region = ? AND instance_id = ? AND tag_key = ?',
    );
    this.profileStmt = db.prepare<[string, string, string], { profile_json: string }>(
      'SELECT profile_json FROM node_profiles WHERE account_id = ? AND region = ? AND profile_id = ?',
    );
    this.putProfileStmt = db.prepare(
      `INSERT INTO node_profiles (account_id, region, profile_id, profile_json) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, region, profile_id) DO UPDATE SET profile_json = excluded.profile_json`,
    );
    this.pingStmt = db.prepare(
      'UPDATE nodes SET last_ping_ms = ? WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.connectedStmt = db.prepare(
      'UPDATE nodes SET agent_connected = ?, last_ping_ms = ? WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.countByActivationStmt = db.prepare<[string, string, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM nodes WHERE account_id = ? AND region = ? AND activation_id = ?',
    );
    this.activationStmt = db.prepare<[string, string, string], ActivationRow>(
      'SELECT * FROM activations WHERE account_id = ? AND region = ? AND activation_id = ?',
    );
    this.activationByIdStmt = db.prepare<[string, string], ActivationRow>(
      'SELECT * FROM activations WHERE region = ? AND activation_id = ?',
    );
    this.putActivationStmt = db.prepare(
      `INSERT INTO activations (account_id, region, activation_id, activation_code, description, default_instance_name,
         iam_role, registration_limit, registrations_count, expiration_ms, created_ms, tags_json)
       VALUES (@account_id, @region, @activation_id, @activation_code, @description, @default_instance_name,
         @iam_role, @registration_limit, @registrations_count, @expiration_ms, @created_ms, @tags_json)`,
    );
    this.deleteActivationStmt = db.prepare(
      'DELETE FROM activations WHERE account_id = ? AND region = ? AND activation_id = ?',
    );
    this.countRegistrationStmt = db.prepare(
      'UPDATE activations SET registrations_count = registrations_count + 1 WHERE account_id = ? AND region = ? AND activation_id = ?',
    );
    this.deleteSourceStmt = db.prepare(
      `DELETE FROM node_tags WHERE account_id = ? AND region = ? AND instance_id IN
         (SELECT instance_id FROM nodes WHERE account_id = ? AND region = ? AND source = ?)`,
    );
  }

  get(account: string, region: string, instanceId: string): StoredNode | undefined {
    const r = this.getStmt.get(account, region, instanceId);
    return r ? toNode(r) : undefined;
  }

  /** Creates or refreshes a node (registration date and last ping of an existing node are kept). */
  upsert(n: StoredNode): void {
    this.upsertStmt.run(nodeParams(n));
  }

  update(n: StoredNode): void {
    this.updateStmt.run(nodeParams(n));
  }

  remove(account: string, region: string, instanceId: string): void {
    this.deleteTagsStmt.run(account, region, instanceId);
    this.deleteStmt.run(account, region, instanceId);
  }

  /** Start-up only, every account: forgets the nodes a previous start loaded from a fleet file or the demo. */
  removeStartingNodes(): void {
    this.db
      .prepare(
        `DELETE FROM node_tags WHERE EXISTS (SELECT 1 FROM nodes n WHERE n.account_id = node_tags.account_id
           AND n.region = node_tags.region AND n.instance_id = node_tags.instance_id AND n.source IN ('fleet', 'demo'))`,
      )
      .run();
    this.db.prepare("DELETE FROM nodes WHERE source IN ('fleet', 'demo')").run();
  }

  /** Drops the tags of every node that came from one source (before a fleet is loaded again). */
  clearSourceTags(account: string, region: string, source: string): void {
    this.deleteSourceStmt.run(account, region, account, region, source);
  }

  tags(account: string, region: string, instanceId: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of this.tagsStmt.all(account, region, instanceId)) out[t.tag_key] = t.tag_value;
    return out;
  }

  putTags(account: string, region: string, instanceId: string, tags: Record<string, string>): void {
    for (const [k, v] of Object.entries(tags)) this.putTagStmt.run(account, region, instanceId, k, v);
  }

  removeTags(account: string, region: string, instanceId: string, keys: string[]): void {
    for (const k of keys) this.removeTagStmt.run(account, region, instanceId, k);
  }

  profile(account: string, region: string, profileId: string): unknown {
    const r = this.profileStmt.get(account, region, profileId);
    return r ? (JSON.parse(r.profile_json) as unknown) : undefined;
  }

  putProfile(account: string, region: string, profileId: string, profile: unknown): void {
    this.putProfileStmt.run(account, region, profileId, JSON.stringify(profile));
  }

  recordPing(account: string, region: string, instanceId: string, atMs: number): void {
    this.pingStmt.run(atMs, account, region, instanceId);
  }

  setConnected(account: string, region: string, instanceId: string, connected: boolean, atMs: number): void {
    this.connectedStmt.run(connected ? 1 : 0, atMs, account, region, instanceId);
  }

  countByActivation(account: string, region: string, activationId: string): number {
    return this.countByActivationStmt.get(account, region, activationId)!.n;
  }

  /** One page of nodes in instance-id order, after `nextToken`: an index seek, filters applied as it scans. */
  list(account: string, region: string, q: NodeQuery, pageSize: number, after?: string): Page<StoredNode> {
    const { where, args } = this.whereOf(q);
    const sql = `SELECT * FROM nodes WHERE account_id = ? AND region = ?${after === undefined ? '' : ' AND instance_id > ?'}${where} ORDER BY instance_id LIMIT ?`;
    const rows = this.stmt(sql).all(
      account,
      region,
      ...(after === undefined ? [] : [after]),
      ...args,
      pageSize + 1,
    ) as NodeRow[];
    return toPage(rows.map(toNode), pageSize, (n) => n.instanceId);
  }

  /** Node counts grouped by columns (ListNodesSummary). */
  countBy(account: string, region: string, q: NodeQuery, columns: NodeColumn[]): Record<string, unknown>[] {
    for (const c of columns) if (!NODE_COLUMNS.has(c)) throw new Error(`unknown node column ${c}`);
    const { where, args } = this.whereOf(q);
    const cols = columns.join(', ');
    const sql = `SELECT ${cols}, COUNT(*) AS count FROM nodes WHERE account_id = ? AND region = ?${where} GROUP BY ${cols} ORDER BY ${cols}`;
    return this.stmt(sql).all(account, region, ...args) as Record<string, unknown>[];
  }

  private whereOf(q: NodeQuery): { where: string; args: unknown[] } {
    let where = '';
    const args: unknown[] = [];
    const online = '(agent_connected = 1 OR last_ping_ms >= ?)';
    for (const c of q.conditions) {
      if ('tagKeys' in c) {
        const values = c.values ?? [];
        where += ` AND EXISTS (SELECT 1 FROM node_tags t WHERE t.account_id = nodes.account_id AND t.region = nodes.region AND t.instance_id = nodes.instance_id AND t.tag_key IN (${marks(c.tagKeys.length)})${values.length ? ` AND t.tag_value IN (${marks(values.length)})` : ''})`;
        args.push(...c.tagKeys, ...values);
        continue;
      }
      if (c.column === 'ping') {
        const wantsOnline = c.values.includes('Online');
        const wantsLost = c.values.includes('ConnectionLost');
        // Inactive is deprecated and never reported, so it matches nothing.
        let test: string;
        if (wantsOnline && wantsLost) test = '1 = 1';
        else if (wantsOnline) test = online;
        else if (wantsLost) test = `NOT ${online}`;
        else test = '1 = 0';
        if (test.includes('?')) args.push(q.nowMs - q.lostAfterMs);
        where += c.op === 'in' ? ` AND ${test}` : ` AND NOT (${test})`;
        continue;
      }
      if (!NODE_COLUMNS.has(c.column)) throw new Error(`unknown node column ${c.column}`);
      const col = c.column;
      switch (c.op) {
        case 'in':
          where += ` AND ${col} IN (${marks(c.values.length)})`;
          args.push(...c.values);
          break;
        case 'notIn':
          where += ` AND (${col} IS NULL OR ${col} NOT IN (${marks(c.values.length)}))`;
          args.push(...c.values);
          break;
        case 'beginWith':
        case 'notBeginWith': {
          const tests = c.values.map(() => `substr(${col}, 1, ?) = ?`).join(' OR ');
          where += c.op === 'beginWith' ? ` AND (${tests})` : ` AND NOT COALESCE(${tests}, 0)`;
          for (const v of c.values) args.push(v.length, v);
          break;
        }
      }
    }
    return { where, args };
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }

  // ---- activations ----

  activation(account: string, region: string, activationId: string): StoredActivation | undefined {
    const r = this.activationStmt.get(account, region, activationId);
    return r ? toActivation(r) : undefined;
  }

  /** An agent registering knows only the activation id and region; the activation tells the account. */
  activationAnyAccount(region: string, activationId: string): StoredActivation | undefined {
    const r = this.activationByIdStmt.get(region, activationId);
    return r ? toActivation(r) : undefined;
  }

  putActivation(a: StoredActivation): void {
    this.putActivationStmt.run({
      account_id: a.account,
      region: a.region,
      activation_id: a.activationId,
      activation_code: a.activationCode,
      description: a.description ?? null,
      default_instance_name: a.defaultInstanceName ?? null,
      iam_role: a.iamRole,
      registration_limit: a.registrationLimit,
      registrations_count: a.registrationsCount,
      expiration_ms: a.expirationMs,
      created_ms: a.createdMs,
      tags_json: JSON.stringify(a.tags),
    });
  }

  deleteActivation(account: string, region: string, activationId: string): boolean {
    return this.deleteActivationStmt.run(account, region, activationId).changes > 0;
  }

  countRegistration(account: string, region: string, activationId: string): void {
    this.countRegistrationStmt.run(account, region, activationId);
  }

  listActivations(
    account: string,
    region: string,
    filters: { column: 'activation_id' | 'default_instance_name' | 'iam_role'; values: string[] }[],
    pageSize: number,
    after?: string,
  ): Page<StoredActivation> {
    let where = '';
    const args: unknown[] = [];
    for (const f of filters) {
      where += ` AND ${f.column} IN (${marks(f.values.length)})`;
      args.push(...f.values);
    }
    const sql = `SELECT * FROM activations WHERE account_id = ? AND region = ?${after === undefined ? '' : ' AND activation_id > ?'}${where} ORDER BY activation_id LIMIT ?`;
    const rows = this.stmt(sql).all(
      account,
      region,
      ...(after === undefined ? [] : [after]),
      ...args,
      pageSize + 1,
    ) as ActivationRow[];
    return toPage(rows.map(toActivation), pageSize, (a) => a.activationId);
  }
}

/** The key a NextToken of list()/listActivations() carries. */
export function afterKey(token: string | undefined): string | undefined | null {
  if (token === undefined) return undefined;
  const k = decodeToken<unknown>(token);
  return typeof k === 'string' ? k : null;
}

function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

function nodeParams(n: StoredNode): Record<string, unknown> {
  return {
    account_id: n.account,
    region: n.region,
    instance_id: n.instanceId,
    resource_type: n.resourceType,
    name: n.name ?? null,
    computer_name: n.computerName,
    ip_address: n.ipAddress,
    platform_type: n.platformType,
    platform_name: n.platformName,
    platform_version: n.platformVersion,
    agent_version: n.agentVersion,
    iam_role: n.iamRole ?? null,
    activation_id: n.activationId ?? null,
    registration_ms: n.registrationMs,
    source: n.source,
    agent_kind: n.agentKind,
    agent_connected: n.agentConnected ? 1 : 0,
    last_ping_ms: n.lastPingMs,
    profile_id: n.profileId,
    faults_json: JSON.stringify(n.faults),
  };
}
