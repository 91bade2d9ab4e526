// One session's data channel, outliving any one websocket (session-protocol.md 6 and 8.3): both sequence
// counters, the unacknowledged output with its retransmission, and the reorder buffer of early input.
import { randomUUID } from 'node:crypto';
import {
  decodeMessage,
  encodeAck,
  encodeMessage,
  FLAG_SYN,
  FLAG_UNSEQUENCED,
  MessageType,
  PayloadType,
  type AgentMessage,
} from './agent-message.js';
import {
  MAX_REORDER_MESSAGES,
  MAX_RESENDS,
  MAX_UNACKED_MESSAGES,
  OUTPUT_WINDOW_MESSAGES,
  RESEND_AFTER_MS,
  RESEND_TICK_MS,
  STREAM_CHUNK_BYTES,
} from './limits.js';

/** What the channel needs of a websocket. */
export interface ChannelSocket {
  send(frame: Buffer): void;
}

export interface ChannelHandlers {
  /** An in-order input_stream_data message (handshake response, keystrokes, size, flags...). */
  onInput(message: AgentMessage): void;
  /** The client broke the protocol beyond recovery (never acknowledges, floods the reorder buffer). */
  onFailure(reason: string): void;
  /** A full window of output awaits acknowledgement (true): stop producing; half of it drained (false): go on. */
  onBackpressure?(full: boolean): void;
}

export interface ChannelLimits {
  resendAfterMs: number;
  tickMs: number;
  maxResends: number;
  maxUnacked: number;
  window: number;
}

interface Pending {
  frame: Buffer;
  sentAt: number;
  resends: number;
}

export class DataChannel {
  private outSeq = 0;
  private inExpected = 0;
  private readonly unacked = new Map<number, Pending>();
  private readonly early = new Map<number, AgentMessage>();
  private socket: ChannelSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private drainWaiters: (() => void)[] = [];
  private drainTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private full = false;
  private readonly limits: ChannelLimits;

  constructor(
    private readonly handlers: ChannelHandlers,
    limits: Partial<ChannelLimits> = {},
  ) {
    this.limits = {
      resendAfterMs: RESEND_AFTER_MS,
      tickMs: RESEND_TICK_MS,
      maxResends: MAX_RESENDS,
      maxUnacked: MAX_UNACKED_MESSAGES,
      window: OUTPUT_WINDOW_MESSAGES,
      ...limits,
    };
  }

  get attached(): boolean {
    return this.socket !== undefined;
  }

  get unackedCount(): number {
    return this.unacked.size;
  }

  /** A (new) websocket carries the channel: everything not yet acknowledged goes out again, in order. */
  attach(socket: ChannelSocket): void {
    this.socket = socket;
    const now = Date.now();
    for (const p of this.unacked.values()) {
      p.sentAt = now;
      socket.send(p.frame);
    }
    this.arm();
  }

  detach(): void {
    this.socket = undefined;
    this.disarm();
  }

  /** Sends sequenced output; stream bytes are cut into chunks of at most 1024 bytes. */
  send(payloadType: number, payload: Buffer): void {
    if (this.closed) return;
    if (payloadType !== PayloadType.Output || payload.length <= STREAM_CHUNK_BYTES) {
      this.sendOne(payloadType, payload);
      return;
    }
    for (let i = 0; i < payload.length; i += STREAM_CHUNK_BYTES)
      this.sendOne(payloadType, payload.subarray(i, i + STREAM_CHUNK_BYTES));
  }

  sendJson(payloadType: number, value: unknown): void {
    this.send(payloadType, Buffer.from(JSON.stringify(value)));
  }

  private sendOne(payloadType: number, payload: Buffer): void {
    if (this.closed) return; // the failure below closes the channel in the middle of a chunked send
    if (this.unacked.size >= this.limits.maxUnacked) {
      this.handlers.onFailure('the client stopped acknowledging output');
      return;
    }
    const seq = this.outSeq++;
    const frame = encodeMessage({
      messageType: MessageType.Output,
      sequenceNumber: seq,
      flags: seq === 0 ? FLAG_SYN : 0n,
      payloadType,
      payload,
    });
    this.unacked.set(seq, { frame, sentAt: Date.now(), resends: 0 });
    this.socket?.send(frame);
    this.arm();
    if (!this.full && this.unacked.size >= this.limits.window) {
      this.full = true;
      this.handlers.onBackpressure?.(true);
    }
  }

  /** True while a full window of output awaits acknowledgement. */
  get windowFull(): boolean {
    return this.full;
  }

  /** One binary frame from the client. Returns why it was dropped, or undefined when it was taken. */
  receive(frame: Buffer): string | undefined {
    if (this.closed) return 'channel closed';
    const decoded = decodeMessage(frame);
    // As the real receivers do: an invalid message is dropped unacknowledged, so the sender resends it.
    if (!decoded.ok) return decoded.reason;
    const m = decoded.message;
    switch (m.messageType) {
      case MessageType.Acknowledge:
        this.acknowledged(m);
        return undefined;
      case MessageType.Input:
        this.input(m);
        return undefined;
      default:
        return `unexpected message type ${m.messageType}`;
    }
  }

  private acknowledged(m: AgentMessage): void {
    try {
      const ack = JSON.parse(m.payload.toString('utf8')) as { AcknowledgedMessageSequenceNumber?: unknown };
      const seq = ack.AcknowledgedMessageSequenceNumber;
      if (typeof seq === 'number') this.unacked.delete(seq);
    } catch {
      // not JSON: nothing to acknowledge
    }
    if (this.full && this.unacked.size <= this.limits.window / 2) {
      this.full = false;
      this.handlers.onBackpressure?.(false);
    }
    if (this.unacked.size === 0) {
      this.disarm();
      if (this.drainWaiters.length) this.drained();
    }
  }

  /** Calls `fn` once all output is acknowledged, or after `timeoutMs` with some still unacknowledged. */
  whenDrained(timeoutMs: number, fn: () => void): void {
    if (this.closed) return;
    if (this.unacked.size === 0) return fn();
    this.drainWaiters.push(fn);
    // Transport timing (not domain time), like the resends.
    this.drainTimer ??= setTimeout(() => this.drained(), timeoutMs);
  }

  private drained(): void {
    clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const fn of waiters) fn();
  }

  // session-protocol.md 6.3: ack everything; process in order; keep early ones; ignore repeats.
  private input(m: AgentMessage): void {
    this.socket?.send(encodeAck(m));
    if (m.sequenceNumber < this.inExpected) return;
    if (m.sequenceNumber > this.inExpected) {
      if (this.early.size >= MAX_REORDER_MESSAGES) {
        this.handlers.onFailure('too many messages out of order');
        return;
      }
      this.early.set(m.sequenceNumber, m);
      return;
    }
    this.deliver(m);
    let next: AgentMessage | undefined;
    while (!this.closed && (next = this.early.get(this.inExpected))) {
      this.early.delete(next.sequenceNumber);
      this.deliver(next);
    }
  }

  private deliver(m: AgentMessage): void {
    this.inExpected++;
    this.handlers.onInput(m);
  }

  /** channel_closed, outside the sequence; the caller closes the socket after a grace period. */
  sendChannelClosed(content: Record<string, unknown>): void {
    this.socket?.send(
      encodeMessage({
        messageType: MessageType.ChannelClosed,
        sequenceNumber: 0,
        flags: FLAG_UNSEQUENCED,
        payloadType: 0,
        payload: Buffer.from(JSON.stringify({ MessageId: randomUUID(), ...content })),
      }),
    );
  }

  /** Stops everything; the channel keeps nothing alive after this. */
  close(): void {
    this.closed = true;
    this.socket = undefined;
    this.disarm();
    this.unacked.clear();
    this.early.clear();
    clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    this.drainWaiters = [];
  }

  private arm(): void {
    if (this.timer || !this.socket || this.unacked.size === 0 || this.closed) return;
    this.timer = setInterval(() => this.resend(), this.limits.tickMs);
  }

  private disarm(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  // Transport timing (not domain time): the real clock, whatever the emulator clock does. Like the agent's
  // ResendStreamDataMessageScheduler only the oldest message goes again: the plugin acks and keeps what follows a
  // gap, so the oldest closes it, while resending every late message buries a client that is merely slow.
  private resend(): void {
    const socket = this.socket;
    if (!socket) return this.disarm();
    const oldest = this.unacked.values().next().value as Pending | undefined;
    const now = Date.now();
    if (!oldest || now - oldest.sentAt < this.limits.resendAfterMs) return;
    if (++oldest.resends > this.limits.maxResends) {
      this.handlers.onFailure('the client stopped acknowledging output');
      return;
    }
    oldest.sentAt = now;
    socket.send(oldest.frame);
  }
}
