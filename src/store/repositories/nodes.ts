// Managed nodes (one aggregate: the fleet), and through them their tags, their shared profiles and the hybrid
// activations nodes register with. Node lists are keyset-paged by instance id, filters applied as they scan.
import type { Db } from '../database.js';
import { marks, StatementCache } from '../dynamic-sql.js';
import { decodeToken, toPage, type Page } from '../pagination.js';
import { ActivationsRepository } from './activations.js';
import { NodeProfilesRepository } from './node-profiles.js';
import { NodeTagsRepository } from './node-tags.js';

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
  readonly tags: NodeTagsRepository;
  readonly profiles: NodeProfilesRepository;
  readonly activations: ActivationsRepository;
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly pingStmt;
  private readonly connectedStmt;
  private readonly updateStmt;
  private readonly countByActivationStmt;
  /** Node filter SQL, prepared once per distinct shape. */
  private readonly filtered: StatementCache;

  constructor(private readonly db: Db) {
    this.tags = new NodeTagsRepository(db);
    this.profiles = new NodeProfilesRepository(db);
    this.activations = new ActivationsRepository(db);
    this.filtered = new StatementCache(db);
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
    this.pingStmt = db.prepare(
      'UPDATE nodes SET last_ping_ms = ? WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.connectedStmt = db.prepare(
      'UPDATE nodes SET agent_connected = ?, last_ping_ms = ? WHERE account_id = ? AND region = ? AND instance_id = ?',
    );
    this.countByActivationStmt = db.prepare<[string, string, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM nodes WHERE account_id = ? AND region = ? AND activation_id = ?',
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

  /** Removes the node with its tags. */
  remove(account: string, region: string, instanceId: string): void {
    this.tags.removeAll(account, region, instanceId);
    this.deleteStmt.run(account, region, instanceId);
  }

  /** Start-up only, every account: forgets the nodes a previous start loaded from a fleet file or the demo. */
  removeStartingNodes(): void {
    this.tags.removeOfStartingNodes();
    this.db.prepare("DELETE FROM nodes WHERE source IN ('fleet', 'demo')").run();
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
    const rows = this.filtered
      .get(sql)
      .all(account, region, ...(after === undefined ? [] : [after]), ...args, pageSize + 1) as NodeRow[];
    return toPage(rows.map(toNode), pageSize, (n) => n.instanceId);
  }

  /** Node counts grouped by columns (ListNodesSummary). */
  countBy(account: string, region: string, q: NodeQuery, columns: NodeColumn[]): Record<string, unknown>[] {
    for (const c of columns) if (!NODE_COLUMNS.has(c)) throw new Error(`unknown node column ${c}`);
    const { where, args } = this.whereOf(q);
    const cols = columns.join(', ');
    const sql = `SELECT ${cols}, COUNT(*) AS count FROM nodes WHERE account_id = ? AND region = ?${where} GROUP BY ${cols} ORDER BY ${cols}`;
    return this.filtered.get(sql).all(account, region, ...args) as Record<string, unknown>[];
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
}

/** The key a NextToken of list() (and of activations.list()) carries. */
export function afterKey(token: string | undefined): string | undefined | null {
  if (token === undefined) return undefined;
  const k = decodeToken<unknown>(token);
  return typeof k === 'string' ? k : null;
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
