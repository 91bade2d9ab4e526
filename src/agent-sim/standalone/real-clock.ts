// The standalone agent's time: its own host's real clock (the emulator's virtual clock does not reach it).
import type { AgentClock, AgentTimer } from '../../agent-contract/in-process.js';

export class RealClock implements AgentClock {
  private readonly timers = new Set<NodeJS.Timeout>();

  nowMs(): number {
    return Date.now();
  }

  setTimeout(ms: number, fn: () => unknown): AgentTimer {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  clearTimer(timer: AgentTimer | undefined): void {
    if (!timer) return;
    clearTimeout(timer as NodeJS.Timeout);
    this.timers.delete(timer as NodeJS.Timeout);
  }

  /** The agent stops: nothing it was waiting for fires. */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
