// Runs one step of an execution: its attempts (maxAttempts), its timeout on the emulator clock, the action
// with interpolated inputs, and the step execution record from InProgress to its final status.
import type { AutomationServices } from './actions/types.js';
import type { AutomationExecutionStatus } from './status.js';
import type { StoredExecution, StoredStepExecution } from '../../store/repositories/automation.js';
import type { TimerHandle } from '../clock.js';
import type { AutomationStep, ParsedAutomationDocument } from '../documents/index.js';
import type { ActionContext, ActionResult, ActionRunner, ParentStepDetails } from './actions/types.js';
import type { ExecutionValues } from './execution-values.js';
import { failureOf } from './failures.js';
import { validNextSteps, type StepOutcome } from './flow.js';
import { DEFAULT_TIMEOUT_SECONDS } from './limits.js';
import type { SignalBox } from './signal-box.js';
import { Aborted, raceAbort, sleepUnlessAborted, type StopReason } from './step-abort.js';
import type { StepEntry, StepRecords } from './step-records.js';

/** What the steps of one execution share: the execution, its values, records and signals, and its stop state. */
export interface StepScope {
  readonly services: AutomationServices;
  readonly exec: StoredExecution;
  readonly doc: ParsedAutomationDocument;
  readonly values: ExecutionValues;
  readonly records: StepRecords;
  readonly signals: SignalBox;
  /** What StopAutomationExecution asked for, if anything. */
  stopRequested(): 'Cancel' | 'Complete' | undefined;
  /** The runner of an action, or undefined for an action this emulator does not run. */
  action(name: string): ActionRunner | undefined;
  /** The emulator's own runner of this runbook's step (AWS-owned runbooks), used instead of its action. */
  nativeStep?(stepName: string): ActionRunner | undefined;
  /** Shows an execution status (after the run's aliases). */
  setStatus(status: AutomationExecutionStatus): void;
}

export interface StepRun {
  record: StoredStepExecution;
  outcome: StepOutcome;
  /** aws:branch: the step it chose. */
  branchTo?: string;
}

export class StepExecutor {
  /** One controller per running attempt, so a stop reaches every running step (a loop and its nested step). */
  private readonly running = new Set<AbortController>();

  constructor(private readonly scope: StepScope) {}

  /** Stops every running attempt (Cancel, StopStep, a reset); onCancel clean-up steps are not reached. */
  stopAll(reason: StopReason): void {
    for (const c of this.running) c.abort(new Aborted(reason));
  }

  /** Runs one step with its attempts and timeout; `cleanup` marks an onCancel step (it cannot be cancelled). */
  async run(step: AutomationStep, cleanup = false, parent?: ParentStepDetails): Promise<StepRun> {
    const { services, exec, records, values } = this.scope;
    const { clock } = services;
    const entry = records.open(step, validNextSteps(step, this.following(step.name)), parent, clock.nowMs());
    exec.currentStepName = step.name;
    exec.currentAction = step.action;
    records.setStatus(entry, 'InProgress');
    if (exec.status !== 'InProgress') this.scope.setStatus('InProgress');

    let result: ActionResult | undefined;
    const attempts = step.maxAttempts ?? 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      result = await this.attempt(step, entry, cleanup);
      if (result.status === 'Success' || result.status === 'Cancelled') break;
      if (this.scope.stopRequested()) break;
    }
    const r = result!;
    entry.record.endMs = clock.nowMs();
    const outputs = r.outputs || r.status === 'Success' ? values.stepOutputs(step, r) : undefined;
    records.close(entry, step, r, outputs);
    return { record: entry.record, outcome: r.status, branchTo: r.status === 'Success' ? r.next : undefined };
  }

  private async attempt(step: AutomationStep, entry: StepEntry, cleanup: boolean): Promise<ActionResult> {
    const { clock } = this.scope.services;
    const controller = new AbortController();
    if (!cleanup) this.running.add(controller);
    let timer: TimerHandle | undefined;
    const timeoutSeconds = step.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS[step.action];
    if (timeoutSeconds)
      timer = clock.setTimer(clock.nowMs() + timeoutSeconds * 1000, () =>
        controller.abort(new Aborted('timeout')),
      );
    try {
      if (this.scope.stopRequested() === 'Cancel' && !cleanup) throw new Aborted('cancel');
      const runner = this.scope.nativeStep?.(step.name) ?? this.scope.action(step.action);
      const inputs = this.scope.values.interpolate(runner?.runsSteps ? ownInputs(step) : (step.inputs ?? {}));
      this.scope.records.setInputs(entry, inputs);
      if (!runner)
        return {
          status: 'Failed',
          failure: {
            type: 'Verification',
            message: `The action ${step.action} is not supported by ssm-emulator; the step did not run.`,
          },
        };
      const ctx = this.actionContext(step, entry, inputs, controller.signal);
      // A step that runs steps ends when they do: its nested steps are stopped on their own.
      return runner.runsSteps ? await runner(ctx) : await raceAbort(runner(ctx), controller.signal);
    } catch (err) {
      return failureOf(err);
    } finally {
      clock.clearTimer(timer);
      this.running.delete(controller);
      // Whatever the action still waits on (a default approval timeout, a poll) is released with the step.
      if (!controller.signal.aborted) controller.abort(new Aborted('cancel'));
    }
  }

  private actionContext(
    step: AutomationStep,
    entry: StepEntry,
    inputs: Record<string, unknown>,
    signal: AbortSignal,
  ): ActionContext {
    const { services, exec, doc, records, values, signals } = this.scope;
    return {
      services,
      scope: { account: exec.account, region: exec.region },
      callerArn: exec.executedBy,
      executionId: exec.executionId,
      stepName: step.name,
      inputs,
      signal,
      sleep: (ms) => sleepUnlessAborted(services.clock, signal, ms),
      setWaiting: (waiting) => {
        records.setStatus(entry, waiting ? 'Waiting' : 'InProgress');
        this.scope.setStatus(waiting ? 'Waiting' : 'InProgress');
      },
      report: (outputs) => records.report(entry, outputs),
      nextSignal: () => signals.next(signal),
      execution: {
        step,
        variables: doc.variables ?? {},
        interpolate: (value) => values.interpolate(value),
        value: (name) => values.get(name),
        setValue: (name, value) => values.set(name, value),
        setVariable: (name, value) => values.setVariable(name, value),
        runStep: async (nested, { Iteration, IteratorValue }) => {
          const { outcome, branchTo } = await this.run(nested, false, {
            StepExecutionId: entry.record.stepExecutionId,
            Iteration,
            IteratorValue,
            Action: step.action,
            StepName: step.name,
          });
          return { outcome, branchTo };
        },
      },
    };
  }

  /** The step after this one in the runbook (ValidNextSteps of a step without nextStep). */
  private following(name: string): string | undefined {
    const steps = this.scope.doc.steps;
    const i = steps.findIndex((s) => s.name === name);
    return i >= 0 ? steps[i + 1]?.name : undefined;
  }
}

/** The inputs of a step that runs steps, without those steps: each is interpolated only when it runs. */
function ownInputs(step: AutomationStep): Record<string, unknown> {
  const { Steps: _nested, ...own } = step.inputs ?? {};
  return own;
}
