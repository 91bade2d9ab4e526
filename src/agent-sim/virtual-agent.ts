// An in-process agent for a virtual node: speaks the agent contract, runs plugins with the node's executor on
// the emulator clock, applies the node's faults (latency, hang, failure probability), and opens sessions as the
// standalone agent does: on its shell (the host's with --allow-host-exec, else a virtual one) and its network.
import { join } from 'node:path';
import type {
  AgentCapability,
  AgentLink,
  DeliverCommand,
  EngineToAgent,
} from '../agent-contract/protocol.js';
import type { VirtualAgentContext } from '../agent-contract/in-process.js';
import type { NodeStream, StreamSink } from '../agent-contract/streams.js';
import { clockSleeper, type Sleeper } from './clock-sleep.js';
import { ScriptedExecutor } from './executors/scripted.js';
import { ShellExecutor } from './executors/shell.js';
import type { Executor } from './executors/types.js';
import { withFaultDefaults, type NodeFaults } from '../agent-contract/node-model.js';
import { REBOOT_SECONDS, timeoutExitCode, type PluginContext } from './plugins/context.js';
import { runSteps } from './plugins/run-steps.js';
import { osImage } from './patching/node-packages.js';
import { hostShell, loadPty, type PtyModule } from './streams/host-shell.js';
import { SessionTable, type OpenSession } from './streams/session-table.js';
import { ScriptedShell, SimulatedShell, type VirtualShell } from './virtual-shell.js';
import { virtualPort } from './virtual-ports.js';
import { newNodeState, type NodeState } from './node-state.js';
import { NodeShellHandle } from './shell/handle.js';
import { SimulatedExecutor } from './executors/simulated.js';

export interface VirtualAgentOptions {
  allowHostExec: boolean;
  /** Root of the per-node sandbox folders of the shell executor. */
  sandboxRoot: string;
  random?: () => number;
  /** false: host shells on pipes even when node-pty loads (tests of the fallback). */
  pty?: boolean;
}

/** Why the sessions of an agent whose link was dropped ended. */
export const AGENT_STOPPED = 'the agent stopped';

export class VirtualAgent implements AgentLink {
  private readonly sleeper: Sleeper;
  private readonly faults: NodeFaults;
  private readonly executor: Executor;
  private readonly running = new Map<string, AbortController>();
  private readonly sessions: SessionTable;
  /** Shell-executor node with --allow-host-exec: real shells in its sandbox folder. */
  private readonly hostExec: boolean;
  private readonly shell: VirtualShell;
  /** node-pty for the host shells (null: pipes); shells are terminals only then ('pty'). */
  private readonly pty: PtyModule | null;
  readonly capabilities: AgentCapability[];
  private readonly state: NodeState;
  /** The node's simulated shell (Linux, macOS), made on its first command or session. */
  private readonly nodeShell: NodeShellHandle;
  /** Reboots that never come back (fault rebootHangs): released when the agent stops. */
  private readonly stuckReboots = new Set<() => void>();
  private readonly identity;
  private closed = false;

  constructor(
    private readonly ctx: VirtualAgentContext,
    private readonly opts: VirtualAgentOptions,
  ) {
    const { node, profile } = ctx;
    this.sleeper = clockSleeper(ctx.clock);
    this.faults = withFaultDefaults(node.faults); // checked when the node was stored
    this.identity = {
      instanceId: node.instanceId,
      computerName: node.computerName,
      ipAddress: node.ipAddress,
      platformType: node.platformType,
      platformName: node.platformName,
      platformVersion: node.platformVersion,
      agentVersion: node.agentVersion,
    };
    const exitOnTimeout = timeoutExitCode(node.platformType);
    // The node's packages start as its OS image's (dated from when it joined), for its shell and patching alike.
    this.state = newNodeState(osImage(node, profile.facts, node.registrationMs));
    this.nodeShell = new NodeShellHandle({
      node: { ...this.identity, region: node.region },
      profile,
      state: this.state,
      sleeper: this.sleeper,
      bootMs: node.registrationMs,
    });
    const scripted = new ScriptedExecutor(this.identity, profile, this.sleeper, exitOnTimeout);
    this.hostExec = profile.behaviour.executor === 'shell' && opts.allowHostExec;
    const windows = node.platformType === 'Windows';
    this.executor = this.hostExec
      ? new ShellExecutor({
          sandbox: join(opts.sandboxRoot, node.instanceId),
          defaultCwd: join(opts.sandboxRoot, node.instanceId, 'work'),
          timeoutExitCode: exitOnTimeout,
        })
      : windows // PowerShell is out of reach: Windows nodes keep rules and canned answers
        ? scripted
        : new SimulatedExecutor(() => this.nodeShell.get(), scripted, exitOnTimeout);
    const commands = new ScriptedShell(this.identity, profile, this.executor);
    this.shell = windows ? commands : new SimulatedShell(() => this.nodeShell.get(), commands);
    this.pty = this.hostExec && opts.pty !== false ? loadPty() : null;
    this.capabilities = this.pty ? ['pty'] : [];
    this.sessions = new SessionTable(ctx.emit, (m, sink) => this.openSession(m, sink));
  }

  send(message: EngineToAgent): void {
    if (this.closed) return;
    switch (message.type) {
      case 'deliver-command':
        void this.runCommand(message);
        break;
      case 'cancel-command':
        this.running.get(message.commandId)?.abort();
        break;
      default:
        this.sessions.handle(message);
        break;
    }
  }

  /** The link is dropped (node offline, changed or removed, shutdown): its sessions end, and the engine hears it. */
  close(): void {
    this.closed = true;
    for (const c of this.running.values()) c.abort();
    this.running.clear();
    for (const release of this.stuckReboots) release();
    this.stuckReboots.clear();
    for (const sessionId of this.sessions.closeAll())
      this.ctx.emit({ type: 'session-closed', sessionId, reason: AGENT_STOPPED });
  }

  private async runCommand(cmd: DeliverCommand): Promise<void> {
    // A hanging agent takes the command and never answers: the service's timeout ends it.
    if (this.faults.hang) return;
    const abort = new AbortController();
    this.running.set(cmd.commandId, abort);
    try {
      if (this.faults.latencySeconds > 0)
        await this.sleeper.sleep(this.faults.latencySeconds * 1000, abort.signal);
      const pctx: PluginContext = {
        node: this.identity,
        profile: this.ctx.profile,
        executor: this.executor,
        sleeper: this.sleeper,
        signal: abort.signal,
        commandId: cmd.commandId,
        failureProbability: this.faults.failureProbability,
        random: this.opts.random ?? Math.random,
        documents: cmd.documents ?? {},
        depth: 0,
        state: this.state,
        patch: cmd.patch,
        failPatches: this.faults.failPatches ?? [],
        hostFiles: this.ctx.profile.behaviour.executor === 'shell' && this.opts.allowHostExec,
        reboot: () => this.reboot(cmd.commandId),
        emit: (m) => this.ctx.emit(m),
      };
      const { status, plugins } = await runSteps(cmd.steps, pctx, (r) =>
        this.ctx.emit({
          type: 'progress',
          commandId: cmd.commandId,
          pluginName: r.name,
          stdout: r.stdout,
          stderr: r.stderr,
        }),
      );
      if (!this.closed) this.ctx.emit({ type: 'result', commandId: cmd.commandId, status, plugins });
    } finally {
      this.running.delete(cmd.commandId);
    }
  }

  private async reboot(commandId: string): Promise<void> {
    this.ctx.emit({ type: 'rebooting', instanceId: this.identity.instanceId, commandId });
    if (this.faults.rebootHangs) {
      // The node never comes back: no heartbeat, the command waits for its timeout.
      await new Promise<void>((resolve) => this.stuckReboots.add(resolve));
      return;
    }
    await this.sleeper.sleep(REBOOT_SECONDS * 1000);
    // A reboot activates what was installed with NoReboot (patch-states-configuration.json is reset).
    this.state.patching.pendingReboot.clear();
    this.state.patching.lastNoRebootInstallMs = undefined;
    await this.nodeShell.rebooted(this.sleeper.nowMs());
    this.ctx.emit({ type: 'heartbeat', instanceId: this.identity.instanceId });
  }

  // ---- sessions: opened as the standalone agent opens them, on this node's shell and network ----

  private openSession(m: OpenSession, sink: StreamSink): NodeStream {
    if (m.kind === 'port') return virtualPort(this.ctx.profile.facts, m, sink);
    if (!this.hostExec) return this.shell.open(m, sink);
    const sandbox = join(this.opts.sandboxRoot, this.identity.instanceId);
    return hostShell(
      this.pty,
      {
        command: m.command,
        cols: m.cols,
        rows: m.rows,
        profile: m.shellProfile,
        cwd: join(sandbox, 'work'),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: sandbox, ...this.ctx.profile.facts.env },
      },
      sink,
    );
  }
}
