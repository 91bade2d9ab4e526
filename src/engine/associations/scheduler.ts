// The one timer behind every association schedule: set on the emulator clock for the earliest next run of
// all associations (the store's indexed next_ms), so an idle emulator does no work between runs and advancing
// a virtual clock runs every scheduled run that falls due, in order.
import type { Clock, TimerHandle } from '../clock.js';
import type { AssociationsRepository, StoredAssociation } from '../../store/repositories/associations.js';

export interface SchedulerDeps {
  clock: Clock;
  associations: () => AssociationsRepository;
  /** The scheduled run after `afterMs`, or undefined when the schedule will not fire again. */
  nextRun: (a: StoredAssociation, afterMs: number) => number | undefined;
  /** Runs the associations due at `atMs` (already moved on to their next run in the store). */
  fire: (due: StoredAssociation[], atMs: number) => Promise<void>;
}

export class AssociationScheduler {
  private timer: TimerHandle | undefined;
  private armedAt: number | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Sets the timer for the earliest next run (call after any association's next run changes). */
  arm(): void {
    const at = this.deps.associations().earliestNextMs();
    if (this.timer && at === this.armedAt) return;
    this.disarm();
    if (at === undefined) return;
    this.armedAt = at;
    this.timer = this.deps.clock.setTimer(at, () => this.onTimer());
  }

  disarm(): void {
    this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.armedAt = undefined;
  }

  private async onTimer(): Promise<void> {
    this.timer = undefined;
    this.armedAt = undefined;
    const now = this.deps.clock.nowMs();
    const repo = this.deps.associations();
    const due = repo.due(now);
    for (const a of due) {
      // Each association moves on before it runs: a scheduled run never happens twice, whatever follows.
      a.nextMs = this.deps.nextRun(a, now);
      repo.put(a);
    }
    this.arm();
    if (due.length) await this.deps.fire(due, now);
  }
}
