// The plugin side of a Session Manager data channel, for load: written from
// docs/session-protocol.md like contract-tests/sessions/client (which is TypeScript and
// not compiled). Token frame, handshake answers, acknowledgements, in-order output, resends of the
// oldest unacknowledged input (as the plugin does), and the plugin's only flow control: a blocking
// websocket write, here a wait for the socket when too much is buffered.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const HEADER_LENGTH = 116;
const PAYLOAD_OFFSET = 120;
const TYPE_BYTES = 32;
const CHUNK = 1024; // the plugin reads stdin / TCP in 1024-byte chunks (6.5)
const RESEND_TICK_MS = 100; // the plugin's ResendSleepInterval
const RESEND_AFTER_MS = 300; // what the reference harness used; the plugin adapts it to the RTT
const SOCKET_HIGH_WATER = 4 * 1024 * 1024; // bytes queued in the websocket before a writer waits

export const PayloadType = {
  Output: 1,
  Size: 3,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  Flag: 10,
};
export const Flag = { DisconnectToPort: 1, TerminateSession: 2 };

const typeField = (name) => {
  const b = Buffer.alloc(TYPE_BYTES, 0x20);
  b.write(name, 0, 'utf8');
  return b;
};
const INPUT_TYPE = typeField('input_stream_data');
const ACK_TYPE = typeField('acknowledge');

const sha256 = (b) => createHash('sha256').update(b).digest();

function encode(type, seq, flags, payloadType, payload) {
  const b = Buffer.allocUnsafe(PAYLOAD_OFFSET + payload.length);
  b.writeUInt32BE(HEADER_LENGTH, 0);
  type.copy(b, 4);
  b.writeUInt32BE(1, 36);
  b.writeBigUInt64BE(BigInt(Date.now()), 40);
  b.writeBigInt64BE(BigInt(seq), 48);
  b.writeBigUInt64BE(flags, 56);
  randomBytes(16).copy(b, 64); // a random message id (its halves swapped is random too)
  sha256(payload).copy(b, 80);
  b.writeUInt32BE(payloadType, 112);
  b.writeUInt32BE(payload.length, 116);
  payload.copy(b, PAYLOAD_OFFSET);
  return b;
}

/** Validates as the plugin does (header, type, date, digest); undefined when it would drop the frame. */
function decode(buf) {
  if (buf.length < PAYLOAD_OFFSET || buf.readUInt32BE(0) !== HEADER_LENGTH) return undefined;
  const type = buf
    .toString('utf8', 4, 4 + TYPE_BYTES)
    .replace(/\0/g, '')
    .trim();
  const payload = buf.subarray(PAYLOAD_OFFSET);
  if (!type || buf.readBigUInt64BE(40) === 0n) return undefined;
  if (payload.length > 0 && !sha256(payload).equals(buf.subarray(80, 112))) return undefined;
  return { type, seq: Number(buf.readBigInt64BE(48)), payloadType: buf.readUInt32BE(112), payload, buf };
}

function messageId(buf) {
  const hex = buf.toString('hex', 72, 80) + buf.toString('hex', 64, 72);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function ackFrame(m) {
  const content = JSON.stringify({
    AcknowledgedMessageType: m.type,
    AcknowledgedMessageId: messageId(m.buf),
    AcknowledgedMessageSequenceNumber: m.seq,
    IsSequentialMessage: true,
  });
  return encode(ACK_TYPE, 0, 3n, 0, Buffer.from(content));
}

export class SessionChannel {
  /** Output bytes (payload type 1) in order; return false to refuse them (left unacknowledged). */
  onData = () => true;
  sessionType = undefined;
  properties = undefined;
  closedWith = undefined; // the channel_closed content
  socketClosed = false;
  resends = 0;
  /** Output messages received again after they were taken (the server resent them). */
  duplicates = 0;

  #ws;
  #outSeq = 0;
  #inExpected = 0;
  #unacked = new Map(); // seq -> { frame, sentAt }, in sending order
  #early = new Map();
  #timer;
  #handshake;
  #closed;

  /** Connects, presents the token and completes the handshake; resolves with the open channel. */
  static async open(streamUrl, token, { onData, handshakeTimeoutMs = 30_000 } = {}) {
    const c = new SessionChannel();
    if (onData) c.onData = onData; // output may arrive in the same read as the handshake's end
    const handshake = new Promise((resolve, reject) => {
      c.#handshake = { resolve, reject };
    });
    c.#closed = new Promise((resolve) => {
      c.#closedResolve = resolve;
    });
    const ws = new WebSocket(streamUrl, { perMessageDeflate: false });
    c.#ws = ws;
    ws.on('message', (raw, isBinary) => isBinary && c.#receive(raw));
    ws.on('close', () => {
      c.socketClosed = true;
      c.#handshake.reject(new Error('socket closed before the handshake completed'));
      c.#closedResolve();
    });
    ws.on('error', (err) => c.#handshake.reject(err));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(
      JSON.stringify({
        MessageSchemaVersion: '1.0',
        RequestId: randomUUID(),
        TokenValue: token,
        ClientId: randomUUID(),
        ClientVersion: '1.2.0.0',
      }),
    );
    c.#timer = setInterval(() => c.#resendOldest(), RESEND_TICK_MS);
    const timeout = setTimeout(() => c.#handshake.reject(new Error('no handshake')), handshakeTimeoutMs);
    try {
      await handshake;
    } finally {
      clearTimeout(timeout);
    }
    return c;
  }

  #closedResolve = () => undefined;

  get unackedInput() {
    return this.#unacked.size;
  }

  /** Resolves when channel_closed arrived or the socket closed. */
  get closed() {
    return this.#closed;
  }

  /** One sequenced input message; `written` is called once the socket took it. */
  send(payloadType, payload, written) {
    const seq = this.#outSeq++;
    const frame = encode(INPUT_TYPE, seq, 0n, payloadType, payload);
    this.#unacked.set(seq, { frame, sentAt: performance.now() });
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(frame, written);
    else written?.();
  }

  type(text) {
    this.send(PayloadType.Output, Buffer.from(text, 'utf8'));
  }

  resize(cols, rows) {
    this.send(PayloadType.Size, Buffer.from(JSON.stringify({ cols, rows })));
  }

  flag(flag) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(flag, 0);
    this.send(PayloadType.Flag, b);
  }

  /** Sends bytes in 1024-byte messages; waits whenever the websocket holds too much, as a blocking write would. */
  async sendBytes(data) {
    for (let i = 0; i < data.length; i += CHUNK) {
      const chunk = data.subarray(i, i + CHUNK);
      if (this.#ws.bufferedAmount > SOCKET_HIGH_WATER)
        await new Promise((resolve) => this.send(PayloadType.Output, chunk, resolve));
      else this.send(PayloadType.Output, chunk);
    }
  }

  close() {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#ws.terminate();
  }

  #receive(raw) {
    const m = decode(raw);
    if (!m) return;
    if (m.type === 'acknowledge') {
      try {
        this.#unacked.delete(JSON.parse(m.payload.toString('utf8')).AcknowledgedMessageSequenceNumber);
      } catch {
        // not JSON: nothing acknowledged
      }
    } else if (m.type === 'channel_closed') {
      this.closedWith = JSON.parse(m.payload.toString('utf8'));
      this.#closedResolve();
    } else if (m.type === 'output_stream_data') this.#output(m);
  }

  // session-protocol.md 6.4: in order -> handle, ack when taken; early -> ack and keep; old -> ignore.
  #output(m) {
    if (m.seq < this.#inExpected) {
      this.duplicates++;
      return;
    }
    if (m.seq > this.#inExpected) {
      this.#ack(m);
      this.#early.set(m.seq, m);
      return;
    }
    if (!this.#handle(m, true)) return;
    this.#inExpected++;
    let next;
    while ((next = this.#early.get(this.#inExpected))) {
      this.#early.delete(this.#inExpected);
      if (!this.#handle(next, false)) {
        this.#early.set(next.seq, next);
        return;
      }
      this.#inExpected++;
    }
  }

  #handle(m, ack) {
    if (m.payloadType === PayloadType.HandshakeRequest) {
      if (ack) this.#ack(m);
      const req = JSON.parse(m.payload.toString('utf8'));
      const action = req.RequestedClientActions?.find((a) => a.ActionType === 'SessionType');
      this.sessionType = action?.ActionParameters?.SessionType;
      this.properties = action?.ActionParameters?.Properties;
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
    if (m.payloadType === PayloadType.HandshakeComplete) {
      if (ack) this.#ack(m);
      this.#handshake.resolve();
      return true;
    }
    if (!this.onData(m.payload)) return false;
    if (ack) this.#ack(m);
    return true;
  }

  #ack(m) {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(ackFrame(m));
  }

  // The plugin's ResendStreamDataMessageScheduler: only the oldest unacknowledged message, once it is due.
  #resendOldest() {
    const oldest = this.#unacked.values().next().value;
    if (!oldest || this.#ws.readyState !== WebSocket.OPEN) return;
    const now = performance.now();
    if (now - oldest.sentAt < RESEND_AFTER_MS) return;
    oldest.sentAt = now;
    this.resends++;
    this.#ws.send(oldest.frame);
  }
}
