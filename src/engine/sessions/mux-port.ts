// The agent's side of mux port forwarding (session-protocol.md 7.4, amazon-ssm-agent port_mux.go): one smux
// stream per local connection of the plugin, each with its own destination connection, all in one session.
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';
import { MAX_MUX_STREAMS, SMUX_KEEPALIVE_MS, STREAM_CHUNK_BYTES } from './limits.js';
import { encodeFrame, SMUX_HEADER_BYTES, SmuxCmd, SmuxDecoder, type SmuxFrame } from './smux.js';

export interface MuxHost {
  /** Dials the session's destination once more (a new connection per stream). */
  dial(sink: StreamSink): NodeStream;
  /** Bytes of the smux stream to the plugin (sent as Output). */
  send(bytes: Buffer): void;
  /** What a destination sent (the transcript keeps it without the framing). */
  received?(data: Buffer): void;
  /** The agent's ConnectToPortError flag: the plugin prints "Connection to destination port failed...". */
  connectFailed(): void;
  /** The mux cannot go on (a frame the protocol does not know, or the node went away): end the session. */
  fail(reason: string): void;
}

interface MuxStream {
  stream: NodeStream | undefined;
  /** The destination sent something, so it was reached (a later error is not a failed dial). */
  reached: boolean;
}

/** Destination bytes per PSH frame: one frame fills one data-channel message, as the agent's reads do. */
const PSH_DATA_BYTES = STREAM_CHUNK_BYTES - SMUX_HEADER_BYTES;

export class MuxPortServer {
  private readonly decoder = new SmuxDecoder();
  private readonly streams = new Map<number, MuxStream>();
  private paused = false;
  private closed = false;
  private keepAlive: NodeJS.Timeout | undefined;

  /** keepAlive: the plugin's smux expects a frame every 10 s (AgentVersion <= 3.1.1511.0), so send NOPs. */
  constructor(
    private readonly host: MuxHost,
    keepAlive: boolean,
  ) {
    // Transport timing, like the resends: the real clock, whatever the emulator clock does.
    if (keepAlive)
      this.keepAlive = setInterval(() => this.host.send(encodeFrame(SmuxCmd.NOP, 0)), SMUX_KEEPALIVE_MS);
  }

  /** Open destination connections. */
  get size(): number {
    return this.streams.size;
  }

  get timersPending(): number {
    return this.keepAlive ? 1 : 0;
  }

  /** An Output payload from the plugin: the next bytes of its smux stream. */
  input(payload: Buffer): void {
    if (this.closed) return;
    const error = this.decoder.push(payload, (f) => this.frame(f));
    if (error && !this.closed) this.host.fail(error);
  }

  /** The client is a window behind: every destination waits, as the agent's blocking write makes them. */
  pause(): void {
    this.paused = true;
    for (const s of this.streams.values()) s.stream?.pause?.();
  }

  resume(): void {
    this.paused = false;
    for (const s of this.streams.values()) s.stream?.resume?.();
  }

  /** The session ended: every destination connection closes, the keep-alive stops. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    const all = [...this.streams.values()];
    this.streams.clear();
    for (const s of all) s.stream?.close();
  }

  private frame(f: SmuxFrame): void {
    if (this.closed) return;
    switch (f.cmd) {
      case SmuxCmd.SYN:
        return this.open(f.streamId);
      case SmuxCmd.PSH:
        // smux drops data for a stream it does not know (one already closed on this side, or never opened).
        if (f.data.length) this.streams.get(f.streamId)?.stream?.write(f.data);
        return;
      case SmuxCmd.FIN: {
        const s = this.streams.get(f.streamId);
        if (!s) return;
        // The agent closes the destination, and closing its side of the stream sends FIN back.
        this.streams.delete(f.streamId);
        s.stream?.close();
        this.host.send(encodeFrame(SmuxCmd.FIN, f.streamId));
        return;
      }
      default:
        return; // NOP: the plugin's keep-alive
    }
  }

  private open(id: number): void {
    if (this.streams.has(id)) return; // smux ignores a SYN for an open stream
    if (this.streams.size >= MAX_MUX_STREAMS) {
      this.host.send(encodeFrame(SmuxCmd.FIN, id));
      return;
    }
    const entry: MuxStream = { stream: undefined, reached: false };
    this.streams.set(id, entry);
    const sink: StreamSink = {
      onData: (d) => {
        if (this.streams.get(id) !== entry) return;
        entry.reached = true;
        this.host.received?.(d);
        for (let i = 0; i < d.length; i += PSH_DATA_BYTES)
          this.host.send(encodeFrame(SmuxCmd.PSH, id, d.subarray(i, i + PSH_DATA_BYTES)));
      },
      onEnd: (reason) => {
        // Closed from this side (FIN from the plugin, the session's end): nothing more to say.
        if (this.streams.get(id) !== entry) return;
        this.streams.delete(id);
        if (reason.includes('not connected')) return this.host.fail(reason);
        if (!entry.reached && reason.startsWith('Connection to destination')) this.host.connectFailed();
        this.host.send(encodeFrame(SmuxCmd.FIN, id));
      },
    };
    entry.stream = this.host.dial(sink);
    if (this.streams.get(id) !== entry)
      entry.stream.close(); // it ended while being dialled
    else if (this.paused) entry.stream.pause?.();
  }
}
