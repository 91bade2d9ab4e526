// The plugin's mux port forwarding (session-protocol.md 7.4) on top of SessionClient: an smux v1 client whose
// frames travel as Output payloads, cut into 1024-byte messages as the plugin's reads of its smux pipe cut them.
import { createServer, type Server, type Socket } from 'node:net';
import { encodeFrame, SmuxCmd, SmuxDecoder, type SmuxFrame } from '../../../src/engine/sessions/smux.js';
import type { SessionClient } from './session-client.js';

/** smux's default MaxFrameSize: a larger write becomes several PSH frames. */
const MAX_FRAME_DATA = 32 * 1024;

export class MuxStream {
  /** Bytes the server sent on this stream. */
  received = Buffer.alloc(0);
  finReceived = false;
  finSent = false;
  onData?: (d: Buffer) => void;
  onFin?: () => void;

  constructor(
    private readonly mux: MuxClient,
    readonly id: number,
  ) {}

  get text(): string {
    return this.received.toString('utf8');
  }

  write(data: Buffer | string): void {
    const b = Buffer.from(data);
    for (let i = 0; i < b.length; i += MAX_FRAME_DATA)
      this.mux.sendFrame(SmuxCmd.PSH, this.id, b.subarray(i, i + MAX_FRAME_DATA));
  }

  fin(): void {
    if (this.finSent) return;
    this.finSent = true;
    this.mux.sendFrame(SmuxCmd.FIN, this.id);
  }

  waitForText(what: string | RegExp, timeoutMs?: number): Promise<void> {
    const test = () => (typeof what === 'string' ? this.text.includes(what) : what.test(this.text));
    return this.mux.client.waitFor(test, timeoutMs, `stream ${this.id}: ${String(what)}`);
  }

  waitForFin(timeoutMs?: number): Promise<void> {
    return this.mux.client.waitFor(() => this.finReceived, timeoutMs, `FIN on stream ${this.id}`);
  }

  /** @internal */
  frame(f: SmuxFrame): void {
    if (f.cmd === SmuxCmd.PSH) {
      this.received = Buffer.concat([this.received, f.data]);
      this.onData?.(f.data);
    } else if (f.cmd === SmuxCmd.FIN) {
      this.finReceived = true;
      this.onFin?.();
    }
  }
}

export class MuxClient {
  private readonly decoder = new SmuxDecoder();
  /** The plugin's smux client numbers its streams 3, 5, 7... */
  private nextId = 1;
  readonly streams = new Map<number, MuxStream>();
  /** Frames for no stream of ours, and NOPs. */
  readonly other: SmuxFrame[] = [];
  protocolError: string | undefined;

  constructor(readonly client: SessionClient) {
    client.onOutput = (d) => {
      this.protocolError ??= this.decoder.push(d, (f) => {
        const s = this.streams.get(f.streamId);
        if (s && f.cmd !== SmuxCmd.NOP) s.frame(f);
        else this.other.push(f);
      });
      return true;
    };
  }

  open(): MuxStream {
    this.nextId += 2;
    const s = new MuxStream(this, this.nextId);
    this.streams.set(s.id, s);
    this.sendFrame(SmuxCmd.SYN, s.id);
    return s;
  }

  sendFrame(cmd: number, streamId: number, data?: Buffer): void {
    this.client.sendBytes(encodeFrame(cmd, streamId, data));
  }

  /** Bytes as they are, for malformed frames. */
  sendRaw(bytes: Buffer): void {
    this.client.sendBytes(bytes);
  }

  /** As the plugin does: a local TCP port whose every connection is a stream of its own. */
  async listenLocal(port = 0): Promise<{ server: Server; port: number }> {
    const server = createServer((sock: Socket) => {
      const s = this.open();
      s.onData = (d) => sock.write(d);
      s.onFin = () => sock.end();
      sock.on('data', (d: Buffer) => s.write(d));
      sock.on('close', () => s.fin());
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const addr = server.address();
    return { server, port: typeof addr === 'object' && addr ? addr.port : port };
  }
}
