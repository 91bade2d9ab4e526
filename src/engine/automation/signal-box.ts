// The signals an execution waits on (SendAutomationSignal): Approve, Reject and Resume for the step that waits
// (aws:approve, aws:pause), and in Interactive mode the StartStep that names the next step. One box per
// execution; at most one wait at a time, since steps run one after another.
import type { AutomationSignal } from './actions/types.js';
import { Aborted, abortReason } from './step-abort.js';

/** What an execution waits for right now (SendAutomationSignal checks it). */
export type SignalWait = 'step-signal' | 'start-step';

export class SignalBox {
  private stepWaiter: { resolve: (s: AutomationSignal) => void; reject: (e: Error) => void } | undefined;
  private startWaiter: ((step: string | undefined) => void) | undefined;
  /** Signals sent while no step waited, for the next step that asks. */
  private readonly queued: AutomationSignal[] = [];

  waitingFor(): SignalWait | undefined {
    if (this.stepWaiter) return 'step-signal';
    if (this.startWaiter) return 'start-step';
    return undefined;
  }

  /** The next signal for the waiting step; rejects with the step's abort reason when it is stopped first. */
  next(abort: AbortSignal): Promise<AutomationSignal> {
    return new Promise<AutomationSignal>((resolve, reject) => {
      if (abort.aborted) return reject(abortReason(abort));
      const queued = this.queued.shift();
      if (queued) return resolve(queued);
      const onAbort = () => {
        this.stepWaiter = undefined;
        reject(abortReason(abort));
      };
      abort.addEventListener('abort', onAbort, { once: true });
      this.stepWaiter = {
        resolve: (s) => {
          abort.removeEventListener('abort', onAbort);
          this.stepWaiter = undefined;
          resolve(s);
        },
        reject,
      };
    });
  }

  /** Interactive mode: the step a StartStep names, or undefined when the execution stops first. */
  nextStartStep(): Promise<string | undefined> {
    return new Promise<string | undefined>((resolve) => {
      this.startWaiter = (step) => {
        this.startWaiter = undefined;
        resolve(step);
      };
    });
  }

  /** Hands a signal to what waits for it (StopStep is not for the box: it stops the running step). */
  deliver(signal: AutomationSignal): void {
    if (signal.type === 'StartStep') {
      this.startWaiter?.(signal.payload.StepName?.[0] ?? '');
      return;
    }
    if (this.stepWaiter) this.stepWaiter.resolve(signal);
    else this.queued.push(signal);
  }

  /** The execution is stopping: a wait for StartStep ends without a step. */
  stopStartWait(): void {
    this.startWaiter?.(undefined);
  }

  /** The execution ended: a step still waiting for a signal stops waiting. */
  close(): void {
    const waiter = this.stepWaiter;
    this.stepWaiter = undefined;
    waiter?.reject(new Aborted('cancel'));
  }
}
