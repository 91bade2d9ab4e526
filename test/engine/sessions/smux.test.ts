// smux v1 frames (session-protocol.md 7.4): the layout the real plugin sends, and reassembly whatever the
// message boundaries are.
import { describe, expect, it } from 'vitest';
import { encodeFrame, SmuxCmd, SmuxDecoder, type SmuxFrame } from '../../../src/engine/sessions/smux.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

function decodeAll(chunks: Buffer[]): { frames: SmuxFrame[]; error?: string } {
  const d = new SmuxDecoder();
  const frames: SmuxFrame[] = [];
  let error: string | undefined;
  for (const c of chunks) error ??= d.push(c, (f) => frames.push({ ...f, data: Buffer.from(f.data) }));
  return { frames, error };
}

describe('smux frame codec', () => {
  it('encodes the frames observed from the plugin byte for byte', () => {
    expect(encodeFrame(SmuxCmd.SYN, 3)).toEqual(hex('01 00 0000 03000000'));
    expect(encodeFrame(SmuxCmd.PSH, 3, Buffer.from('two\n'))).toEqual(hex('01 02 0400 03000000 74776f0a'));
    expect(encodeFrame(SmuxCmd.FIN, 3)).toEqual(hex('01 01 0000 03000000'));
    expect(encodeFrame(SmuxCmd.PSH, 0x01020304, Buffer.alloc(0x1234))).toHaveLength(8 + 0x1234);
    expect(encodeFrame(SmuxCmd.PSH, 0x01020304, Buffer.alloc(0x1234)).subarray(0, 8)).toEqual(
      hex('01 02 3412 04030201'),
    );
    expect(() => encodeFrame(SmuxCmd.PSH, 3, Buffer.alloc(65536))).toThrow(RangeError);
  });

  it('takes several frames from one message', () => {
    const msg = Buffer.concat([
      encodeFrame(SmuxCmd.SYN, 3),
      encodeFrame(SmuxCmd.SYN, 5),
      encodeFrame(SmuxCmd.PSH, 3, Buffer.from('one')),
      encodeFrame(SmuxCmd.NOP, 0),
      encodeFrame(SmuxCmd.FIN, 5),
    ]);
    const { frames, error } = decodeAll([msg]);
    expect(error).toBeUndefined();
    expect(frames.map((f) => [f.cmd, f.streamId, f.data.toString()])).toEqual([
      [SmuxCmd.SYN, 3, ''],
      [SmuxCmd.SYN, 5, ''],
      [SmuxCmd.PSH, 3, 'one'],
      [SmuxCmd.NOP, 0, ''],
      [SmuxCmd.FIN, 5, ''],
    ]);
  });

  it('reassembles frames split anywhere across messages, headers included', () => {
    const big = Buffer.alloc(40_000);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    const stream = Buffer.concat([
      encodeFrame(SmuxCmd.SYN, 7),
      encodeFrame(SmuxCmd.PSH, 7, big),
      encodeFrame(SmuxCmd.PSH, 7, Buffer.from('tail')),
      encodeFrame(SmuxCmd.FIN, 7),
    ]);
    // One byte at a time, and the plugin's 1024-byte reads.
    for (const size of [1, 3, 1024]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
      const { frames, error } = decodeAll(chunks);
      expect(error).toBeUndefined();
      expect(frames.map((f) => f.cmd)).toEqual([SmuxCmd.SYN, SmuxCmd.PSH, SmuxCmd.PSH, SmuxCmd.FIN]);
      expect(frames[1].data.equals(big)).toBe(true);
      expect(frames[2].data.toString()).toBe('tail');
    }
  });

  it('holds no more than the incomplete frame', () => {
    const d = new SmuxDecoder();
    const frame = encodeFrame(SmuxCmd.PSH, 3, Buffer.alloc(5000));
    const seen: number[] = [];
    d.push(Buffer.concat([encodeFrame(SmuxCmd.SYN, 3), frame.subarray(0, 100)]), (f) => seen.push(f.cmd));
    expect(seen).toEqual([SmuxCmd.SYN]);
    expect(d.buffered).toBe(100 - 8);
    d.push(frame.subarray(100), (f) => seen.push(f.cmd));
    expect(seen).toEqual([SmuxCmd.SYN, SmuxCmd.PSH]);
    expect(d.buffered).toBe(0);
  });

  it('refuses another version or an unknown command for good, as smux ends its session on them', () => {
    expect(decodeAll([hex('02 00 0000 03000000')]).error).toBe('invalid smux version 2');
    // cmd 4 (UPD) exists only in smux v2.
    const bad = decodeAll([Buffer.concat([encodeFrame(SmuxCmd.SYN, 3), hex('01 04 0000 03000000')])]);
    expect(bad.error).toBe('invalid smux command 4');
    expect(bad.frames.map((f) => f.cmd)).toEqual([SmuxCmd.SYN]);
    const d = new SmuxDecoder();
    expect(d.push(hex('07'), () => undefined)).toBeUndefined(); // not a whole header yet
    expect(d.push(hex('00 0000 03000000'), () => undefined)).toBe('invalid smux version 7');
    expect(d.push(encodeFrame(SmuxCmd.SYN, 3), () => undefined)).toBe('invalid smux version 7');
    expect(d.buffered).toBe(0);
  });
});
