// The data channel's binary message (session-protocol.md section 4): a 120-byte big-endian header, then the
// payload. Used by the server and by our own client in contract-tests, so both sides share one layout.
import { createHash, randomUUID } from 'node:crypto';

/** Offset of PayloadLength; what HeaderLength always holds (the payload starts 4 bytes later). */
export const HEADER_LENGTH = 116;
const PAYLOAD_OFFSET = HEADER_LENGTH + 4;
const TYPE_FIELD_BYTES = 32;

export const MessageType = {
  Input: 'input_stream_data',
  Output: 'output_stream_data',
  Acknowledge: 'acknowledge',
  ChannelClosed: 'channel_closed',
  StartPublication: 'start_publication',
  PausePublication: 'pause_publication',
} as const;

export const PayloadType = {
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;

export const Flag = { DisconnectToPort: 1, TerminateSession: 2, ConnectToPortError: 3 } as const;

/** Header flags: SYN on a stream's first message, SYN|FIN on messages outside the sequences (acks). */
export const FLAG_SYN = 1n;
export const FLAG_UNSEQUENCED = 3n;

export interface AgentMessage {
  messageType: string;
  schemaVersion: number;
  createdDate: number;
  sequenceNumber: number;
  flags: bigint;
  messageId: string;
  payloadDigest: Buffer;
  payloadType: number;
  payload: Buffer;
}

export function encodeMessage(m: {
  messageType: string;
  sequenceNumber: number;
  payloadType: number;
  payload: Buffer;
  flags?: bigint;
  messageId?: string;
  createdDate?: number;
}): Buffer {
  const b = Buffer.alloc(PAYLOAD_OFFSET + m.payload.length);
  b.writeUInt32BE(HEADER_LENGTH, 0);
  b.fill(0x20, 4, 4 + TYPE_FIELD_BYTES);
  b.write(m.messageType, 4, TYPE_FIELD_BYTES, 'utf8');
  b.writeUInt32BE(1, 36);
  // CreatedDate is transport metadata (the plugin only checks it is non-zero), so wall time is right here.
  b.writeBigUInt64BE(BigInt(m.createdDate ?? Date.now()), 40);
  b.writeBigInt64BE(BigInt(m.sequenceNumber), 48);
  b.writeBigUInt64BE(m.flags ?? 0n, 56);
  writeMessageId(b, m.messageId ?? randomUUID());
  sha256(m.payload).copy(b, 80);
  b.writeUInt32BE(m.payloadType, 112);
  b.writeUInt32BE(m.payload.length, 116);
  m.payload.copy(b, PAYLOAD_OFFSET);
  return b;
}

export type DecodeResult = { ok: true; message: AgentMessage } | { ok: false; reason: string };

/** Decodes and validates as the real receivers do: header sane, type present, date set, digest matches. */
export function decodeMessage(buf: Buffer): DecodeResult {
  if (buf.length < PAYLOAD_OFFSET) return { ok: false, reason: 'message shorter than its header' };
  const headerLength = buf.readUInt32BE(0);
  if (headerLength !== HEADER_LENGTH) return { ok: false, reason: `bad header length ${headerLength}` };
  const messageType = buf
    .subarray(4, 4 + TYPE_FIELD_BYTES)
    .toString('utf8')
    .replace(/\0/g, '')
    .trim();
  if (!messageType) return { ok: false, reason: 'empty message type' };
  const createdDate = Number(buf.readBigUInt64BE(40));
  const payload = buf.subarray(PAYLOAD_OFFSET);
  const payloadLength = buf.readUInt32BE(116);
  if (payloadLength !== payload.length) return { ok: false, reason: 'payload length mismatch' };
  const payloadDigest = buf.subarray(80, 112);
  const publication =
    messageType === MessageType.StartPublication || messageType === MessageType.PausePublication;
  if (!publication) {
    if (createdDate === 0) return { ok: false, reason: 'created date is zero' };
    if (payload.length > 0 && !sha256(payload).equals(payloadDigest))
      return { ok: false, reason: 'payload digest mismatch' };
  }
  return {
    ok: true,
    message: {
      messageType,
      schemaVersion: buf.readUInt32BE(36),
      createdDate,
      sequenceNumber: Number(buf.readBigInt64BE(48)),
      flags: buf.readBigUInt64BE(56),
      messageId: readMessageId(buf),
      payloadDigest: Buffer.from(payloadDigest),
      payloadType: buf.readUInt32BE(112),
      payload: Buffer.from(payload),
    },
  };
}

export interface AcknowledgeContent {
  AcknowledgedMessageType: string;
  AcknowledgedMessageId: string;
  AcknowledgedMessageSequenceNumber: number;
  IsSequentialMessage: boolean;
}

export function encodeAck(of: AgentMessage): Buffer {
  const content: AcknowledgeContent = {
    AcknowledgedMessageType: of.messageType,
    AcknowledgedMessageId: of.messageId,
    AcknowledgedMessageSequenceNumber: of.sequenceNumber,
    IsSequentialMessage: true,
  };
  return encodeMessage({
    messageType: MessageType.Acknowledge,
    sequenceNumber: 0,
    flags: FLAG_UNSEQUENCED,
    payloadType: 0,
    payload: Buffer.from(JSON.stringify(content)),
  });
}

export function flagPayload(flag: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(flag, 0);
  return b;
}

function sha256(b: Buffer): Buffer {
  return createHash('sha256').update(b).digest();
}

// The UUID travels with its two 8-byte halves swapped (the plugin's messageparser).
function writeMessageId(b: Buffer, id: string): void {
  const raw = Buffer.from(id.replace(/-/g, ''), 'hex');
  raw.subarray(8, 16).copy(b, 64);
  raw.subarray(0, 8).copy(b, 72);
}

function readMessageId(b: Buffer): string {
  const hex = Buffer.concat([b.subarray(72, 80), b.subarray(64, 72)]).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
