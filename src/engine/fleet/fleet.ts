// The fleet engine: puts nodes in the store, tracks which agents are connected, routes the agent contract's
// messages, and registers hybrid nodes from activations. Run Command and Session Manager deliver through it.
import type { Lifecycle, ResetScope } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import { ServiceError } from '../../model/service-error.js';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../../store/index.js';
import type { StoredActivation } from '../../store/repositories/activations.js';
import type { StoredNode } from '../../store/repositories/nodes.js';
import type { Clock } from '../clock.js';
import { standaloneProfile, type NodeProfile, type NodeSeed } from '../../agent-contract/node-model.js';
import {
  AGENT_PROTOCOL_VERSION,
  type AgentCapability,
  type AgentLink,
  type AgentToEngine,
  type DeliverCommand,
  type EngineToAgent,
  type NodeFactsReport,
} from '../../agent-contract/protocol.js';
import type { VirtualAgentFactory } from '../../agent-contract/in-process.js';
import { HEARTBEAT_INTERVAL_MS, pingStatusOf } from './ping-status.js';

export interface NodeRef {
  account: string;
  region: string;
  instanceId: string;
}

export type ResultMessage = Extract<AgentToEngine, { type: 'result' }>;
export type ProgressMessage = Extract<AgentToEngine, { type: 'progress' }>;

export type FleetListener = (from: NodeRef, message: AgentToEngine) => void;
/** A standalone agent's link went away (its socket closed, or it stopped answering the keepalive). */
export type AgentLostListener = (ref: NodeRef) => void;

/** Nodes that joined the fleet or whose tags changed (State Manager applies associations to them). */
export type NodesChangedListener = (nodes: NodeRef[]) => void;

export interface FleetDeps {
  store: Store;
  clock: Clock;
  createVirtualAgent: VirtualAgentFactory;
  /** The nodes the emulator starts with (fleet file or demo fleet); called again on reset. */
  seeds: () => NodeSeed[];
  log: Logger;
}

/** Why a registration is refused: the error the real agent's RegisterManagedInstance call receives. */
export class RegistrationError extends ServiceError {
  constructor(
    readonly code:
      | 'InvalidActivation'
      | 'ActivationExpired'
      | 'RegistrationLimitExceeded'
      | 'InvalidInstanceId',
    message = '',
  ) {
    super(code, message, 'message', 400);
  }
}

const key = (r: NodeRef) => `${r.account}/${r.region}/${r.instanceId}`;

export class FleetEngine implements Lifecycle {
  private readonly links = new Map<string, AgentLink>();
  private readonly tokens = new Map<string, string>();
  private readonly listeners = new Set<FleetListener>();
  private readonly lostListeners = new Set<AgentLostListener>();
  private readonly pending = new Map<
    string,
    { resolve: (r: ResultMessage) => void; onProgress?: (p: ProgressMessage) => void }
  >();
  private readonly profiles = new Map<string, NodeProfile>();
  private readonly nodeWatchers = new Set<NodesChangedListener>();

  constructor(private readonly deps: FleetDeps) {}

  /** Called with the nodes that joined or whose tags changed, after the change is stored. */
  onNodesChanged(listener: NodesChangedListener): () => void {
    this.nodeWatchers.add(listener);
    return () => this.nodeWatchers.delete(listener);
  }

  /** Tells the watchers that these nodes joined or were re-tagged (whoever changed their tags calls it). */
  nodesChanged(nodes: NodeRef[]): void {
    if (!nodes.length) return;
    for (const w of this.nodeWatchers) w(nodes);
  }

  /** Loads the starting nodes (one transaction, so 10,000 nodes take milliseconds). */
  start(): number {
    const seeds = this.deps.seeds();
    // A kept data dir may hold nodes of an older fleet file: the current file (or the demo) is the truth.
    this.deps.store.transaction(() => this.deps.store.nodes.removeStartingNodes());
    return this.seed(seeds);
  }

  /** After the store forgot the scope (/_emulator/reset): its links close and its starting nodes come back. */
  reset(scope: ResetScope): number {
    this.links.forEach((link, k) => {
      const [account, region] = k.split('/');
      if ((!scope.account || scope.account === account) && (!scope.region || scope.region === region)) {
        link.close?.();
        this.links.delete(k);
      }
    });
    this.profiles.clear();
    return this.seed(
      this.deps
        .seeds()
        .filter(
          (s) =>
            (!scope.account || s.account === scope.account) && (!scope.region || s.region === scope.region),
        ),
    );
  }

  seed(seeds: NodeSeed[]): number {
    const { store, clock } = this.deps;
    const now = clock.nowMs();
    store.transaction(() => {
      const cleared = new Set<string>();
      const profiles = new Set<string>();
      for (const s of seeds) {
        const scope = `${s.account}/${s.region}/${s.source}`;
        if (!cleared.has(scope)) {
          store.nodes.tags.clearSource(s.account, s.region, s.source);
          cleared.add(scope);
        }
        const pk = `${s.account}/${s.region}/${s.profileId}`;
        if (!profiles.has(pk)) {
          store.nodes.profiles.put(s.account, s.region, s.profileId, s.profile);
          profiles.add(pk);
        }
        store.nodes.upsert(this.nodeFromSeed(s, now));
        store.nodes.tags.put(s.account, s.region, s.instanceId, s.tags);
      }
    });
    this.nodesChanged(seeds.map((s) => ({ account: s.account, region: s.region, instanceId: s.instanceId })));
    return seeds.length;
  }

  /** Adds one node from the control plane; returns it as stored. */
  addNode(seed: NodeSeed): StoredNode {
    this.seed([seed]);
    return this.deps.store.nodes.get(seed.account, seed.region, seed.instanceId)!;
  }

  private nodeFromSeed(s: NodeSeed, now: number): StoredNode {
    return {
      account: s.account,
      region: s.region,
      instanceId: s.instanceId,
      resourceType: s.instanceId.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance',
      name: s.name,
      computerName: s.computerName,
      ipAddress: s.ipAddress,
      platformType: s.platformType,
      platformName: s.platformName,
      platformVersion: s.platformVersion,
      agentVersion: s.agentVersion,
      iamRole: s.iamRole,
      registrationMs: now,
      source: s.source,
      agentKind: 'virtual',
      agentConnected: !s.faults.offline,
      lastPingMs: now,
      profileId: s.profileId,
      faults: s.faults,
    };
  }

  node(ref: NodeRef): StoredNode | undefined {
    return this.deps.store.nodes.get(ref.account, ref.region, ref.instanceId);
  }

  profile(node: StoredNode): NodeProfile | undefined {
    const pk = `${node.account}/${node.region}/${node.profileId}`;
    let p = this.profiles.get(pk);
    if (!p) {
      p = this.deps.store.nodes.profiles.get(node.account, node.region, node.profileId) as
        | NodeProfile
        | undefined;
      if (p) this.profiles.set(pk, p);
    }
    return p;
  }

  pingStatus(node: StoredNode): 'Online' | 'ConnectionLost' | 'Inactive' {
    return pingStatusOf(node, this.deps.clock.nowMs());
  }

  /** True when the node's agent can take a command or a session now. */
  isReachable(ref: NodeRef): boolean {
    const node = this.node(ref);
    if (!node || !node.agentConnected) return false;
    return node.agentKind === 'virtual' || this.links.has(key(ref));
  }

  /** True when the node's connected agent declared this capability (and the engine accepted it). */
  supports(ref: NodeRef, capability: AgentCapability): boolean {
    // A virtual node's agent starts on first use: asking what it can do starts it too.
    const link = this.isReachable(ref) ? this.linkFor(ref) : undefined;
    return link?.capabilities?.includes(capability) ?? false;
  }

  // ---- faults and state (control plane) ----

  /**
   * Takes a node's agent down or brings it back (offline fault, EC2 power state); ping status follows the clock.
   * `atMs` backdates the change (the simulated EC2 re-applies a stop made before a restart).
   */
  setOnline(ref: NodeRef, online: boolean, atMs = this.deps.clock.nowMs()): void {
    const node = this.node(ref);
    if (!node) return;
    this.deps.store.nodes.setConnected(ref.account, ref.region, ref.instanceId, online, atMs);
    if (!online && node.agentKind === 'virtual') this.dropLink(ref);
  }

  updateNode(node: StoredNode): void {
    this.deps.store.nodes.update(node);
    if (node.agentKind === 'virtual') this.dropLink(node); // the next command sees the new faults and facts
  }

  removeNode(ref: NodeRef): boolean {
    const node = this.node(ref);
    if (!node) return false;
    this.deps.store.nodes.remove(ref.account, ref.region, ref.instanceId);
    this.tokens.delete(key(ref));
    this.dropLink(ref);
    return true;
  }

  private dropLink(ref: NodeRef): void {
    const k = key(ref);
    const link = this.links.get(k);
    if (link) {
      this.links.delete(k);
      link.close?.();
    }
  }

  // ---- delivery (Run Command, Session Manager) ----

  /** Every message agents send (progress, results, session output, inventory) reaches the listeners. */
  subscribe(listener: FleetListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when a standalone agent's link is lost: what it was running for the engine has ended with it. */
  onAgentLost(listener: AgentLostListener): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Sends one contract message to a node's agent; false when the agent is not reachable now. */
  send(ref: NodeRef, message: EngineToAgent): boolean {
    if (!this.isReachable(ref)) return false;
    const link = this.linkFor(ref);
    if (!link) return false;
    link.send(message);
    return true;
  }

  /**
   * Delivers a command and resolves with the agent's result. Resolves undefined at once when the agent is not
   * reachable (the caller keeps the invocation pending and retries, or ends it as AWS does). A hanging agent
   * never answers: the caller's timeout ends the command.
   */
  runCommand(
    ref: NodeRef,
    command: Omit<DeliverCommand, 'type'>,
    opts: { onProgress?: (p: ProgressMessage) => void } = {},
  ): Promise<ResultMessage> | undefined {
    const pk = `${key(ref)}#${command.commandId}`;
    const result = new Promise<ResultMessage>((resolve) =>
      this.pending.set(pk, { resolve, onProgress: opts.onProgress }),
    );
    if (!this.send(ref, { type: 'deliver-command', ...command })) {
      this.pending.delete(pk);
      return undefined;
    }
    return result;
  }

  cancelCommand(ref: NodeRef, commandId: string): boolean {
    return this.send(ref, { type: 'cancel-command', commandId });
  }

  private linkFor(ref: NodeRef): AgentLink | undefined {
    const k = key(ref);
    let link = this.links.get(k);
    if (link) return link;
    const node = this.node(ref);
    if (!node || node.agentKind !== 'virtual') return undefined;
    const profile = this.profile(node);
    if (!profile) return undefined;
    const from: NodeRef = { account: node.account, region: node.region, instanceId: node.instanceId };
    link = this.deps.createVirtualAgent({
      node,
      profile,
      clock: this.deps.clock,
      emit: (m) => this.receive(from, m),
    });
    this.links.set(k, link);
    return link;
  }

  /** Entry point of every message an agent sends once it is known (in process or over the socket). */
  receive(from: NodeRef, message: AgentToEngine): void {
    const { store, clock } = this.deps;
    switch (message.type) {
      case 'heartbeat': {
        const node = this.node(from);
        if (!node) break;
        // Like UpdateInstanceInformation, a heartbeat may carry new facts (an agent update changes its version).
        if (message.facts)
          this.deps.store.nodes.update({
            ...node,
            ...message.facts,
            agentConnected: true,
            lastPingMs: clock.nowMs(),
          });
        else store.nodes.setConnected(from.account, from.region, from.instanceId, true, clock.nowMs());
        break;
      }
      case 'rebooting':
        store.nodes.setConnected(from.account, from.region, from.instanceId, false, clock.nowMs());
        break;
      case 'progress':
        this.pending.get(`${key(from)}#${message.commandId}`)?.onProgress?.(message);
        break;
      case 'result': {
        const pk = `${key(from)}#${message.commandId}`;
        const p = this.pending.get(pk);
        this.pending.delete(pk);
        p?.resolve(message);
        break;
      }
      default:
        break;
    }
    for (const l of this.listeners) {
      try {
        l(from, message);
      } catch (err) {
        this.deps.log.error({ err }, 'a fleet listener failed');
      }
    }
  }

  // ---- hybrid activations and standalone agents ----

  /** RegisterManagedInstance as the agent calls it: checks the activation, creates the mi- node. */
  register(
    msg: { activationId: string; activationCode: string; region: string; facts: NodeFactsReport },
    link: AgentLink,
  ): { ref: NodeRef; token: string } {
    const { store, clock } = this.deps;
    const activation = store.nodes.activations.getAnyAccount(msg.region, msg.activationId);
    if (!activation || activation.activationCode !== msg.activationCode)
      throw new RegistrationError('InvalidActivation');
    const now = clock.nowMs();
    if (activation.expirationMs <= now) throw new RegistrationError('ActivationExpired');
    if (activation.registrationsCount >= activation.registrationLimit)
      throw new RegistrationError('RegistrationLimitExceeded');
    const ref = {
      account: activation.account,
      region: activation.region,
      instanceId: `mi-0${randomBytes(8).toString('hex')}`,
    };
    const profileId = `standalone/${ref.instanceId}`;
    store.transaction(() => {
      store.nodes.profiles.put(ref.account, ref.region, profileId, standaloneProfile(msg.facts.platformType));
      store.nodes.upsert({
        ...ref,
        resourceType: 'ManagedInstance',
        name: activation.defaultInstanceName || undefined,
        ...msg.facts,
        iamRole: activation.iamRole,
        activationId: activation.activationId,
        registrationMs: now,
        source: 'activation',
        agentKind: 'standalone',
        agentConnected: true,
        lastPingMs: now,
        profileId,
        faults: {},
      });
      // Tags of the activation are applied to the nodes it registers (CreateActivation Tags documentation).
      store.nodes.tags.put(ref.account, ref.region, ref.instanceId, tagMap(activation));
      store.nodes.activations.countRegistration(
        activation.account,
        activation.region,
        activation.activationId,
      );
    });
    const token = randomUUID();
    this.tokens.set(key(ref), token);
    this.links.set(key(ref), link);
    this.nodesChanged([ref]);
    return { ref, token };
  }

  /** A registered standalone agent reconnecting with the token it was given. */
  reconnect(msg: { instanceId: string; region: string; token: string }, link: AgentLink): NodeRef {
    for (const [k, token] of this.tokens) {
      const [account, region, instanceId] = k.split('/');
      if (instanceId === msg.instanceId && region === msg.region && token === msg.token) {
        const ref = { account, region, instanceId };
        if (!this.node(ref)) break;
        this.links.get(k)?.close?.();
        this.links.set(k, link);
        this.deps.store.nodes.setConnected(account, region, instanceId, true, this.deps.clock.nowMs());
        return ref;
      }
    }
    throw new RegistrationError('InvalidInstanceId', `Not existing InstanceId ${msg.instanceId}`);
  }

  /**
   * The socket of a standalone agent closed, or it stopped answering (src/api/control/agent-socket.ts): the node
   * stops pinging and goes ConnectionLost after the interval, and the sessions it served end now.
   */
  disconnected(ref: NodeRef, link: AgentLink): void {
    const k = key(ref);
    if (this.links.get(k) !== link) return;
    this.links.delete(k);
    if (this.node(ref)) {
      this.deps.store.nodes.setConnected(
        ref.account,
        ref.region,
        ref.instanceId,
        false,
        this.deps.clock.nowMs(),
      );
    }
    for (const l of this.lostListeners) l(ref);
  }

  get heartbeatSeconds(): number {
    return HEARTBEAT_INTERVAL_MS / 1000;
  }

  get protocolVersion(): number {
    return AGENT_PROTOCOL_VERSION;
  }

  /** Closes every agent link (shutdown). */
  close(): void {
    for (const link of this.links.values()) link.close?.();
    this.links.clear();
  }
}

function tagMap(a: StoredActivation): Record<string, string> {
  return Object.fromEntries(a.tags.map((t) => [t.Key, t.Value]));
}
