// A Session Manager shell over a node's simulated shell. SSM Agent starts `sh` as ssm-user (or the
// preferences' runAsDefaultUser) in its own working directory, /usr/bin (agent/session/shell/shell_unix.go,
// amazon-ssm-agent.service WorkingDirectory), with HOME set to the user's home, TERM and LANG.
// Each line runs in the session's directory with its variables, which carry over to the next line.
import { posix } from 'node:path';
import { ruleFor } from '../rules.js';
import { SSM_USER, type UserInfo } from './users.js';
import { shPrompt } from './os-traits.js';
import type { LineState, NodeShell } from './node-shell.js';
import { agentEnv } from './env.js';

export interface ShellSessionOptions {
  /** The user the shell runs as; default ssm-user, as AWS's session preferences. */
  user?: string;
  onOutput(text: string): void;
  onClose(reason: string): void;
}

export interface ShellSession {
  feed(text: string): void;
  close(): void;
}

/** Where the agent runs, so where a session starts. */
export const SESSION_START_DIR = '/usr/bin';

interface Level {
  user: UserInfo;
  state: LineState;
  /** A root shell entered with sudo su / sudo -i shows bash's login prompt, not sh's. */
  login: boolean;
}

const EXIT = /^\s*(exit|logout)(\s+(-?\d+))?\s*$/;
const ROOT_SHELL = /^\s*sudo\s+(su|su\s+-|su\s+-l|su\s+root|su\s+-\s+root|-i|-s|-su)\s*$/;

export function openShellSession(shell: NodeShell, opts: ShellSessionOptions): ShellSession {
  const host = shell.host;
  const user = shell.userNamed(opts.user ?? SSM_USER) ?? shell.userNamed(SSM_USER)!;
  const levels: Level[] = [{ user, state: startState(shell, user, SESSION_START_DIR), login: false }];
  let buffer = '';
  let lineNo = 0;
  let closed = false;
  let queue = Promise.resolve();
  let running: AbortController | undefined;

  const prompt = () => {
    const top = levels[levels.length - 1];
    if (!top.login) return shPrompt(host.traits, top.user.uid === 0);
    const short = host.node.computerName.split('.')[0];
    const dir = top.state.cwd === top.user.home ? '~' : top.state.cwd;
    return host.traits.sh === 'dash'
      ? `${top.user.name}@${short}:${dir}# `
      : `[${top.user.name}@${short} ${dir === '~' ? '~' : posix.basename(dir) || '/'}]# `;
  };
  const end = (reason: string) => {
    if (closed) return;
    closed = true;
    running?.abort();
    opts.onClose(reason);
  };

  const runLine = async (line: string) => {
    if (closed) return;
    lineNo++;
    const top = levels[levels.length - 1];
    if (EXIT.test(line)) {
      levels.pop();
      if (!levels.length) return end('exit');
      opts.onOutput(prompt());
      return;
    }
    if (ROOT_SHELL.test(line) && top.user.uid !== 0) {
      const root = shell.userNamed('root')!;
      const login = !/-s\s*$/.test(line);
      levels.push({
        user: root,
        state: startState(shell, root, login ? root.home : top.state.cwd),
        login: true,
      });
      opts.onOutput(prompt());
      return;
    }
    let text = '';
    const rule = line.trim() ? ruleFor(host.profile, line) : undefined;
    if (rule) text = `${rule.stdout}${rule.stderr}`;
    else if (line.trim()) {
      running = new AbortController();
      const { out, state } = await shell.runLine(line, top.state, top.user, lineNo, running.signal);
      running = undefined;
      top.state = state;
      text = `${out.stdout}${out.stderr}`;
    }
    if (!closed) opts.onOutput(`${text}${prompt()}`);
  };

  opts.onOutput(prompt());
  return {
    feed(data: string) {
      if (closed) return;
      // Ctrl-C interrupts the running line, as the terminal's SIGINT would.
      if (data.includes('\x03')) {
        running?.abort();
        buffer = '';
        data = data.slice(data.lastIndexOf('\x03') + 1);
        opts.onOutput(`^C\n${running ? '' : prompt()}`);
      }
      buffer += data;
      let nl: number;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
        queue = queue
          .then(() => runLine(line))
          .catch((err: Error) => {
            if (!closed) opts.onOutput(`sh: ${err.message}\n${prompt()}`);
          });
      }
    },
    close() {
      if (closed) return;
      closed = true;
      running?.abort();
    },
  };
}

/** A new shell: the agent's environment, plus HOME of the user, TERM and LANG, all exported. */
function startState(shell: NodeShell, user: UserInfo, cwd: string): LineState {
  const vars = { ...agentEnv(shell.host), TERM: 'xterm-256color', HOME: user.home };
  return { cwd, vars, exported: Object.keys(vars) };
}
