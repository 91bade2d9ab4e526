import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../src/engine/sessions/agent-message.js';

// session-protocol.md 4.1: the worked example, byte for byte.
const EXAMPLE =
  '00000074' +
  Buffer.from('output_stream_data').toString('hex') +
  '20'.repeat(14) +
  '00000001' +
  '0000018bcfe56800' +
  '0000000000000005' +
  '0000000000000000' +
  '8899aabbccddeeff0011223344556677' +
  '44723dd4d0e0d46a3c7fa8aca254b61c27b6b5789f96177e82c80700409f1535' +
  '00000001' +
  '00000004' +
  '68690d0a';

describe('agent message codec', () => {
  it('encodes the reference example exactly', () => {
    const b = encodeMessage({
      messageType: 'output_stream_data',
      sequenceNumber: 5,
      flags: 0n,
      messageId: '00112233-4455-6677-8899-aabbccddeeff',
      createdDate: 1700000000000,
      payloadType: 1,
      payload: Buffer.from('hi\r\n'),
    });
    expect(b.toString('hex')).toBe(EXAMPLE);
  });

  it('decodes it back, with the id in canonical order', () => {
    const d = decodeMessage(Buffer.from(EXAMPLE, 'hex'));
    expect(d.ok && d.message).toMatchObject({
      messageType: 'output_stream_data',
      sequenceNumber: 5,
      messageId: '00112233-4455-6677-8899-aabbccddeeff',
      payloadType: 1,
      createdDate: 1700000000000,
    });
  });

  it('rejects a bad digest, a short frame and a zero date', () => {
    const bad = Buffer.from(EXAMPLE, 'hex');
    bad[80] ^= 1;
    expect(decodeMessage(bad)).toEqual({ ok: false, reason: 'payload digest mismatch' });
    expect(decodeMessage(Buffer.alloc(10))).toEqual({ ok: false, reason: 'message shorter than its header' });
    const zero = Buffer.from(EXAMPLE, 'hex');
    zero.fill(0, 40, 48);
    expect(decodeMessage(zero)).toEqual({ ok: false, reason: 'created date is zero' });
  });
});
