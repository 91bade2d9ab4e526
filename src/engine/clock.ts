// The one source of domain time. Real by default; a virtual clock can be frozen, set and advanced,
// and advancing runs every timer that falls due, in order, before it answers (DESIGN.md section 4).
// Time never goes backwards by surprise (README, "Time"): going back to real time from ahead of the wall clock
// keeps the lead (it runs at wall-clock speed from where it is); only an explicit `set` to an earlier moment
// (a test's starting date), or a full reset, which leaves no state behind, moves it back.
import { silentLogger, type Logger } from './logger.js';

export type ClockMode = 'real' | 'virtual';

export interface TimerHandle {
  readonly id: number;
}

interface Timer {
  id: number;
  at: number;
  seq: number;
  fn: () => unknown;
}

const MAX_NODE_DELAY = 2 ** 31 - 1;
const TIMERS_PER_TURN = 64;

export class Clock {
  private virtualNow: number | undefined;
  /** In real mode, how far ahead of the wall clock time runs (after advancing, then returning to real time). */
  private lead = 0;
  private readonly timers: Timer[] = []; // binary min-heap on (at, seq)
  private seq = 0;
  private nodeTimer: NodeJS.Timeout | undefined;
  private running = false;
  /** Real work in flight that takes no emulator time (hold): a virtual advance lets it finish first. */
  private held = 0;

  constructor(
    private readonly realNow: () => number = Date.now,
    private readonly log: Logger = silentLogger,
  ) {}

  /** Counts real work in flight that takes no emulator time; settle() (src/engine/settle.ts) waits while any is. */
  hold(delta: number): void {
    this.held = Math.max(0, this.held + delta);
  }

  /** True while held work is in flight. */
  get busy(): boolean {
    return this.held > 0;
  }

  get mode(): ClockMode {
    return this.virtualNow === undefined ? 'real' : 'virtual';
  }

  nowMs(): number {
    return this.virtualNow ?? this.realNow() + this.lead;
  }

  /** Milliseconds real time runs ahead of the wall clock (0 in virtual mode and on a fresh clock). */
  get leadMs(): number {
    return this.virtualNow === undefined ? this.lead : 0;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Stops time where it is. */
  freeze(): void {
    this.virtualNow ??= this.realNow() + this.lead;
    this.disarm();
  }

  /**
   * Moves a virtual clock to a moment (freezing it first); timers due by then run. An earlier moment is taken as
   * asked (a test's starting date): pending timers keep their moments and run when the clock reaches them again.
   */
  async set(at: Date): Promise<void> {
    this.freeze();
    if (at.getTime() >= this.virtualNow!) await this.runUntil(at.getTime());
    else this.virtualNow = at.getTime();
  }

  /** Moves a virtual clock forward, running due timers in order; resolves once they have run. */
  async advance(seconds: number): Promise<void> {
    this.freeze();
    await this.runUntil(this.virtualNow! + seconds * 1000);
  }

  /**
   * Time runs at wall-clock speed again, from where it is: a virtual clock ahead of the wall clock keeps its lead
   * (it does not jump back under timers set for the future); one behind it catches up, and due timers run.
   */
  useReal(): void {
    if (this.virtualNow !== undefined) this.lead = Math.max(0, this.virtualNow - this.realNow());
    this.virtualNow = undefined;
    this.arm();
  }

  /**
   * Back to the wall clock itself, even from ahead of it: for a full reset, when no state is left that was
   * computed for the future. Pending timers (heartbeats, ...) keep their remaining delay.
   */
  restoreReal(): void {
    const back = this.nowMs() - this.realNow();
    this.virtualNow = undefined;
    this.lead = 0;
    if (back > 0) for (const t of this.timers) t.at -= back; // a uniform shift keeps the heap's order
    this.arm();
  }

  setTimer(at: Date | number, fn: () => unknown): TimerHandle {
    const timer: Timer = {
      id: ++this.seq,
      at: typeof at === 'number' ? at : at.getTime(),
      seq: this.seq,
      fn,
    };
    this.push(timer);
    if (this.mode === 'real') this.arm();
    return { id: timer.id };
  }

  setTimeout(ms: number, fn: () => unknown): TimerHandle {
    return this.setTimer(this.nowMs() + ms, fn);
  }

  clearTimer(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const i = this.timers.findIndex((t) => t.id === handle.id);
    if (i < 0) return;
    const last = this.timers.pop()!;
    if (i < this.timers.length) {
      this.timers[i] = last;
      this.siftDown(i);
      this.siftUp(i);
    }
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Cancels every timer and the Node timer behind them (shutdown and tests). */
  dispose(): void {
    this.timers.length = 0;
    this.disarm();
  }

  private async runUntil(target: number): Promise<void> {
    while (this.timers.length && this.timers[0].at <= target) {
      const t = this.pop()!;
      this.virtualNow = Math.max(this.virtualNow!, t.at);
      await this.runSafely(t.fn);
      // What the timer set off (promise chains it resolved) finishes at its instant, before time moves on.
      await new Promise<void>((r) => setImmediate(r));
    }
    this.virtualNow = Math.max(this.virtualNow!, target);
  }

  private arm(): void {
    this.disarm();
    if (this.mode !== 'real' || !this.timers.length) return;
    const delay = Math.min(Math.max(0, this.timers[0].at - this.nowMs()), MAX_NODE_DELAY);
    this.nodeTimer = setTimeout(() => void this.fireDue(), delay);
    this.nodeTimer.unref?.();
  }

  private disarm(): void {
    if (this.nodeTimer) clearTimeout(this.nodeTimer);
    this.nodeTimer = undefined;
  }

  private async fireDue(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let ran = 0;
      while (this.mode === 'real' && this.timers.length && this.timers[0].at <= this.nowMs()) {
        await this.runSafely(this.pop()!.fn);
        // Thousands of timers can fall due together (a fan-out): let I/O, such as API calls, in between.
        if (++ran % TIMERS_PER_TURN === 0) await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
      this.arm();
    }
  }

  private push(t: Timer): void {
    this.timers.push(t);
    this.siftUp(this.timers.length - 1);
  }

  private pop(): Timer | undefined {
    const top = this.timers[0];
    const last = this.timers.pop();
    if (this.timers.length && last) {
      this.timers[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private siftUp(i: number): void {
    const h = this.timers;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.timers;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }

  private async runSafely(fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (err) {
      // A failing timer must not stop the ones after it, nor the process.
      this.log.error({ err }, 'a scheduled task failed');
    }
  }
}
