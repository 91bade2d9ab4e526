// One running session: the data channel to the client, the stream on the node, the handshake, the
// preferences' timers on the emulator clock, and the transcript. It ends exactly once and then holds nothing.
import type { TimerHandle, Clock } from '../clock.js';
import { Flag, flagPayload, PayloadType, type AgentMessage } from './agent-message.js';
import { muxPortForwarding, smuxKeepAlive } from './agent-version.js';
import { DataChannel, type ChannelLimits } from './data-channel.js';
import { CLOSE_DRAIN_MS, CLOSE_GRACE_MS, HANDSHAKE_AGENT_VERSION } from './limits.js';
import { MuxPortServer } from './mux-port.js';
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';

export type SessionType = 'Standard_Stream' | 'InteractiveCommands' | 'NonInteractiveCommands' | 'Port';

export interface ClientSocket {
  send(frame: Buffer): void;
  close(code: number, reason: string): void;
}

/** What a live session asks of its surroundings (the engine provides it). */
export interface SessionHost {
  clock: Clock;
  /** Opens the node-side stream of a shell session. */
  openShell(sink: StreamSink, size: { cols: number; rows: number }): NodeStream;
  /** Dials the destination of a port session (once per local client connection, in basic and mux mode). */
  dial(sink: StreamSink): NodeStream;
  /** Status changes: Connected, Disconnected, and the end. */
  statusChanged(status: 'Connected' | 'Disconnected'): void;
  ended(status: 'Terminated' | 'Failed', detail: string, transcript: string): void;
  channelLimits?: Partial<ChannelLimits>;
}

export interface LiveSessionOptions {
  sessionId: string;
  target: string;
  sessionType: SessionType;
  properties: Record<string, unknown>;
  idleTimeoutMs: number;
  maxDurationMs?: number;
  /** Keep the transcript (session logging preferences). */
  transcript: boolean;
  /** Announced in the handshake (four integers): the node's own, which picks the plugin's port mode. */
  agentVersion?: string;
}

/** Kept per session in memory; the file written at the end holds at most this much. */
const MAX_TRANSCRIPT_CHARS = 4 * 1024 * 1024;
// Messages the real service prints when it ends a session on its own.
export const IDLE_TIMEOUT_MESSAGE = 'Your session timed out due to inactivity and has been terminated.';
export const MAX_DURATION_MESSAGE =
  'Your session has reached the maximum session duration and has been terminated.';

export class LiveSession {
  readonly channel: DataChannel;
  private socket: ClientSocket | undefined;
  private stream: NodeStream | undefined;
  /** Mux port forwarding: the smux server with a destination per stream (instead of `stream`). */
  private mux: MuxPortServer | undefined;
  private handshakeSent = false;
  private handshakeDone = false;
  private ended = false;
  private finishing = false;
  private size = { cols: 80, rows: 24 };
  private idleTimer: TimerHandle | undefined;
  private lastInputMs: number;
  private maxTimer: TimerHandle | undefined;
  private readonly graceTimers = new Set<NodeJS.Timeout>();
  private transcript = '';
  private handshakeStartNs = 0n;

  constructor(
    readonly opts: LiveSessionOptions,
    private readonly host: SessionHost,
  ) {
    this.channel = new DataChannel(
      {
        onInput: (m) => this.input(m),
        onFailure: (reason) => this.end('Failed', reason),
        onBackpressure: (full) => {
          if (full) {
            this.stream?.pause?.();
            this.mux?.pause();
          } else {
            this.stream?.resume?.();
            this.mux?.resume();
          }
        },
      },
      host.channelLimits,
    );
    this.lastInputMs = host.clock.nowMs();
    this.armIdle(opts.idleTimeoutMs);
    if (opts.maxDurationMs !== undefined)
      this.maxTimer = host.clock.setTimeout(opts.maxDurationMs, () =>
        this.end('Terminated', MAX_DURATION_MESSAGE),
      );
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get timersPending(): number {
    return (
      (this.idleTimer ? 1 : 0) +
      (this.maxTimer ? 1 : 0) +
      this.graceTimers.size +
      (this.mux?.timersPending ?? 0)
    );
  }

  /** A websocket presented this session's token: it carries the channel from now on. */
  attach(socket: ClientSocket): void {
    if (this.ended) {
      socket.close(1000, 'session ended');
      return;
    }
    const previous = this.socket;
    this.socket = socket;
    if (previous) previous.close(1000, 'replaced by a resumed connection');
    this.channel.attach(socket);
    this.host.statusChanged('Connected');
    if (!this.handshakeSent) {
      this.handshakeSent = true;
      this.handshakeStartNs = process.hrtime.bigint();
      this.channel.sendJson(PayloadType.HandshakeRequest, {
        AgentVersion: this.agentVersion,
        RequestedClientActions: [
          {
            ActionType: 'SessionType',
            ActionParameters: { SessionType: this.opts.sessionType, Properties: this.opts.properties },
          },
        ],
      });
    }
  }

  /** The websocket went away without channel_closed: keep everything for ResumeSession until the idle timeout. */
  detach(socket: ClientSocket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.channel.detach();
    if (!this.ended) this.host.statusChanged('Disconnected');
  }

  receive(frame: Buffer): void {
    if (!this.ended) this.channel.receive(frame);
  }

  private input(m: AgentMessage): void {
    this.touch();
    switch (m.payloadType) {
      case PayloadType.HandshakeResponse:
        if (this.handshakeDone) return;
        this.handshakeDone = true;
        this.channel.sendJson(PayloadType.HandshakeComplete, {
          HandshakeTimeToComplete: Number(process.hrtime.bigint() - this.handshakeStartNs),
          CustomerMessage: '',
        });
        this.startStream();
        return;
      case PayloadType.Output:
        if (!this.handshakeDone || this.finishing) return;
        if (this.mux) return this.mux.input(m.payload);
        if (this.opts.sessionType === 'Port' && !this.stream) this.stream = this.open();
        this.stream?.write(m.payload);
        return;
      case PayloadType.Size: {
        const size = parseSize(m.payload);
        if (!size) return;
        this.size = size;
        this.stream?.resize(size.cols, size.rows);
        return;
      }
      case PayloadType.Flag: {
        const flag = m.payload.length === 4 ? m.payload.readUInt32BE(0) : 0;
        if (flag === Flag.DisconnectToPort) {
          // The local client left: close the destination, dial again on its next bytes (basic mode).
          const s = this.stream;
          this.stream = undefined;
          s?.close();
        } else if (flag === Flag.TerminateSession) this.end('Terminated', '');
        return;
      }
      default:
        return;
    }
  }

  private get agentVersion(): string {
    return this.opts.agentVersion ?? HANDSHAKE_AGENT_VERSION;
  }

  private startStream(): void {
    if (this.opts.sessionType === 'Port' && muxPortForwarding(this.agentVersion, this.opts.properties))
      this.mux = this.openMux();
    else this.stream = this.open();
  }

  // The plugin opens a stream per local connection; each one dials the destination as basic mode does once.
  private openMux(): MuxPortServer {
    const mux = new MuxPortServer(
      {
        dial: (sink) => this.host.dial(sink),
        send: (bytes) => !this.ended && this.channel.send(PayloadType.Output, bytes),
        received: (data) => {
          if (this.opts.transcript && this.transcript.length < MAX_TRANSCRIPT_CHARS)
            this.transcript += data.toString('utf8');
        },
        connectFailed: () => this.channel.send(PayloadType.Flag, flagPayload(Flag.ConnectToPortError)),
        fail: (reason) => this.end('Failed', reason),
      },
      smuxKeepAlive(this.agentVersion),
    );
    if (this.channel.windowFull) mux.pause();
    return mux;
  }

  private open(): NodeStream {
    let self: NodeStream | undefined = undefined;
    const sink: StreamSink = {
      onData: (d) => {
        if (this.ended) return;
        if (this.opts.transcript && this.transcript.length < MAX_TRANSCRIPT_CHARS)
          this.transcript += d.toString('utf8');
        this.channel.send(PayloadType.Output, d);
      },
      onEnd: (reason) => {
        const current = this.stream === self || this.stream === undefined;
        if (this.stream === self) this.stream = undefined;
        if (this.opts.sessionType !== 'Port') return this.finish();
        // A port session outlives one destination connection, except when the destination cannot be reached
        // or the session forwards the plugin's stdin/stdout (no `type`, e.g. AWS-StartSSHSession).
        const failed = reason.startsWith('Connection to destination') || reason.includes('not connected');
        if (failed) return this.end('Terminated', reason);
        if (current && this.opts.properties.type !== 'LocalPortForwarding') this.finish();
      },
    };
    self = this.opts.sessionType === 'Port' ? this.host.dial(sink) : this.host.openShell(sink, this.size);
    if (this.channel.windowFull) self.pause?.(); // a re-dialled destination waits like the one before it
    return self;
  }

  // The node side ended on its own. The agent first waits for its output to be acknowledged (PrepareToCloseChannel):
  // the plugin drops output until its session handler is ready and exits on channel_closed, so ending at once loses it.
  private finish(): void {
    this.finishing = true;
    this.channel.whenDrained(CLOSE_DRAIN_MS, () => this.end('Terminated', ''));
  }

  // Input only moves the idle deadline; the one timer re-arms itself when it fires early. Re-arming per message
  // would cost every keystroke a clock timer cleared (a scan of all the emulator's timers) and set.
  private touch(): void {
    this.lastInputMs = this.host.clock.nowMs();
  }

  private armIdle(inMs: number): void {
    this.idleTimer = this.host.clock.setTimeout(inMs, () => {
      this.idleTimer = undefined;
      if (this.ended) return;
      const left = this.lastInputMs + this.opts.idleTimeoutMs - this.host.clock.nowMs();
      if (left > 0) this.armIdle(left);
      else this.end('Terminated', IDLE_TIMEOUT_MESSAGE);
    });
  }

  /** Ends the session once: channel_closed to the client, the node stream closed, every timer cleared. */
  end(status: 'Terminated' | 'Failed', output: string): void {
    if (this.ended) return;
    this.ended = true;
    this.host.clock.clearTimer(this.idleTimer);
    this.host.clock.clearTimer(this.maxTimer);
    this.idleTimer = this.maxTimer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    stream?.close();
    this.mux?.close();
    this.channel.sendChannelClosed({
      CreatedDate: new Date().toISOString(),
      DestinationId: this.opts.target,
      SessionId: this.opts.sessionId,
      MessageType: 'channel_closed',
      SchemaVersion: 1,
      Output: output,
    });
    this.channel.close();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      // Give channel_closed a moment on the wire before the close frame (session-protocol.md 8.1).
      const t = setTimeout(() => {
        this.graceTimers.delete(t);
        socket.close(1000, 'session ended');
      }, CLOSE_GRACE_MS);
      this.graceTimers.add(t);
    }
    this.host.ended(status, output, this.transcript);
    this.transcript = '';
  }

  /** Shutdown: no grace, sockets closed now. */
  dispose(): void {
    for (const t of this.graceTimers) clearTimeout(t);
    this.graceTimers.clear();
  }
}

function parseSize(payload: Buffer): { cols: number; rows: number } | undefined {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { cols?: unknown; rows?: unknown };
    const ok = (n: unknown): n is number =>
      typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 10000;
    return ok(v.cols) && ok(v.rows) ? { cols: v.cols, rows: v.rows } : undefined;
  } catch {
    return undefined;
  }
}
