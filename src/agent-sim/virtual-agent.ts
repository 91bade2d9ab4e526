// An in-process agent for a virtual node: speaks the agent contract, runs plugins with the node's executor on
// the emulator clock, and applies the node's faults (latency, hang, failure probability).
import { join } from 'node:path';
import type { AgentLink, DeliverCommand, EngineToAgent } from '../agent-contract/protocol.js';
import type { VirtualAgentContext } from '../agent-contract/in-process.js';
import { clockSleeper, type Sleeper } from './clock-sleep.js';
import { ScriptedExecutor } from './executors/scripted.js';
import { ShellExecutor } from './executors/shell.js';
import type { Executor } from './executors/types.js';
import { withFaultDefaults, type NodeFaults } from '../agent-contract/node-model.js';
import { REBOOT_SECONDS, timeoutExitCode, type PluginContext } from './plugins/context.js';
import { runSteps } from './plugins/run-steps.js';
import { builtinAnswer } from './builtin-answers.js';

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
  private readonly sessions = new Map<string, { kind: 'shell' | 'port'; buffer: string }>();
  private readonly state = { files: new Map<string, string>(), packages: new Map<string, string | null>() };
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
    this.executor =
      profile.behaviour.executor === 'shell' && opts.allowHostExec
        ? new ShellExecutor({
            sandbox: join(opts.sandboxRoot, node.instanceId),
            defaultCwd: join(opts.sandboxRoot, node.instanceId, 'work'),
            timeoutExitCode: exitOnTimeout,
          })
        : new ScriptedExecutor(this.identity, profile, this.sleeper, exitOnTimeout);
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
    this.ctx.emit({ type: 'heartbeat', instanceId: this.identity.instanceId });
  }

  // ---- sessions: a scripted shell answers lines from node facts; a port session accepts listed ports ----

  private openSession(sessionId: string, kind: 'shell' | 'port', port?: number): void {
    if (kind === 'port' && (port === undefined || !this.ctx.profile.facts.ports.includes(port))) {
      this.ctx.emit({
        type: 'session-closed',
        sessionId,
        reason: `Connection to destination port ${port ?? '?'} failed`,
      });
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
      const shell = this.identity.platformType === 'Windows' ? 'powershell' : 'sh';
      // The fleet file's rules answer first, then the node's facts, as for Run Command.
      const rule = this.ctx.profile.behaviour.rules.find((r) => new RegExp(r.match, 'm').test(line));
      const answer =
        line === ''
          ? ''
          : rule
            ? `${rule.stdout}${rule.stderr}`
            : (builtinAnswer(line, shell, this.identity, this.ctx.profile) ??
              `${line.split(/\s/)[0]}: command not found\n`);
      this.output(sessionId, `${answer}${this.prompt()}`);
    }
  }

  private prompt(): string {
    return this.identity.platformType === 'Windows' ? 'PS C:\\Windows\\system32> ' : 'sh-5.2$ ';
  }

  private output(sessionId: string, text: string): void {
    this.ctx.emit({ type: 'session-output', sessionId, data: Buffer.from(text, 'utf8').toString('base64') });
  }
}
