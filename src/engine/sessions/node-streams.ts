// What a session talks to on the node: a stream through the node's agent (in process or over the websocket
// alike). The engine never spawns or dials for a node: the agent does, and its bytes come back as messages.
import type { EngineToAgent } from '../../agent-contract/protocol.js';
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';
import type { FleetEngine, NodeRef } from '../fleet/fleet.js';
import { LineDiscipline } from './line-discipline.js';

export interface ShellRequest {
  /** Run this instead of an interactive shell (InteractiveCommands / NonInteractiveCommands). */
  command?: string;
  /** Commands the agent types into a new interactive shell (Session Manager preferences). */
  shellProfile?: string;
  cols: number;
  rows: number;
}

/** Routes the fleet's session-output / session-closed messages to the stream that owns the session id. */
export class FleetSessionRouter {
  private readonly sinks = new Map<string, StreamSink>();
  private readonly portStreams = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly fleet: FleetEngine) {
    this.unsubscribe = fleet.subscribe((_from, m) => {
      if (m.type === 'session-output') this.sinks.get(m.sessionId)?.onData(Buffer.from(m.data, 'base64'));
      else if (m.type === 'session-closed') this.sinks.get(m.sessionId)?.onEnd(m.reason ?? 'closed');
    });
  }

  /** Streams open (shells and port connections). */
  get size(): number {
    return this.sinks.size;
  }

  /** Port connections open: the destinations agents hold for this engine. */
  get ports(): number {
    return this.portStreams.size;
  }

  /**
   * A shell on the node's agent. An agent with a pty gets raw keystrokes and the window size; for the others
   * keystrokes are edited here and sent a line at a time.
   */
  shell(ref: NodeRef, sessionId: string, sink: StreamSink, request: ShellRequest): NodeStream {
    const { command, shellProfile } = request;
    // The size goes to every agent (one without a pty ignores it), resize-session only to those with one.
    const open = {
      kind: 'shell' as const,
      command,
      shellProfile,
      cols: clampSize(request.cols),
      rows: clampSize(request.rows),
    };
    if (this.fleet.supports(ref, 'pty')) return this.open(ref, sessionId, sink, open, true);
    let ended = false;
    const raw = this.open(
      ref,
      sessionId,
      {
        onData: (d) => sink.onData(LineDiscipline.toTerminal(d)),
        onEnd: (reason) => {
          ended = true;
          sink.onEnd(reason);
        },
      },
      open,
      false,
    );
    const discipline = new LineDiscipline({
      toTerminal: (d) => sink.onData(d),
      toShell: (line) => raw.write(Buffer.from(line)),
      endOfInput: () => raw.write(Buffer.from('exit\n')),
    });
    return { ...raw, write: (d) => !ended && discipline.input(d) };
  }

  /** A TCP connection the node's agent opens to `host` (default: the node itself) and `port`. */
  port(ref: NodeRef, streamId: string, port: number, sink: StreamSink, host?: string): NodeStream {
    this.portStreams.add(streamId);
    return this.open(ref, streamId, sink, { kind: 'port', port, host }, false);
  }

  close(): void {
    this.unsubscribe();
    this.sinks.clear();
    this.portStreams.clear();
  }

  /** Opens a session on the agent; `resizes`: window sizes reach it (a pty). */
  private open(
    ref: NodeRef,
    sessionId: string,
    sink: StreamSink,
    open: Omit<Extract<EngineToAgent, { type: 'open-session' }>, 'type' | 'sessionId'>,
    resizes: boolean,
  ): NodeStream {
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      this.sinks.delete(sessionId);
      this.portStreams.delete(sessionId);
      sink.onEnd(reason);
    };
    this.sinks.set(sessionId, { onData: (d) => !ended && sink.onData(d), onEnd: end });
    if (!this.fleet.send(ref, { type: 'open-session', sessionId, ...open }))
      queueMicrotask(() => end('the node is not connected'));
    const control = (type: 'pause-session' | 'resume-session') => {
      if (!ended) this.fleet.send(ref, { type, sessionId });
    };
    return {
      write: (d) => {
        if (!ended) this.fleet.send(ref, { type: 'feed-session', sessionId, data: d.toString('base64') });
      },
      resize: (cols, rows) => {
        // Without a pty the shell has no window size, and scripted output does not wrap.
        if (ended || !resizes) return;
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
      pause: () => control('pause-session'),
      resume: () => control('resume-session'),
    };
  }
}

/** Within what the contract and a kernel's winsize accept (the client's Size message is checked below 10000). */
function clampSize(n: number): number {
  return Math.min(65535, Math.max(1, Math.floor(n)));
}
