// An in-process agent for a virtual node: speaks the agent contract, runs plugins with the node's executor on
// the emulator clock, and applies the node's faults (latency, hang, failure probability).
import { join } from 'node:path';
import type { AgentLink, DeliverCommand, EngineToAgent } from '../engine/fleet/agent-protocol.js';
import type { VirtualAgentContext } from '../engine/fleet/fleet.js';
import { clockSleeper, type Sleeper } from './clock-sleep.js';
import { ScriptedExecutor } from './executors/scripted.js';
import { ShellExecutor } from './executors/shell.js';
import type { Executor } from './executors/types.js';
import { withFaultDefaults, type NodeFaults } from './node-model.js';
import { REBOOT_SECONDS, timeoutExitCode, type PluginContext } from './plugins/context.js';
import { runSteps } from './plugins/run-steps.js';
import { newNodeState } from './node-state.js';
import { ruleFor } from './rules.js';
import { builtinAnswer } from './builtin-answers.js';
import { NodeShellHandle } from './shell/handle.js';
import { openShellSession, type ShellSession } from './shell/session.js';
import { SimulatedExecutor } from './executors/simulated.js';

export interface VirtualAgentOptions {
  allowHostExec: boolean;
  /** Root of the per-node sandbox folders of the shell executor. */
  sandboxRoot: string;
  random?: () => number;
}

export class VirtualAgent implements AgentLink {
  private readonly sleeper: Sleeper;
  private readonly faults: NodeFaults;
  private readonly executor: Executor;
  private readonly running = new Map<string, AbortController>();
  private readonly sessions = new Map<
    string,
    { kind: 'shell' | 'port'; buffer: string; shell?: ShellSession }
  >();
  private readonly state = newNodeState();
  /** The node's simulated shell (Linux, macOS), made on its first command or session. */
  private readonly shell: NodeShellHandle;
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
    this.shell = new NodeShellHandle({
      node: { ...this.identity, region: node.region },
      profile,
      state: this.state,
      sleeper: this.sleeper,
      bootMs: node.registrationMs,
    });
    const scripted = new ScriptedExecutor(this.identity, profile, this.sleeper, exitOnTimeout);
    this.executor =
      profile.behaviour.executor === 'shell' && opts.allowHostExec
        ? new ShellExecutor({
            sandbox: join(opts.sandboxRoot, node.instanceId),
            defaultCwd: join(opts.sandboxRoot, node.instanceId, 'work'),
            timeoutExitCode: exitOnTimeout,
          })
        : node.platformType === 'Windows' // PowerShell is out of reach: Windows nodes keep rules and canned answers
          ? scripted
          : new SimulatedExecutor(() => this.shell.get(), scripted, exitOnTimeout);
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
      case 'open-session':
        this.openSession(message.sessionId, message.kind, message.port);
        break;
      case 'feed-session':
        this.feedSession(message.sessionId, Buffer.from(message.data, 'base64').toString('utf8'));
        break;
      case 'close-session':
        this.sessions.get(message.sessionId)?.shell?.close();
        if (this.sessions.delete(message.sessionId)) {
          this.ctx.emit({
            type: 'session-closed',
            sessionId: message.sessionId,
            reason: 'closed by the service',
          });
        }
        break;
      default:
        break;
    }
  }

  close(): void {
    this.closed = true;
    for (const s of this.sessions.values()) s.shell?.close();
    for (const c of this.running.values()) c.abort();
    this.running.clear();
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
    await this.sleeper.sleep(REBOOT_SECONDS * 1000);
    await this.shell.rebooted(this.sleeper.nowMs());
    this.ctx.emit({ type: 'heartbeat', instanceId: this.identity.instanceId });
  }

  // ---- sessions: Linux and macOS shells run in the node's simulated shell; Windows answers lines from
  // rules and canned PowerShell answers; a port session accepts listed ports ----

  private openSession(sessionId: string, kind: 'shell' | 'port', port?: number): void {
    if (kind === 'port' && (port === undefined || !this.ctx.profile.facts.ports.includes(port))) {
      this.ctx.emit({
        type: 'session-closed',
        sessionId,
        reason: `Connection to destination port ${port ?? '?'} failed`,
      });
      return;
    }
    if (kind === 'shell' && this.identity.platformType !== 'Windows') {
      const shell = openShellSession(this.shell.get(), {
        onOutput: (text) => this.output(sessionId, text),
        onClose: (reason) => {
          if (this.sessions.delete(sessionId)) this.ctx.emit({ type: 'session-closed', sessionId, reason });
        },
      });
      this.sessions.set(sessionId, { kind, buffer: '', shell });
      return;
    }
    this.sessions.set(sessionId, { kind, buffer: '' });
    if (kind === 'shell') this.output(sessionId, this.prompt());
  }

  private feedSession(sessionId: string, text: string): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    if (s.kind === 'port') {
      this.output(sessionId, text); // no service behind a virtual port: it echoes, which is enough to test tunnels
      return;
    }
    if (s.shell) {
      s.shell.feed(text);
      return;
    }
    s.buffer += text;
    let nl: number;
    while ((nl = s.buffer.search(/\r?\n|\r/)) >= 0) {
      const line = s.buffer.slice(0, nl).trim();
      s.buffer = s.buffer.slice(nl + 1).replace(/^\n/, '');
      if (line === 'exit') {
        this.sessions.delete(sessionId);
        this.ctx.emit({ type: 'session-closed', sessionId, reason: 'exit' });
        return;
      }
      // The fleet file's rules answer first, then the node's facts, as for Run Command.
      const rule = ruleFor(this.ctx.profile, line);
      const answer =
        line === ''
          ? ''
          : rule
            ? `${rule.stdout}${rule.stderr}`
            : (builtinAnswer(line, this.identity, this.ctx.profile) ??
              `${line.split(/\s/)[0]}: command not found\n`);
      this.output(sessionId, `${answer}${this.prompt()}`);
    }
  }

  private prompt(): string {
    return 'PS C:\\Windows\\system32> ';
  }

  private output(sessionId: string, text: string): void {
    this.ctx.emit({ type: 'session-output', sessionId, data: Buffer.from(text, 'utf8').toString('base64') });
  }
}
