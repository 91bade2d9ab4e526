// An agent's open sessions, by the engine's session id: what both agents (virtual and standalone) do with the
// contract's session messages. Only how a session opens differs between them (the opener).
import type { AgentToEngine, EngineToAgent } from '../../agent-contract/protocol.js';
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';

export type OpenSession = Extract<EngineToAgent, { type: 'open-session' }>;
/** Opens what the session talks to on the node; it may throw (the session is then closed at once). */
export type SessionOpener = (message: OpenSession, sink: StreamSink) => NodeStream;

export class SessionTable {
  private readonly sessions = new Map<string, NodeStream>();

  constructor(
    private readonly emit: (message: AgentToEngine) => void,
    private readonly opener: SessionOpener,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Handles a session message; false when the message is not about sessions. */
  handle(m: EngineToAgent): boolean {
    switch (m.type) {
      case 'open-session':
        this.open(m);
        return true;
      case 'feed-session':
        this.sessions.get(m.sessionId)?.write(Buffer.from(m.data, 'base64'));
        return true;
      case 'resize-session':
        this.sessions.get(m.sessionId)?.resize(m.cols, m.rows);
        return true;
      case 'pause-session':
        this.sessions.get(m.sessionId)?.pause?.();
        return true;
      case 'resume-session':
        this.sessions.get(m.sessionId)?.resume?.();
        return true;
      case 'close-session':
        // The engine closed it: it knows, so nothing goes back.
        this.sessions.get(m.sessionId)?.close();
        this.sessions.delete(m.sessionId);
        return true;
      default:
        return false;
    }
  }

  /** Ends every session now (the connection dropped, the agent stops); returns their ids. */
  closeAll(): string[] {
    const ids = [...this.sessions.keys()];
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) s.close();
    return ids;
  }

  private open(m: OpenSession): void {
    const { sessionId } = m;
    this.sessions.get(sessionId)?.close();
    this.sessions.delete(sessionId);
    let stream: NodeStream | undefined;
    let ended: string | undefined;
    const sink: StreamSink = {
      onData: (data) => this.emit({ type: 'session-output', sessionId, data: data.toString('base64') }),
      onEnd: (reason) => {
        if (!stream)
          ended = reason; // it ended while opening
        else if (this.sessions.get(sessionId) === stream) {
          this.sessions.delete(sessionId);
          this.emit({ type: 'session-closed', sessionId, reason });
        }
      },
    };
    try {
      stream = this.opener(m, sink);
    } catch (err) {
      this.emit({ type: 'session-closed', sessionId, reason: `failed to start: ${(err as Error).message}` });
      return;
    }
    if (ended !== undefined) this.emit({ type: 'session-closed', sessionId, reason: ended });
    else this.sessions.set(sessionId, stream);
  }
}
