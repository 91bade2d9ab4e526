// The standalone agent: registers this machine as an mi- node with an activation, keeps it Online with
// heartbeats, and runs commands and sessions for real on this host, over the agent contract's websocket.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import {
  AGENT_PROTOCOL_VERSION,
  engineToAgentSchema,
  type AgentCapability,
  type AgentToEngine,
  type DeliverCommand,
} from '../../agent-contract/protocol.js';
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';
import { hostShell, loadPty, type PtyModule } from '../streams/host-shell.js';
import { SessionTable, type OpenSession } from '../streams/session-table.js';
import { LOCAL_HOST, tcpStream } from '../streams/tcp.js';
import { clockSleeper } from '../clock-sleep.js';
import { ShellExecutor } from '../executors/shell.js';
import { timeoutExitCode, type PluginContext } from '../plugins/context.js';
import { runSteps } from '../plugins/run-steps.js';
import { osImage } from '../patching/node-packages.js';
import { standaloneProfile } from '../../agent-contract/node-model.js';
import { newNodeState, type NodeState } from '../node-state.js';
import { hostFacts } from './host-facts.js';
import { RealClock } from './real-clock.js';

export interface StandaloneOptions {
  endpoint: string;
  activationCode: string;
  activationId: string;
  region: string;
  /** Overrides the heartbeat interval the emulator asks for (tests). */
  heartbeatSeconds?: number;
  /** false: shells on pipes even when node-pty loads (tests of the fallback). */
  pty?: boolean;
  log?: (line: string) => void;
}

/** How long to wait before reconnecting after the connection drops, and the longest wait. */
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export class StandaloneAgent {
  private ws: WebSocket | undefined;
  private instanceId: string | undefined;
  private token: string | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopped = false;
  private retryMs = RECONNECT_MIN_MS;
  private readonly clock = new RealClock();
  private readonly facts = hostFacts();
  private readonly running = new Map<string, AbortController>();
  private readonly sessions = new SessionTable(
    (m) => this.send(m),
    (m, sink) => this.openSession(m, sink),
  );
  /** Sessions a dropped connection ended; the engine hears of them once the agent is back. */
  private readonly lost = new Set<string>();
  /** node-pty, when it loads here; shells run in a pty only when the engine also accepted 'pty'. */
  private readonly pty: PtyModule | null;
  private ptyAccepted = false;
  private readonly log: (line: string) => void;
  private settle: { resolve: (id: string) => void; reject: (e: Error) => void } | undefined;
  /**
   * The node's simulated state: what commands installed (aws:configurePackage, patching) over the OS image's
   * package list of this platform. Patching works on this record, never on the host's packages.
   */
  private state: NodeState = newNodeState();

  constructor(private readonly opts: StandaloneOptions) {
    this.log = opts.log ?? ((l) => process.stdout.write(`${l}\n`));
    this.pty = opts.pty === false ? null : loadPty();
  }

  /** What register/connect declare: a pty for shells when node-pty loads here. */
  private get capabilities(): AgentCapability[] {
    return this.pty ? ['pty'] : [];
  }

  /** Registers and resolves with the mi- id; rejects with the error AWS's agent reports for a bad activation. */
  start(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      this.open();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const c of this.running.values()) c.abort();
    this.dropSessions();
    this.clock.dispose();
    this.ws?.close();
  }

  private open(): void {
    const url = `${this.opts.endpoint.replace(/^http/, 'ws').replace(/\/$/, '')}/_emulator/agent/ws`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.on('open', () => {
      this.retryMs = RECONNECT_MIN_MS;
      if (this.instanceId && this.token) {
        this.send({
          type: 'connect',
          protocol: AGENT_PROTOCOL_VERSION,
          instanceId: this.instanceId,
          region: this.opts.region,
          token: this.token,
          capabilities: this.capabilities,
        });
      } else {
        this.send({
          type: 'register',
          protocol: AGENT_PROTOCOL_VERSION,
          activationId: this.opts.activationId,
          activationCode: this.opts.activationCode,
          region: this.opts.region,
          facts: this.facts,
          capabilities: this.capabilities,
        });
      }
    });
    ws.on('message', (raw) => this.onMessage(String(raw)));
    ws.on('close', () => {
      if (this.heartbeat) clearInterval(this.heartbeat);
      // No shell outlives the connection that carried it (its output would have nowhere to go).
      this.dropSessions();
      if (this.stopped) return;
      if (!this.instanceId) {
        this.fail(
          new Error(
            `Registration failed due to error registering the instance with AWS SSM. connection to ${url} closed`,
          ),
        );
        return;
      }
      setTimeout(() => this.open(), this.retryMs).unref();
      this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
    });
    ws.on('error', (err) => {
      if (!this.instanceId)
        this.fail(
          new Error(`Registration failed due to error registering the instance with AWS SSM. ${err.message}`),
        );
    });
  }

  private fail(err: Error): void {
    if (!this.settle) return;
    this.settle.reject(err);
    this.settle = undefined;
    this.stop();
  }

  private send(m: AgentToEngine): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  private onMessage(raw: string): void {
    const parsed = engineToAgentSchema().safeParse(JSON.parse(raw));
    if (!parsed.success) return;
    const m = parsed.data;
    switch (m.type) {
      case 'registered': {
        const first = !this.instanceId;
        this.instanceId = m.instanceId;
        this.token = m.token;
        // Its package list starts as the OS image's of its platform, dated from now: patching simulates over it.
        if (first)
          this.state = newNodeState(
            osImage(this.facts, standaloneProfile(this.facts.platformType).facts, this.clock.nowMs()),
          );
        // An engine that predates capabilities edits lines itself: a pty would echo every line twice.
        this.ptyAccepted = !!this.pty && !!m.capabilities?.includes('pty');
        for (const sessionId of this.lost)
          this.send({ type: 'session-closed', sessionId, reason: 'the agent lost its connection' });
        this.lost.clear();
        const every = (this.opts.heartbeatSeconds ?? m.heartbeatSeconds) * 1000;
        this.heartbeat = setInterval(() => this.send({ type: 'heartbeat', instanceId: m.instanceId }), every);
        if (first) {
          this.log(
            `Successfully registered the instance with AWS SSM using Managed instance-id: ${m.instanceId}`,
          );
          this.settle?.resolve(m.instanceId);
          this.settle = undefined;
        }
        break;
      }
      case 'error':
        // The real agent prints: Registration failed due to error registering the instance with AWS SSM. <Code>: <message>
        if (!this.instanceId) {
          this.fail(
            new Error(
              `Registration failed due to error registering the instance with AWS SSM. ${m.code}: ${m.message}`,
            ),
          );
        } else {
          this.log(`${m.code}: ${m.message}`);
          if (m.code === 'InvalidInstanceId') this.stop();
        }
        break;
      case 'deliver-command':
        void this.runCommand(m);
        break;
      case 'cancel-command':
        this.running.get(m.commandId)?.abort();
        break;
      default:
        this.sessions.handle(m);
        break;
    }
  }

  private async runCommand(cmd: DeliverCommand): Promise<void> {
    const abort = new AbortController();
    this.running.set(cmd.commandId, abort);
    const instanceId = this.instanceId!;
    const workDir = join(tmpdir(), 'ssm-emulator-agent', instanceId, cmd.commandId);
    const profile = standaloneProfile(this.facts.platformType);
    const ctx: PluginContext = {
      node: { instanceId, ...this.facts },
      profile,
      executor: new ShellExecutor({
        defaultCwd: workDir,
        timeoutExitCode: timeoutExitCode(this.facts.platformType),
      }),
      sleeper: clockSleeper(this.clock),
      signal: abort.signal,
      commandId: cmd.commandId,
      failureProbability: 0,
      random: Math.random,
      documents: cmd.documents ?? {},
      depth: 0,
      state: this.state,
      patch: cmd.patch,
      failPatches: [],
      hostFiles: true,
      // A standalone agent does not reboot its host; it reports the request and carries on.
      reboot: async () =>
        this.log(
          'a script asked for a reboot (exit 194/3010); the standalone agent does not reboot its host',
        ),
      emit: (m) => this.send(m),
    };
    try {
      const { status, plugins } = await runSteps(cmd.steps, ctx, (r) =>
        this.send({
          type: 'progress',
          commandId: cmd.commandId,
          pluginName: r.name,
          stdout: r.stdout,
          stderr: r.stderr,
        }),
      );
      this.send({ type: 'result', commandId: cmd.commandId, status, plugins });
    } finally {
      this.running.delete(cmd.commandId);
    }
  }

  /** A session runs on this host: a port forward dials from here, a shell is a pty when the engine accepted one. */
  private openSession(m: OpenSession, sink: StreamSink): NodeStream {
    if (m.kind === 'port') return tcpStream(m.host ?? LOCAL_HOST, m.port ?? 0, sink);
    const pty = this.ptyAccepted ? this.pty : null;
    return hostShell(pty, { command: m.command, cols: m.cols, rows: m.rows, profile: m.shellProfile }, sink);
  }

  /** Ends every session now: the connection dropped or the agent stops. */
  private dropSessions(): void {
    for (const sessionId of this.sessions.closeAll()) if (!this.stopped) this.lost.add(sessionId);
  }
}
