// What a session talks to on the node: a shell (pty, pipes or the fleet's scripted shell) or a TCP
// destination. Every stream gives bytes back through `onData` and says once that it ended through `onEnd`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import type { FleetEngine, NodeRef } from '../fleet/fleet.js';
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';
import { LineDiscipline } from './line-discipline.js';

// ---- a real shell on this host (shell-executor nodes with --allow-host-exec) ----

/** The part of node-pty's IPty the emulator uses (the standalone agent too). */
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

export interface HostShellOptions {
  cwd: string;
  env: Record<string, string>;
  /** Run this command instead of an interactive shell (InteractiveCommands / NonInteractiveCommands). */
  command?: string;
  cols?: number;
  rows?: number;
}

export function hostShell(opts: HostShellOptions, sink: StreamSink): NodeStream {
  mkdirSync(opts.cwd, { recursive: true });
  const args = opts.command ? ['-c', opts.command] : ['-i'];
  const pty = loadPty();
  if (pty) {
    const p = pty.spawn('sh', args, {
      name: 'xterm-256color',
      cols: opts.cols ?? 80,
      rows: opts.rows ?? 24,
      cwd: opts.cwd,
      env: { TERM: 'xterm-256color', ...opts.env },
    });
    let ended = false;
    p.onData((d) => sink.onData(Buffer.from(d, 'utf8')));
    p.onExit(({ exitCode }) => {
      ended = true;
      sink.onEnd(`exit ${exitCode}`);
    });
    return {
      write: (d) => !ended && p.write(d.toString('utf8')),
      resize: (c, r) => !ended && p.resize(Math.max(1, c), Math.max(1, r)),
      close: () => !ended && p.kill('SIGKILL'),
      pause: () => !ended && p.pause(),
      resume: () => !ended && p.resume(),
    };
  }
  const child = spawn('sh', args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
  return pipedShell(child, sink);
}

function pipedShell(child: ChildProcessWithoutNullStreams, sink: StreamSink): NodeStream {
  let ended = false;
  const discipline = new LineDiscipline({
    toTerminal: (d) => sink.onData(d),
    toShell: (line) => !ended && child.stdin.write(line),
    endOfInput: () => !ended && child.stdin.end(),
  });
  const out = (d: Buffer) => sink.onData(LineDiscipline.toTerminal(d));
  child.stdout.on('data', out);
  child.stderr.on('data', out);
  child.stdin.on('error', () => undefined);
  child.on('error', (e) => {
    ended = true;
    sink.onEnd(`failed to start the shell: ${e.message}`);
  });
  child.on('close', (code) => {
    if (ended) return;
    ended = true;
    sink.onEnd(`exit ${code ?? 1}`);
  });
  return {
    write: (d) => discipline.input(d),
    resize: () => undefined, // pipes have no window size
    close: () => {
      if (!ended) child.kill('SIGKILL');
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

// ---- a shell through the agent contract (scripted virtual nodes, standalone agents) ----

/** Routes the fleet's session-output / session-closed messages to the stream that owns the session id. */
export class FleetSessionRouter {
  private readonly sinks = new Map<string, StreamSink>();
  private readonly unsubscribe: () => void;

  constructor(private readonly fleet: FleetEngine) {
    this.unsubscribe = fleet.subscribe((_from, m) => {
      if (m.type === 'session-output') this.sinks.get(m.sessionId)?.onData(Buffer.from(m.data, 'base64'));
      else if (m.type === 'session-closed') {
        const sink = this.sinks.get(m.sessionId);
        this.sinks.delete(m.sessionId);
        sink?.onEnd(m.reason ?? 'closed');
      }
    });
  }

  get size(): number {
    return this.sinks.size;
  }

  /**
   * A shell on the node's agent. An agent with a pty gets raw keystrokes and the window size; for the others
   * keystrokes are edited here and sent a line at a time.
   */
  shell(
    ref: NodeRef,
    sessionId: string,
    sink: StreamSink,
    command?: string,
    size?: { cols: number; rows: number },
  ): NodeStream {
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      this.sinks.delete(sessionId);
      sink.onEnd(reason);
    };
    const pty = this.fleet.supports(ref, 'pty');
    const feed = (data: Buffer) =>
      this.fleet.send(ref, { type: 'feed-session', sessionId, data: data.toString('base64') });
    let input: (d: Buffer) => void = feed;
    if (pty) this.sinks.set(sessionId, { onData: (d) => sink.onData(d), onEnd: end });
    else {
      this.sinks.set(sessionId, { onData: (d) => sink.onData(LineDiscipline.toTerminal(d)), onEnd: end });
      const discipline = new LineDiscipline({
        toTerminal: (d) => sink.onData(d),
        toShell: (line) => feed(Buffer.from(line)),
        endOfInput: () => feed(Buffer.from('exit\n')),
      });
      input = (d) => discipline.input(d);
    }
    const initial = size && { cols: clampSize(size.cols), rows: clampSize(size.rows) };
    if (!this.fleet.send(ref, { type: 'open-session', sessionId, kind: 'shell', command, ...initial }))
      queueMicrotask(() => end('the node is not connected'));
    return {
      write: (d) => !ended && input(d),
      resize: (cols, rows) => {
        // Without a pty the shell has no window size, and scripted output does not wrap.
        if (ended || !pty) return;
        this.fleet.send(ref, {
          type: 'resize-session',
          sessionId,
          cols: clampSize(cols),
          rows: clampSize(rows),
        });
      },
      close: () => {
        if (ended) return;
        this.fleet.send(ref, { type: 'close-session', sessionId });
        end('closed');
      },
    };
  }

  /** A TCP connection the node's agent opens (standalone agents dial their own host). */
  port(ref: NodeRef, streamId: string, port: number, sink: StreamSink, host?: string): NodeStream {
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      this.sinks.delete(streamId);
      sink.onEnd(reason);
    };
    this.sinks.set(streamId, { onData: (d) => sink.onData(d), onEnd: end });
    if (!this.fleet.send(ref, { type: 'open-session', sessionId: streamId, kind: 'port', port, host }))
      queueMicrotask(() => end('the node is not connected'));
    return {
      write: (d) =>
        !ended &&
        this.fleet.send(ref, { type: 'feed-session', sessionId: streamId, data: d.toString('base64') }),
      resize: () => undefined,
      close: () => {
        if (ended) return;
        this.fleet.send(ref, { type: 'close-session', sessionId: streamId });
        end('closed');
      },
    };
  }

  close(): void {
    this.unsubscribe();
    this.sinks.clear();
  }
}

/** Within what the contract and a kernel's winsize accept (the client's Size message is checked below 10000). */
function clampSize(n: number): number {
  return Math.min(65535, Math.max(1, Math.floor(n)));
}

// ---- a TCP destination dialled by the emulator (virtual nodes: mapped ports, remote hosts) ----

export function tcpStream(host: string, port: number, sink: StreamSink): NodeStream {
  let ended = false;
  const sock: Socket = connect({ host, port });
  // Go's net.Dial (the agent) disables Nagle; with it on, a request cut into 1024-byte messages waits ~40 ms for
  // the destination's delayed ACK before its tail is sent.
  sock.setNoDelay(true);
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    sock.destroy();
    sink.onEnd(reason);
  };
  sock.on('data', (d: Buffer) => sink.onData(d));
  sock.on('error', (e) => end(`Connection to destination port failed: ${e.message}`));
  sock.on('close', () => end('destination closed'));
  return {
    write: (d) => !ended && sock.write(d),
    resize: () => undefined,
    close: () => end('closed'),
    pause: () => sock.pause(),
    resume: () => sock.resume(),
  };
}
