// The session path under load: output waits for a slow client instead of ending the session, only the oldest
// late message is resent, and keystrokes cost no timer work.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../../src/engine/clock.js';
import {
  decodeMessage,
  encodeAck,
  encodeMessage,
  MessageType,
  PayloadType,
  type AgentMessage,
} from '../../../src/engine/sessions/agent-message.js';
import { DataChannel } from '../../../src/engine/sessions/data-channel.js';
import {
  IDLE_TIMEOUT_MESSAGE,
  LiveSession,
  type SessionHost,
} from '../../../src/engine/sessions/live-session.js';
import type { NodeStream, StreamSink } from '../../../src/agent-contract/streams.js';

const T0 = Date.UTC(2026, 10, 26, 8, 0, 0);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A websocket stand-in that keeps every frame the server sent, decoded. */
function wire() {
  const sent: AgentMessage[] = [];
  return {
    socket: {
      send: (frame: Buffer) => {
        const d = decodeMessage(frame);
        if (d.ok) sent.push(d.message);
      },
      close: () => undefined,
    },
    output: () => sent.filter((m) => m.messageType === MessageType.Output),
  };
}

const ackOf = (m: AgentMessage) => encodeAck(m);

function input(seq: number, payloadType: number, payload: Buffer | string): Buffer {
  return encodeMessage({
    messageType: MessageType.Input,
    sequenceNumber: seq,
    payloadType,
    payload: Buffer.from(payload),
  });
}

describe('data channel window', () => {
  it('reports a full window once, and open again when half of it is acknowledged', () => {
    const events: boolean[] = [];
    const failures: string[] = [];
    const channel = new DataChannel(
      {
        onInput: () => undefined,
        onFailure: (r) => failures.push(r),
        onBackpressure: (full) => events.push(full),
      },
      { window: 8 },
    );
    const w = wire();
    channel.attach(w.socket);
    for (let i = 0; i < 7; i++) channel.send(PayloadType.Output, Buffer.from(`chunk ${i}`));
    expect(events).toEqual([]);
    channel.send(PayloadType.Output, Buffer.from('chunk 7'));
    channel.send(PayloadType.Output, Buffer.from('chunk 8')); // a stream may overshoot by what it had read
    expect(events).toEqual([true]);
    expect(channel.windowFull).toBe(true);
    const out = w.output();
    for (const m of out.slice(0, 4)) channel.receive(ackOf(m));
    expect(events).toEqual([true]); // 5 still in flight: more than half of 8
    channel.receive(ackOf(out[4]));
    expect(events).toEqual([true, false]);
    expect(channel.windowFull).toBe(false);
    expect(failures).toEqual([]);
    channel.close();
  });

  it('resends only the oldest late message per tick, as the agent does', () => {
    vi.useFakeTimers({ now: T0 });
    const channel = new DataChannel({ onInput: () => undefined, onFailure: () => undefined });
    const w = wire();
    channel.attach(w.socket);
    for (let i = 0; i < 50; i++) channel.send(PayloadType.Output, Buffer.from(`line ${i}\r\n`));
    expect(w.output()).toHaveLength(50);
    vi.advanceTimersByTime(1000); // 10 ticks, every message long overdue
    const resent = w.output().slice(50);
    expect(resent.length).toBeGreaterThan(0);
    expect(resent.every((m) => m.sequenceNumber === 0)).toBe(true);
    channel.receive(ackOf(w.output()[0]));
    vi.advanceTimersByTime(250); // the next tick resends seq 1, the one after is too early for it
    expect(
      w
        .output()
        .slice(50 + resent.length)
        .map((m) => m.sequenceNumber),
    ).toEqual([1]);
    channel.close();
  });
});

describe('live session', () => {
  function session(clock: Clock, type: 'Port' | 'Standard_Stream' = 'Port') {
    const calls: string[] = [];
    let sink: StreamSink | undefined;
    const stream: NodeStream = {
      write: () => undefined,
      resize: () => undefined,
      close: () => calls.push('close'),
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
    };
    const ended: string[] = [];
    const host: SessionHost = {
      clock,
      openShell: (s) => ((sink = s), stream),
      dial: (s) => ((sink = s), stream),
      statusChanged: () => undefined,
      ended: (status, detail) => ended.push(`${status}: ${detail}`),
      channelLimits: { window: 16 },
    };
    const live = new LiveSession(
      {
        sessionId: 'bench-0123456789abcdef0',
        target: 'i-0123456789abcdef0',
        sessionType: type,
        properties: type === 'Port' ? { portNumber: '80', type: 'LocalPortForwarding' } : {},
        idleTimeoutMs: 20 * 60_000,
        transcript: false,
      },
      host,
    );
    const w = wire();
    live.attach(w.socket);
    live.receive(input(0, PayloadType.HandshakeResponse, '{}'));
    return { live, w, calls, ended, sink: () => sink! };
  }

  it('pauses the node stream while a window of output is unacknowledged, and resumes it', () => {
    const clock = new Clock(() => T0);
    const { live, w, calls, ended, sink } = session(clock);
    sink().onData(Buffer.alloc(64 * 1024, 1)); // one socket read: 64 messages, four windows
    expect(calls).toEqual(['pause']);
    const data = w.output().filter((m) => m.payloadType === PayloadType.Output);
    expect(data).toHaveLength(64);
    for (const m of w.output()) live.receive(ackOf(m));
    expect(calls).toEqual(['pause', 'resume']);
    expect(ended).toEqual([]);
    live.end('Terminated', '');
  });

  it('a stream that ignores the pause still ends the session at the hard limit, not before', () => {
    const clock = new Clock(() => T0);
    const { calls, ended, sink } = session(clock);
    for (let i = 0; i < 9; i++) sink().onData(Buffer.alloc(1024 * 1024, 1)); // 9,216 messages unacknowledged
    expect(calls).toEqual(['pause']);
    expect(ended).toEqual([]);
    sink().onData(Buffer.alloc(1024 * 1024, 1));
    expect(ended).toEqual(['Failed: the client stopped acknowledging output']);
  });

  it('keystrokes set no clock timer; the idle timeout still counts from the last one', async () => {
    const clock = new Clock(() => T0);
    clock.freeze();
    const { live, ended } = session(clock, 'Standard_Stream');
    const setTimer = vi.spyOn(clock, 'setTimer');
    const clearTimer = vi.spyOn(clock, 'clearTimer');
    await clock.advance(15 * 60);
    for (let seq = 1; seq <= 200; seq++) live.receive(input(seq, PayloadType.Output, 'k'));
    expect(setTimer).not.toHaveBeenCalled();
    expect(clearTimer).not.toHaveBeenCalled();
    await clock.advance(10 * 60); // 25 min after start, 10 after the last keystroke
    expect(ended).toEqual([]);
    expect(live.timersPending).toBe(1);
    await clock.advance(10 * 60 + 1);
    expect(ended).toEqual([`Terminated: ${IDLE_TIMEOUT_MESSAGE}`]);
  });
});
