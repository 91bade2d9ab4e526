// A client that stops reading: the server stops reading its input instead of queueing output without bound.
import { describe, expect, it } from 'vitest';
import { sendWithBackpressure, type PausableSocket } from '../../src/api/data-channel-socket.js';

/** A websocket whose queued bytes leave only when `flush` says so, as when the client does not read. */
function socket() {
  const queue: { bytes: number; cb?: () => void }[] = [];
  const s = {
    readyState: 1,
    OPEN: 1,
    isPaused: false,
    get bufferedAmount() {
      return queue.reduce((n, f) => n + f.bytes, 0);
    },
    send(data: Buffer, cb?: () => void) {
      queue.push({ bytes: data.length, cb });
    },
    pause() {
      s.isPaused = true;
    },
    resume() {
      s.isPaused = false;
    },
    /** The client read `n` frames. */
    flush(n: number) {
      for (const f of queue.splice(0, n)) f.cb?.();
    },
  };
  return s satisfies PausableSocket & { flush(n: number): void };
}

describe('data channel socket backpressure', () => {
  it('stops reading input while more than the limit is queued, reads again once half of it went out', () => {
    const ws = socket();
    const frame = Buffer.alloc(100);
    for (let i = 0; i < 10; i++) sendWithBackpressure(ws, frame, 1000);
    expect(ws.isPaused).toBe(false);
    sendWithBackpressure(ws, frame, 1000); // 1,100 bytes would be queued
    expect(ws.isPaused).toBe(true);
    // Output the node produces meanwhile still goes out, in order, behind the rest.
    for (let i = 0; i < 10; i++) sendWithBackpressure(ws, frame, 1000);
    expect(ws.bufferedAmount).toBe(2100);
    ws.flush(11);
    expect(ws.isPaused).toBe(true); // 1,000 still queued
    ws.flush(4);
    expect(ws.isPaused).toBe(true); // 600
    ws.flush(1);
    expect(ws.isPaused).toBe(false); // 500: half the limit
  });

  it('sends nothing on a socket that is not open', () => {
    const ws = socket();
    ws.readyState = 3;
    sendWithBackpressure(ws, Buffer.alloc(10), 1000);
    expect(ws.bufferedAmount).toBe(0);
  });
});
