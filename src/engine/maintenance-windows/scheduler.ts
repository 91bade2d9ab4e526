// The one timer behind every maintenance window: set on the emulator clock for the earliest next opening of
// all windows (the store's indexed next_ms), so an idle emulator does no work between openings and advancing
// a virtual clock runs every opening that falls due, in order.
import type { Clock, TimerHandle } from '../clock.js';
import type {
  MaintenanceWindowsRepository,
  StoredWindow,
} from '../../store/repositories/maintenance-windows.js';

export interface SchedulerDeps {
  clock: Clock;
  windows: () => MaintenanceWindowsRepository;
  /** The opening after `afterMs` of a window, or undefined when it will not open again. */
  nextOpening: (w: StoredWindow, afterMs: number) => number | undefined;
  /** Opens the windows due at `atMs` (already moved on to their next opening in the store). */
  open: (due: StoredWindow[], atMs: number) => Promise<void>;
}

export class WindowScheduler {
  private timer: TimerHandle | undefined;
  private armedAt: number | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Sets the timer for the earliest next opening (call after any window's next opening changes). */
  arm(): void {
    const at = this.deps.windows().earliestNextMs();
    if (this.timer && at === this.armedAt) return;
    this.disarm();
    if (at === undefined) return;
    this.armedAt = at;
    this.timer = this.deps.clock.setTimer(at, () => this.fire());
  }

  disarm(): void {
    this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.armedAt = undefined;
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    this.armedAt = undefined;
    const now = this.deps.clock.nowMs();
    const due = this.deps.windows().dueWindows(now);
    for (const w of due) {
      // Each window moves on before it opens: an opening is never run twice, whatever happens next.
      w.nextMs = this.deps.nextOpening(w, now);
      this.deps.windows().putWindow(w);
    }
    this.arm();
    if (due.length) await this.deps.open(due, now);
  }
}
