// What a standalone agent's sessions run on its host: a shell in a pty (node-pty), a shell on pipes when
// node-pty is missing or the engine predates ptys, or a TCP connection for port forwarding.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { PtyModule, PtyProcess } from '../streams/host-shell.js';

export interface HostSession {
  write(data: Buffer): void;
  resize(cols: number, rows: number): void;
  /** Ends it now; its onEnd is not called after this. */
  close(): void;
}

export interface HostSessionEvents {
  onData(data: Buffer): void;
  /** It ended on its own (exit, destination closed); called once. */
  onEnd(reason: string): void;
}

/** A terminal's size until the engine sends one (what a terminal without a size reports). */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;
/** After a hang-up (SIGHUP, what closing a terminal sends), how long a shell has before SIGKILL. */
const KILL_AFTER_MS = 2000;

const windows = process.platform === 'win32';

function shellCommand(command: string | undefined): [string, string[]] {
  if (windows) return ['powershell.exe', command ? ['-NoLogo', '-Command', command] : ['-NoLogo']];
  return ['sh', command ? ['-c', command] : ['-i']];
}

export interface ShellOptions {
  /** Run this instead of an interactive shell (InteractiveCommands / NonInteractiveCommands). */
  command?: string;
  cols?: number;
  rows?: number;
}

/** A shell on a pty: its output is already a terminal's (echo, line editing, \r\n), sent on as it comes. */
export function ptyShell(pty: PtyModule, opts: ShellOptions, events: HostSessionEvents): HostSession {
  const [file, args] = shellCommand(opts.command);
  const p = pty.spawn(file, args, {
    name: 'xterm-256color',
    cols: opts.cols ?? DEFAULT_COLS,
    rows: opts.rows ?? DEFAULT_ROWS,
    cwd: process.cwd(),
    // The real agent's shells see TERM=xterm-256color.
    env: { ...process.env, TERM: 'xterm-256color' },
  });
  let exited = false;
  let closed = false;
  p.onData((d) => !closed && events.onData(Buffer.from(d, 'utf8')));
  p.onExit(({ exitCode }) => {
    exited = true;
    if (closed) return;
    closed = true;
    events.onEnd(`exit ${exitCode}`);
  });
  return {
    write: (d) => !closed && p.write(d),
    resize: (cols, rows) => !closed && p.resize(cols, rows),
    close: () => {
      if (closed) return;
      closed = true;
      hangUp(p, () => exited);
    },
  };
}

function hangUp(p: PtyProcess, exited: () => boolean): void {
  if (windows) return p.kill(); // ConPTY takes no signal names
  p.kill('SIGHUP');
  const t = setTimeout(() => !exited() && p.kill('SIGKILL'), KILL_AFTER_MS);
  t.unref();
  p.onExit(() => clearTimeout(t));
}

/** A shell on pipes (no node-pty here, or an engine that edits lines itself): no terminal, no window size. */
export function pipedShell(opts: ShellOptions, events: HostSessionEvents): HostSession {
  const [file, args] = shellCommand(opts.command);
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let exited = false;
  let closed = false;
  const end = (reason: string) => {
    if (closed) return;
    closed = true;
    events.onEnd(reason);
  };
  const out = (d: Buffer) => !closed && events.onData(d);
  child.stdout.on('data', out);
  child.stderr.on('data', out);
  child.stdin.on('error', () => undefined);
  child.on('error', (e) => end(`failed to start the shell: ${e.message}`));
  child.on('close', () => {
    exited = true;
    end('exit');
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
  };
}

/** The TCP connection of a port forward, dialled from this host. */
export function tcpSession(host: string, port: number, events: HostSessionEvents): HostSession {
  const sock = connect({ host, port });
  // As the engine does for virtual nodes (and Go's net.Dial for the real agent): with Nagle on, a request the
  // client cut into 1024-byte messages waits ~40 ms for the destination's delayed ACK before its tail is sent.
  sock.setNoDelay(true);
  let closed = false;
  const end = (reason: string) => {
    if (closed) return;
    closed = true;
    events.onEnd(reason);
  };
  sock.on('data', (d: Buffer) => !closed && events.onData(d));
  sock.on('error', (e) => end(`Connection to destination port ${port} failed: ${e.message}`));
  sock.on('close', () => end('port closed'));
  return {
    write: (d) => !closed && sock.write(d),
    resize: () => undefined,
    close: () => {
      closed = true;
      sock.destroy();
    },
  };
}
