// The plugin side of the Session Manager data channel, written from ../shared/reference/session-protocol.md:
// token frame, sequenced input with acks and resends, in-order output with acks, handshake, size, flags.
// Contract tests use it where the official session-manager-plugin would be.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import WebSocket from 'ws';
import {
  decodeMessage,
  encodeAck,
  encodeMessage,
  Flag,
  flagPayload,
  MessageType,
  PayloadType,
  type AgentMessage,
} from '../../../src/engine/sessions/agent-message.js';

export interface SessionClientOptions {
  /** Never acknowledge output (a misbehaving client). */
  noAck?: boolean;
}

export interface ChannelClosed {
  SessionId: string;
  Output: string;
  DestinationId: string;
}

export class SessionClient {
  private ws!: WebSocket;
  private outSeq = 0;
  private inExpected = 0;
  private readonly unacked = new Map<number, { frame: Buffer; sentAt: number }>();
  private readonly early = new Map<number, AgentMessage>();
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];
  /** Everything the server printed (payload type 1), in order. */
  output = Buffer.alloc(0);
  sessionType?: string;
  properties?: Record<string, unknown>;
  agentVersion?: string;
  handshakeComplete = false;
  closed?: ChannelClosed;
  socketClosed = false;
  /** Flags the server sent (payload type 10), e.g. ConnectToPortError. */
  flags: number[] = [];
  /** Output handler for port forwarding; returns false when nobody can take the bytes (they stay unacked). */
  onOutput?: (data: Buffer) => boolean;

  private constructor(
    private readonly streamUrl: string,
    private readonly opts: SessionClientOptions,
  ) {}

  static async open(
    streamUrl: string,
    token: string,
    opts: SessionClientOptions = {},
  ): Promise<SessionClient> {
    const c = new SessionClient(streamUrl, opts);
    await c.connect(token);
    c.timer = setInterval(() => c.resend(), 100);
    return c;
  }

  /** Opens a (new) websocket and presents a token; after a drop, unacked input goes out again. */
  async connect(token: string): Promise<void> {
    const ws = new WebSocket(this.streamUrl);
    this.ws = ws;
    this.socketClosed = false;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('message', (raw, isBinary) => {
      if (isBinary) this.receive(raw as Buffer);
    });
    ws.on('close', () => {
      if (this.ws === ws) this.socketClosed = true;
      this.notify();
    });
    ws.on('error', () => undefined);
    ws.send(
      JSON.stringify({
        MessageSchemaVersion: '1.0',
        RequestId: randomUUID(),
        TokenValue: token,
        ClientId: randomUUID(),
        ClientVersion: '1.2.0.0',
      }),
    );
    for (const p of this.unacked.values()) {
      p.sentAt = Date.now();
      ws.send(p.frame);
    }
  }

  /** The websocket breaks without a close handshake (network drop). */
  drop(): void {
    this.ws.terminate();
  }

  /** Raw frame, for tests of bad input. */
  sendRaw(frame: Buffer | string): void {
    this.ws.send(frame);
  }

  type(text: string): void {
    this.send(PayloadType.Output, Buffer.from(text, 'utf8'));
  }

  sendBytes(data: Buffer): void {
    for (let i = 0; i < data.length; i += 1024) this.send(PayloadType.Output, data.subarray(i, i + 1024));
  }

  resize(cols: number, rows: number): void {
    this.send(PayloadType.Size, Buffer.from(JSON.stringify({ cols, rows })));
  }

  flag(flag: number): void {
    this.send(PayloadType.Flag, flagPayload(flag));
  }

  terminate(): void {
    this.flag(Flag.TerminateSession);
  }

  get text(): string {
    return this.output.toString('utf8');
  }

  get pendingInput(): number {
    return this.unacked.size;
  }

  send(payloadType: number, payload: Buffer): number {
    const seq = this.outSeq++;
    const frame = encodeMessage({
      messageType: MessageType.Input,
      sequenceNumber: seq,
      payloadType,
      payload,
    });
    this.unacked.set(seq, { frame, sentAt: Date.now() });
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
    return seq;
  }

  /** Resolves when the condition holds (checked on every message), rejects after timeoutMs. */
  waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}; output so far: ${JSON.stringify(this.text)}`));
      }, timeoutMs);
      const check = () => {
        if (!cond()) return;
        clearTimeout(t);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  waitForText(re: RegExp | string, timeoutMs?: number): Promise<void> {
    const test = () => (typeof re === 'string' ? this.text.includes(re) : re.test(this.text));
    return this.waitFor(test, timeoutMs, String(re));
  }

  waitClosed(timeoutMs?: number): Promise<ChannelClosed> {
    return this.waitFor(() => !!this.closed, timeoutMs, 'channel_closed').then(() => this.closed!);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.ws.terminate();
  }

  /** Basic-mode port forwarding as the plugin does it: one local client at a time on a local TCP port. */
  async listenLocal(port = 0): Promise<{ server: Server; port: number }> {
    let current: Socket | undefined;
    this.onOutput = (d) => {
      if (!current || current.destroyed) return false;
      current.write(d);
      return true;
    };
    const server = createServer((sock) => {
      current = sock;
      sock.on('data', (d: Buffer) => this.sendBytes(d));
      sock.on('close', () => {
        if (current === sock) current = undefined;
        this.flag(Flag.DisconnectToPort);
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const addr = server.address();
    return { server, port: typeof addr === 'object' && addr ? addr.port : port };
  }

  private receive(frame: Buffer): void {
    const d = decodeMessage(frame);
    if (!d.ok) return;
    const m = d.message;
    if (m.messageType === MessageType.Acknowledge) {
      const ack = JSON.parse(m.payload.toString('utf8')) as { AcknowledgedMessageSequenceNumber: number };
      this.unacked.delete(ack.AcknowledgedMessageSequenceNumber);
    } else if (m.messageType === MessageType.ChannelClosed) {
      this.closed = JSON.parse(m.payload.toString('utf8')) as ChannelClosed;
    } else if (m.messageType === MessageType.Output) {
      this.output_(m);
    }
    this.notify();
  }

  // session-protocol.md 6.4: in order -> handle (ack if taken); early -> ack and buffer; old -> ignore.
  private output_(m: AgentMessage): void {
    if (m.sequenceNumber < this.inExpected) return;
    if (m.sequenceNumber > this.inExpected) {
      this.ack(m);
      this.early.set(m.sequenceNumber, m);
      return;
    }
    if (!this.handle(m)) return;
    this.inExpected++;
    let next: AgentMessage | undefined;
    while ((next = this.early.get(this.inExpected))) {
      this.early.delete(this.inExpected);
      if (!this.handle(next, false)) {
        this.early.set(next.sequenceNumber, next);
        break;
      }
      this.inExpected++;
    }
  }

  private handle(m: AgentMessage, ack = true): boolean {
    switch (m.payloadType) {
      case PayloadType.HandshakeRequest: {
        if (ack) this.ack(m);
        const req = JSON.parse(m.payload.toString('utf8')) as {
          AgentVersion: string;
          RequestedClientActions: {
            ActionType: string;
            ActionParameters: { SessionType: string; Properties: Record<string, unknown> };
          }[];
        };
        this.agentVersion = req.AgentVersion;
        const action = req.RequestedClientActions.find((a) => a.ActionType === 'SessionType');
        this.sessionType = action?.ActionParameters.SessionType;
        this.properties = action?.ActionParameters.Properties;
        this.send(
          PayloadType.HandshakeResponse,
          Buffer.from(
            JSON.stringify({
              ClientVersion: '1.2.0.0',
              ProcessedClientActions: [
                { ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' },
              ],
              Errors: null,
            }),
          ),
        );
        return true;
      }
      case PayloadType.HandshakeComplete:
        if (ack) this.ack(m);
        this.handshakeComplete = true;
        return true;
      case PayloadType.Flag:
        if (m.payload.length === 4) this.flags.push(m.payload.readUInt32BE(0));
        if (ack) this.ack(m);
        return true;
      default: {
        if (this.onOutput && !this.onOutput(m.payload)) return false; // dropped unacked: the server resends
        this.output = Buffer.concat([this.output, m.payload]);
        if (ack) this.ack(m);
        return true;
      }
    }
  }

  private ack(m: AgentMessage): void {
    if (this.opts.noAck) return;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encodeAck(m));
  }

  private resend(): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    for (const p of this.unacked.values()) {
      if (now - p.sentAt < 300) continue;
      p.sentAt = now;
      this.ws.send(p.frame);
    }
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
