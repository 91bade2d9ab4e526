// The shell of a session on a virtual node without host execution: the one place that answers a session's
// typed lines and runs its commands. Linux and macOS nodes get their simulated shell (SimulatedShell);
// Windows nodes, whose PowerShell is out of reach, answer lines from rules and canned answers (ScriptedShell).
import type { OpenSession } from './streams/session-table.js';
import type { NodeStream, StreamSink } from '../agent-contract/streams.js';
import type { NodeIdentity, NodeProfile } from '../agent-contract/node-model.js';
import { builtinAnswer } from './builtin-answers.js';
import { ruleFor } from './rules.js';
import type { NodeShell } from './shell/node-shell.js';
import { openShellSession } from './shell/session.js';
import type { Executor } from './executors/types.js';
import { DEFAULT_EXECUTION_TIMEOUT_SECONDS } from './plugins/context.js';

/** What the engine asked for: a command (InteractiveCommands / NonInteractiveCommands) or a login shell. */
export type ShellRequest = Pick<OpenSession, 'command' | 'shellProfile' | 'cols' | 'rows'>;

export interface VirtualShell {
  /** Output goes to sink.onData (\n line ends: the engine turns them into \r\n); the end to sink.onEnd. */
  open(request: ShellRequest, sink: StreamSink): NodeStream;
}

/**
 * Lines are answered from the fleet file's rules, then from the node's facts (as Run Command would); a command
 * session runs its command with the node's executor. The shell profile is not run: nothing here keeps state.
 */
export class ScriptedShell implements VirtualShell {
  constructor(
    private readonly node: NodeIdentity,
    private readonly profile: NodeProfile,
    private readonly executor: Executor,
  ) {}

  open(request: ShellRequest, sink: StreamSink): NodeStream {
    return request.command !== undefined ? this.command(request.command, sink) : this.interactive(sink);
  }

  private get shell(): 'sh' | 'powershell' {
    return this.node.platformType === 'Windows' ? 'powershell' : 'sh';
  }

  private command(command: string, sink: StreamSink): NodeStream {
    const abort = new AbortController();
    void this.executor
      .run(
        {
          script: command,
          shell: this.shell,
          workingDirectory: '',
          timeoutSeconds: DEFAULT_EXECUTION_TIMEOUT_SECONDS,
          attempt: 0,
          env: {},
        },
        abort.signal,
      )
      .then((r) => {
        if (abort.signal.aborted) return;
        const text = `${r.stdout}${r.stderr}`;
        if (text) sink.onData(Buffer.from(text, 'utf8'));
        sink.onEnd(`exit ${r.exitCode}`);
      });
    return { write: () => undefined, resize: () => undefined, close: () => abort.abort() };
  }

  private interactive(sink: StreamSink): NodeStream {
    let buffer = '';
    let ended = false;
    const prompt = this.node.platformType === 'Windows' ? 'PS C:\\Windows\\system32> ' : 'sh-5.2$ ';
    const out = (text: string) => sink.onData(Buffer.from(text, 'utf8'));
    out(prompt);
    return {
      write: (data) => {
        if (ended) return;
        buffer += data.toString('utf8');
        let nl: number;
        while ((nl = buffer.search(/\r?\n|\r/)) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1).replace(/^\n/, '');
          if (line === 'exit') {
            ended = true;
            sink.onEnd('exit');
            return;
          }
          out(`${this.answer(line)}${prompt}`);
        }
      },
      resize: () => undefined,
      close: () => {
        ended = true;
      },
    };
  }

  private answer(line: string): string {
    if (line === '') return '';
    // The fleet file's rules answer first, then the node's facts, as for Run Command.
    const rule = ruleFor(this.profile, line);
    if (rule) return `${rule.stdout}${rule.stderr}`;
    return builtinAnswer(line, this.node, this.profile) ?? `${line.split(/\s/)[0]}: command not found\n`;
  }
}

/** A login shell in the node's simulated shell (state kept between lines); commands run as ScriptedShell runs them. */
export class SimulatedShell implements VirtualShell {
  constructor(
    private readonly shell: () => NodeShell,
    private readonly commands: VirtualShell,
  ) {}

  open(request: ShellRequest, sink: StreamSink): NodeStream {
    if (request.command !== undefined) return this.commands.open(request, sink);
    const session = openShellSession(this.shell(), {
      onOutput: (text) => sink.onData(Buffer.from(text, 'utf8')),
      onClose: (reason) => sink.onEnd(reason),
    });
    // The agent types the preferences' shell profile into the shell before the user's first line.
    if (request.shellProfile) session.feed(`${request.shellProfile.replace(/\r\n?/g, '\n')}\n`);
    return {
      write: (data) => session.feed(data.toString('utf8')),
      resize: () => undefined,
      close: () => session.close(),
    };
  }
}
