// smux protocol version 1 (xtaci/smux), the multiplexing of mux port forwarding (session-protocol.md 7.4): the
// plugin is the smux client, the emulator the server, and the Output payloads of each direction form one byte
// stream of frames. The codec is shared with our own client in contract-tests.

export const SMUX_VERSION = 1;
export const SMUX_HEADER_BYTES = 8;
/** The length field is a uint16. */
export const SMUX_MAX_DATA = 0xffff;

export const SmuxCmd = { SYN: 0, FIN: 1, PSH: 2, NOP: 3 } as const;

export interface SmuxFrame {
  cmd: number;
  streamId: number;
  data: Buffer;
}

/** Header: version, cmd, length (uint16 LE), stream id (uint32 LE); then the data. */
export function encodeFrame(cmd: number, streamId: number, data: Buffer = Buffer.alloc(0)): Buffer {
  if (data.length > SMUX_MAX_DATA) throw new RangeError(`smux frame data of ${data.length} bytes`);
  const frame = Buffer.allocUnsafe(SMUX_HEADER_BYTES + data.length);
  frame[0] = SMUX_VERSION;
  frame[1] = cmd;
  frame.writeUInt16LE(data.length, 2);
  frame.writeUInt32LE(streamId >>> 0, 4);
  data.copy(frame, SMUX_HEADER_BYTES);
  return frame;
}

/**
 * Reassembles frames from the byte stream, whatever the message boundaries. A frame with another version or an
 * unknown command desynchronises the stream for good (smux ends its session on it, errInvalidProtocol): push
 * returns the reason and the decoder takes nothing more.
 */
export class SmuxDecoder {
  private parts: Buffer[] = [];
  private head = 0;
  private have = 0;
  private header: { cmd: number; length: number; streamId: number } | undefined;
  private failed: string | undefined;

  push(chunk: Buffer, onFrame: (f: SmuxFrame) => void): string | undefined {
    if (this.failed) return this.failed;
    if (chunk.length) {
      this.parts.push(chunk);
      this.have += chunk.length;
    }
    for (;;) {
      if (!this.header) {
        if (this.have < SMUX_HEADER_BYTES) return undefined;
        const h = this.take(SMUX_HEADER_BYTES);
        if (h[0] !== SMUX_VERSION) return this.fail(`invalid smux version ${h[0]}`);
        if (h[1] > SmuxCmd.NOP) return this.fail(`invalid smux command ${h[1]}`);
        this.header = { cmd: h[1], length: h.readUInt16LE(2), streamId: h.readUInt32LE(4) };
      }
      if (this.have < this.header.length) return undefined;
      const { cmd, length, streamId } = this.header;
      this.header = undefined;
      onFrame({ cmd, streamId, data: length ? this.take(length) : Buffer.alloc(0) });
      if (this.failed) return this.failed;
    }
  }

  /** Bytes held for an incomplete frame (at most one frame and one message). */
  get buffered(): number {
    return this.have;
  }

  private fail(reason: string): string {
    this.failed = reason;
    this.parts = [];
    this.head = 0;
    this.have = 0;
    return reason;
  }

  // Whole frames inside one message are views of it; a frame spread over messages is copied once.
  private take(n: number): Buffer {
    this.have -= n;
    const first = this.parts[this.head];
    if (first.length >= n) {
      if (first.length === n) this.advance();
      else this.parts[this.head] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const p = this.parts[this.head];
      const k = Math.min(p.length, n - at);
      p.copy(out, at, 0, k);
      at += k;
      if (k === p.length) this.advance();
      else this.parts[this.head] = p.subarray(k);
    }
    return out;
  }

  // An index, not shift(): a frame of many small messages must not cost a copy of the list per message.
  private advance(): void {
    this.head++;
    if (this.head === this.parts.length) {
      this.parts = [];
      this.head = 0;
    } else if (this.head >= 64 && this.head * 2 >= this.parts.length) {
      // Consumed messages must not stay referenced while a frame is still incomplete.
      this.parts = this.parts.slice(this.head);
      this.head = 0;
    }
  }
}
