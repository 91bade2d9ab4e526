// A real shell on this host for a session: in a pty when node-pty loads (a terminal: echo, line editing, window
// size), on pipes otherwise (the engine then edits lines itself). Standalone agents and shell-executor virtual
// nodes with --allow-host-exec both open their shells here.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';

/** The part of node-pty's IPty the agents use. */
export interface PtyProcess {
  onData(fn: (d: string) => void): void;
  onExit(fn: (e: { exitCode: number }) => void): void;
  write(d: string | Buffer): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  pause(): void;
  resume(): void;
}
export interface PtyModule {
  spawn(file: string, args: string[], opts: Record<string, unknown>): PtyProcess;
}

let ptyModule: PtyModule | null | undefined;
/** node-pty is an optional dependency that builds with node-gyp; without it shells run on pipes. */
export function loadPty(): PtyModule | null {
  if (ptyModule === undefined) {
    try {
      ptyModule = createRequire(import.meta.url)('node-pty') as PtyModule;
    } catch {
      ptyModule = null;
    }
  }
  return ptyModule;
}

/** A terminal's size until the engine sends one (what a terminal without a size reports). */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;
/** After a hang-up (SIGHUP, what closing a terminal sends), how long a shell has before SIGKILL. */
const KILL_AFTER_MS = 2000;

const windows = process.platform === 'win32';

export interface HostShellOptions {
  /** Run this instead of an interactive shell (InteractiveCommands / NonInteractiveCommands). */
  command?: string;
  cols?: number;
  rows?: number;
  /** Folder the shell starts in, created if missing (default: this process's). */
  cwd?: string;
  /** The shell's whole environment (default: this process's). */
  env?: Record<string, string | undefined>;
  /** Typed into an interactive shell as it starts (the Session Manager preferences' shell profile). */
  profile?: string;
}

function shellCommand(command: string | undefined): [string, string[]] {
  if (windows) return ['powershell.exe', command ? ['-NoLogo', '-Command', command] : ['-NoLogo']];
  return ['sh', command ? ['-c', command] : ['-i']];
}

/** A shell in a pty when `pty` is given, on pipes otherwise. */
export function hostShell(pty: PtyModule | null, opts: HostShellOptions, sink: StreamSink): NodeStream {
  if (opts.cwd) mkdirSync(opts.cwd, { recursive: true });
  const stream = pty ? ptyShell(pty, opts, sink) : pipedShell(opts, sink);
  // The agent types the profile's commands into the new shell (amazon-ssm-agent's shell plugin does the same).
  if (opts.profile && !opts.command) stream.write(Buffer.from(`${opts.profile}\n`));
  return stream;
}

/** A shell on a pty: its output is already a terminal's (echo, line editing, \r\n), sent on as it comes. */
function ptyShell(pty: PtyModule, opts: HostShellOptions, sink: StreamSink): NodeStream {
  const [file, args] = shellCommand(opts.command);
  const p = pty.spawn(file, args, {
    name: 'xterm-256color',
    cols: opts.cols ?? DEFAULT_COLS,
    rows: opts.rows ?? DEFAULT_ROWS,
    cwd: opts.cwd ?? process.cwd(),
    // The real agent's shells see TERM=xterm-256color.
    env: { ...(opts.env ?? process.env), TERM: 'xterm-256color' },
  });
  let exited = false;
  let closed = false;
  p.onData((d) => !closed && sink.onData(Buffer.from(d, 'utf8')));
  p.onExit(({ exitCode }) => {
    exited = true;
    if (closed) return;
    closed = true;
    sink.onEnd(`exit ${exitCode}`);
  });
  return {
    write: (d) => !closed && p.write(d),
    resize: (cols, rows) => !closed && p.resize(Math.max(1, cols), Math.max(1, rows)),
    close: () => {
      if (closed) return;
      closed = true;
      hangUp(p, () => exited);
    },
    pause: () => !closed && p.pause(),
    resume: () => !closed && p.resume(),
  };
}

function hangUp(p: PtyProcess, exited: () => boolean): void {
  if (windows) return p.kill(); // ConPTY takes no signal names
  p.kill('SIGHUP');
  const t = setTimeout(() => !exited() && p.kill('SIGKILL'), KILL_AFTER_MS);
  t.unref();
  p.onExit(() => clearTimeout(t));
}

/** A shell on pipes: no terminal, no window size; the engine echoes and edits lines (agent without 'pty'). */
function pipedShell(opts: HostShellOptions, sink: StreamSink): NodeStream {
  const [file, args] = shellCommand(opts.command);
  const child = spawn(file, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let exited = false;
  let closed = false;
  const end = (reason: string) => {
    if (closed) return;
    closed = true;
    sink.onEnd(reason);
  };
  const out = (d: Buffer) => !closed && sink.onData(d);
  child.stdout.on('data', out);
  child.stderr.on('data', out);
  child.stdin.on('error', () => undefined);
  child.on('error', (e) => end(`failed to start the shell: ${e.message}`));
  child.on('close', (code) => {
    exited = true;
    end(`exit ${code ?? 1}`);
  });
  return {
    write: (d) => !closed && child.stdin.write(d),
    resize: () => undefined, // pipes have no window size
    close: () => {
      if (closed) return;
      closed = true;
      // An interactive sh ignores SIGTERM: end its input and hang up, then kill it if it is still there.
      child.stdin.end();
      child.kill(windows ? undefined : 'SIGHUP');
      const t = setTimeout(() => !exited && child.kill('SIGKILL'), KILL_AFTER_MS);
      t.unref();
      child.once('close', () => clearTimeout(t));
    },
    pause: () => {
      child.stdout.pause();
      child.stderr.pause();
    },
    resume: () => {
      child.stdout.resume();
      child.stderr.resume();
    },
  };
}
