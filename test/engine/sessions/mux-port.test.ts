// Mux port forwarding inside a live session: the announced version picks the mode, every smux stream has its own
// destination, backpressure pauses them all, keep-alives follow the version, and the end closes everything.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../../src/engine/clock.js';
import {
  decodeMessage,
  encodeAck,
  encodeMessage,
  Flag,
  MessageType,
  PayloadType,
  type AgentMessage,
} from '../../../src/engine/sessions/agent-message.js';
import { announcedAgentVersion } from '../../../src/engine/sessions/agent-version.js';
import { LiveSession, type SessionHost } from '../../../src/engine/sessions/live-session.js';
import type { NodeStream, StreamSink } from '../../../src/agent-contract/streams.js';
import { encodeFrame, SmuxCmd, SmuxDecoder, type SmuxFrame } from '../../../src/engine/sessions/smux.js';

const T0 = Date.UTC(2026, 10, 26, 8, 0, 0);

afterEach(() => {
  vi.useRealTimers();
});

interface FakeDestination {
  sink: StreamSink;
  written: string[];
  calls: string[];
}

function session(
  opts: { agentVersion?: string; properties?: Record<string, unknown>; window?: number } = {},
) {
  const clock = new Clock(() => T0);
  const destinations: FakeDestination[] = [];
  const ended: string[] = [];
  const host: SessionHost = {
    clock,
    openShell: () => {
      throw new Error('no shell in a port session');
    },
    dial: (sink) => {
      const d: FakeDestination = { sink, written: [], calls: [] };
      destinations.push(d);
      const stream: NodeStream = {
        write: (b) => d.written.push(b.toString()),
        resize: () => undefined,
        close: () => {
          d.calls.push('close');
          sink.onEnd('closed');
        },
        pause: () => d.calls.push('pause'),
        resume: () => d.calls.push('resume'),
      };
      return stream;
    },
    statusChanged: () => undefined,
    ended: (status, detail) => ended.push(`${status}: ${detail}`),
    channelLimits: { window: opts.window ?? 1024 },
  };
  const live = new LiveSession(
    {
      sessionId: 'tester-0123456789abcdef0',
      target: 'i-0123456789abcdef0',
      sessionType: 'Port',
      properties: opts.properties ?? { portNumber: '80', type: 'LocalPortForwarding' },
      idleTimeoutMs: 20 * 60_000,
      transcript: false,
      agentVersion: opts.agentVersion ?? '3.3.1142.0',
    },
    host,
  );
  const sent: AgentMessage[] = [];
  live.attach({
    send: (frame) => {
      const d = decodeMessage(frame);
      if (d.ok) sent.push(d.message);
    },
    close: () => undefined,
  });
  let seq = 0;
  const send = (payloadType: number, payload: Buffer | string) =>
    live.receive(
      encodeMessage({
        messageType: MessageType.Input,
        sequenceNumber: seq++,
        payloadType,
        payload: Buffer.from(payload),
      }),
    );
  send(PayloadType.HandshakeResponse, '{}');
  const output = () => sent.filter((m) => m.messageType === MessageType.Output);
  const frames = (): SmuxFrame[] => {
    const d = new SmuxDecoder();
    const all: SmuxFrame[] = [];
    for (const m of output())
      if (m.payloadType === PayloadType.Output) d.push(m.payload, (f) => all.push({ ...f }));
    return all;
  };
  const handshake = JSON.parse(output()[0].payload.toString()) as { AgentVersion: string };
  return {
    live,
    destinations,
    ended,
    handshake,
    frames,
    output,
    smux: (...parts: Buffer[]) => send(PayloadType.Output, Buffer.concat(parts)),
    ack: () => {
      for (const m of output()) live.receive(encodeAck(m));
    },
  };
}

const syn = (id: number) => encodeFrame(SmuxCmd.SYN, id);
const psh = (id: number, s: string) => encodeFrame(SmuxCmd.PSH, id, Buffer.from(s));
const fin = (id: number) => encodeFrame(SmuxCmd.FIN, id);

describe('announced agent version', () => {
  it("is the node's own when it has four integers, 3.0.196.0 otherwise", () => {
    expect(announcedAgentVersion('3.3.1142.0')).toBe('3.3.1142.0');
    expect(announcedAgentVersion('2.3.722.0')).toBe('2.3.722.0');
    expect(announcedAgentVersion('3.3.1142')).toBe('3.0.196.0');
    expect(announcedAgentVersion('3.3.x.0')).toBe('3.0.196.0');
    expect(announcedAgentVersion(undefined)).toBe('3.0.196.0');
  });

  it('above 3.0.196.0 LocalPortForwarding is multiplexed; at it, or without a type, one stream is dialled at once', () => {
    const mux = session({ agentVersion: '3.0.196.1' });
    expect(mux.handshake.AgentVersion).toBe('3.0.196.1');
    expect(mux.destinations).toHaveLength(0); // nothing until the plugin opens a stream
    for (const s of [
      session({ agentVersion: '3.0.196.0' }),
      session({ agentVersion: '3.3.1142.0', properties: { portNumber: '22' } }),
    ]) {
      expect(s.destinations).toHaveLength(1);
      s.live.end('Terminated', '');
    }
    mux.live.end('Terminated', '');
  });
});

describe('mux port session', () => {
  it('dials a destination per stream and carries each one both ways, frames split across messages', () => {
    const s = session();
    const both = Buffer.concat([syn(3), syn(5), psh(3, 'to three'), psh(5, 'to five')]);
    s.smux(both.subarray(0, 11));
    s.smux(both.subarray(11, 30));
    s.smux(both.subarray(30));
    expect(s.destinations).toHaveLength(2);
    expect(s.destinations.map((d) => d.written.join(''))).toEqual(['to three', 'to five']);
    s.destinations[1].sink.onData(Buffer.from('from five'));
    s.destinations[0].sink.onData(Buffer.alloc(3000, 'x')); // more than a message: 1016-byte frames
    const out = s.frames();
    expect(out.map((f) => [f.cmd, f.streamId, f.data.length])).toEqual([
      [SmuxCmd.PSH, 5, 9],
      [SmuxCmd.PSH, 3, 1016],
      [SmuxCmd.PSH, 3, 1016],
      [SmuxCmd.PSH, 3, 968],
    ]);
    expect(s.output().every((m) => m.payload.length <= 1024)).toBe(true);
    // FIN from the plugin closes that destination and is answered; the other stream goes on.
    s.smux(fin(3));
    expect(s.destinations[0].calls).toEqual(['close']);
    expect(s.frames().at(-1)).toMatchObject({ cmd: SmuxCmd.FIN, streamId: 3 });
    s.smux(psh(3, 'late'), psh(5, 'more'));
    expect(s.destinations[0].written.join('')).toBe('to three');
    expect(s.destinations[1].written.join('')).toBe('to fivemore');
    s.live.end('Terminated', '');
    expect(s.destinations[1].calls).toEqual(['close']);
    expect(s.ended).toEqual(['Terminated: ']);
  });

  it('a destination that closes sends FIN; a failed dial sends ConnectToPortError first; the session goes on', () => {
    const s = session();
    s.smux(syn(3), syn(5));
    s.destinations[0].sink.onData(Buffer.from('bye'));
    s.destinations[0].sink.onEnd('destination closed');
    s.destinations[1].sink.onEnd('Connection to destination port failed: connect ECONNREFUSED 127.0.0.1:1');
    const flags = s
      .output()
      .filter((m) => m.payloadType === PayloadType.Flag)
      .map((m) => m.payload.readUInt32BE(0));
    expect(flags).toEqual([Flag.ConnectToPortError]);
    expect(s.frames().map((f) => [f.cmd, f.streamId])).toEqual([
      [SmuxCmd.PSH, 3],
      [SmuxCmd.FIN, 3],
      [SmuxCmd.FIN, 5],
    ]);
    // A FIN for a stream already closed here is not answered again.
    s.smux(fin(3), fin(5));
    expect(s.frames()).toHaveLength(3);
    s.smux(syn(7), psh(7, 'again'));
    expect(s.destinations[2].written).toEqual(['again']);
    expect(s.ended).toEqual([]);
    s.live.end('Terminated', '');
  });

  it('ignores data for an unknown stream and a repeated SYN; a bad version or command ends the session', () => {
    const s = session();
    s.smux(psh(9, 'nobody'), syn(3), syn(3), psh(3, 'ok'));
    expect(s.destinations).toHaveLength(1);
    expect(s.destinations[0].written).toEqual(['ok']);
    s.smux(Buffer.from([2, 0, 0, 0, 5, 0, 0, 0]));
    expect(s.ended).toEqual(['Failed: invalid smux version 2']);
    expect(s.destinations[0].calls).toEqual(['close']);
    const t = session();
    t.smux(syn(3), Buffer.from([1, 4, 0, 0, 3, 0, 0, 0]));
    expect(t.ended).toEqual(['Failed: invalid smux command 4']);
    expect(t.destinations[0].calls).toEqual(['close']);
    expect(t.live.timersPending).toBe(1); // only the grace timer before the socket closes
    t.live.dispose();
  });

  it('a full window pauses every destination, later ones too, and resumes them together', () => {
    const s = session({ window: 8 });
    s.smux(syn(3), syn(5));
    s.destinations[0].sink.onData(Buffer.alloc(10 * 1016, 1));
    expect(s.destinations.map((d) => d.calls)).toEqual([['pause'], ['pause']]);
    s.smux(syn(7));
    expect(s.destinations[2].calls).toEqual(['pause']);
    s.ack();
    expect(s.destinations.map((d) => d.calls)).toEqual([
      ['pause', 'resume'],
      ['pause', 'resume'],
      ['pause', 'resume'],
    ]);
    s.live.end('Terminated', '');
  });

  it('sends a NOP every 10 s up to 3.1.1511.0, none above it', () => {
    vi.useFakeTimers({ now: T0 });
    const old = session({ agentVersion: '3.1.1511.0' });
    const now = session({ agentVersion: '3.1.1511.1' });
    expect(old.live.timersPending).toBe(2); // idle timeout + keep-alive
    expect(now.live.timersPending).toBe(1);
    vi.advanceTimersByTime(30_000);
    expect(old.frames().map((f) => [f.cmd, f.streamId])).toEqual([
      [SmuxCmd.NOP, 0],
      [SmuxCmd.NOP, 0],
      [SmuxCmd.NOP, 0],
    ]);
    expect(now.frames()).toEqual([]);
    old.live.end('Terminated', '');
    now.live.end('Terminated', '');
    expect(old.live.timersPending).toBe(1); // the grace timer only: the keep-alive stopped
    vi.advanceTimersByTime(30_000);
    expect(old.frames()).toHaveLength(3);
  });
});
