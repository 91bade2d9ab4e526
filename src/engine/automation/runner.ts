// One execution's interpreter: runs the runbook's steps in order on the emulator clock, following the flow
// (nextStep, isEnd, onFailure, onCancel, aws:branch), in Interactive mode step by step, and answers the
// API's stops and signals. Each step runs in the StepExecutor; what it records goes through the host.
import type { AutomationServices } from './actions/types.js';
import { isFinal, nextExecutionStatus, type AutomationExecutionStatus } from './status.js';
import type { ParsedAutomationDocument } from '../documents/index.js';
import type { StoredExecution, StoredStepExecution } from '../../store/repositories/automation.js';
import type { ActionRunner, AutomationSignal } from './actions/types.js';
import { ExecutionValues } from './execution-values.js';
import { endingOfRun, isCriticalFailure, moveAfter, transition, type Ending } from './flow.js';
import { SignalBox, type SignalWait } from './signal-box.js';
import { StepExecutor, type StepScope } from './step-executor.js';
import { StepRecords, type StepPersistence } from './step-records.js';

export type { Ending };

/** What the runner needs from its engine: persistence and events, kept in one place there. */
export interface RunHost extends StepPersistence {
  readonly services: AutomationServices;
  saveExecution(exec: StoredExecution): void;
  /** The runner of an action, or undefined for an action this emulator does not run. */
  action(name: string): ActionRunner | undefined;
  /** The emulator's own runner of an AWS-owned runbook's step, if it has one. */
  nativeStep?(documentName: string, stepName: string): ActionRunner | undefined;
}

/** How a kind of execution differs from a plain runbook run (Change Manager's change requests). */
export interface RunVariant {
  /** Statuses shown under another name (a change request waits for approval as PendingApproval). */
  alias?: Partial<Record<AutomationExecutionStatus, AutomationExecutionStatus>>;
  /** Runs after the steps and decides the final status (change requests then run their runbooks). */
  afterSteps?: (ending: Ending, run: ExecutionRun) => Promise<Ending>;
}

export class ExecutionRun {
  private readonly records: StepRecords;
  private readonly values: ExecutionValues;
  private readonly signals = new SignalBox();
  private readonly executor: StepExecutor;
  private stopType: 'Cancel' | 'Complete' | undefined;
  private abandoned = false;
  private finishedResolve!: () => void;
  readonly finished: Promise<void>;
  private stopResolve!: () => void;
  /** Settles when StopAutomationExecution (or a reset) asks this execution to stop. */
  readonly stopped: Promise<void>;

  constructor(
    private readonly host: RunHost,
    readonly exec: StoredExecution,
    private readonly doc: ParsedAutomationDocument,
    params: Record<string, unknown>,
    private readonly variant: RunVariant = {},
  ) {
    this.finished = new Promise((r) => (this.finishedResolve = r));
    this.stopped = new Promise((r) => (this.stopResolve = r));
    this.values = new ExecutionValues(host.services, exec, doc, params);
    this.records = new StepRecords(host, exec);
    const scope: StepScope = {
      services: host.services,
      exec,
      doc,
      values: this.values,
      records: this.records,
      signals: this.signals,
      stopRequested: () => this.stopType,
      action: (name) => host.action(name),
      nativeStep: (stepName) => host.nativeStep?.(exec.documentName, stepName),
      setStatus: (status) => this.setStatus(status),
    };
    this.executor = new StepExecutor(scope);
  }

  /** Every step execution so far, in the order the steps started. */
  get steps(): StoredStepExecution[] {
    return this.records.all;
  }

  start(): void {
    void this.run().catch((err: unknown) => {
      this.host.services.log.error(
        { err, executionId: this.exec.executionId },
        'an automation execution failed inside the emulator',
      );
      this.end({ status: 'Failed', failureMessage: 'Internal error in ssm-emulator; see its log.' });
    });
  }

  // ---- the step loop ----

  private async run(): Promise<void> {
    this.setStatus('InProgress');
    let index = 0;
    let criticalFailure: StoredStepExecution | undefined;
    let ending: Ending | undefined;
    const steps = this.doc.steps;
    while (index < steps.length) {
      if (this.stopType === 'Complete') break;
      let step = steps[index];
      if (this.exec.mode === 'Interactive') {
        const chosen = await this.awaitStartStep(step.name);
        if (chosen === undefined) break; // stopped while waiting
        index = steps.findIndex((s) => s.name === chosen);
        step = steps[index];
      }
      const { record, outcome, branchTo } = await this.executor.run(step);
      if (this.abandoned) return; // reset or shutdown: nothing more runs, nothing more is written
      const t = transition(step, outcome, branchTo);
      if (outcome === 'Cancelled' && this.stopType === 'Cancel') {
        if (t.kind === 'goto')
          await this.executor.run(steps[steps.findIndex((s) => s.name === t.step)], true);
        ending = { status: 'Cancelled' };
        break;
      }
      if (isCriticalFailure(step, outcome)) criticalFailure = record;
      const move = moveAfter(steps, index, t, outcome, record.failureMessage);
      if (move.kind === 'end') {
        ending = move.ending;
        break;
      }
      index = move.index;
    }
    ending ??= endingOfRun(this.stopType === 'Cancel', criticalFailure);
    if (this.variant.afterSteps) ending = await this.variant.afterSteps(ending, this);
    this.end(ending);
  }

  private end(ending: Ending): void {
    if (isFinal(this.exec.status)) return;
    this.exec.outputs = this.values.documentOutputs();
    this.exec.failureMessage = ending.failureMessage;
    this.exec.currentStepName = undefined;
    this.exec.currentAction = undefined;
    this.exec.endMs = this.host.services.clock.nowMs();
    this.setStatus(ending.status);
    this.signals.close();
    this.finishedResolve();
  }

  private awaitStartStep(next: string): Promise<string | undefined> {
    this.exec.currentStepName = next;
    this.setStatus('Waiting');
    return this.signals.nextStartStep();
  }

  /** Shows a status (after its alias); change requests show their phases through it. */
  setStatus(name: AutomationExecutionStatus): void {
    const status = this.variant.alias?.[name] ?? name;
    if (this.exec.status === status) return;
    this.exec.status = nextExecutionStatus(this.exec.status, status);
    this.host.saveExecution(this.exec);
  }

  // ---- control from the API ----

  /** Set by StopAutomationExecution. */
  get stopRequested(): 'Cancel' | 'Complete' | undefined {
    return this.stopType;
  }

  /** StopAutomationExecution: Cancel stops the running step (onCancel runs); Complete ends after it. */
  stop(type: 'Cancel' | 'Complete'): void {
    this.stopType = type;
    this.stopResolve();
    if (type === 'Cancel') {
      if (this.exec.status !== 'Cancelling') this.setStatus('Cancelling');
      this.executor.stopAll('cancel');
    }
    this.signals.stopStartWait();
  }

  /** What is waiting for a signal right now (for SendAutomationSignal's checks). */
  waitingFor(): SignalWait | undefined {
    return this.signals.waitingFor();
  }

  /** The step that is running or waiting, if any. */
  currentStep(): StoredStepExecution | undefined {
    const last = this.steps[this.steps.length - 1];
    return last && !isFinal(last.status) ? last : undefined;
  }

  deliver(signal: AutomationSignal): void {
    if (signal.type === 'StopStep') this.executor.stopAll('stop-step');
    else this.signals.deliver(signal);
  }

  /** A step this execution's document has (SendAutomationSignal StartStep checks names). */
  hasStep(name: string): boolean {
    return this.doc.steps.some((s) => s.name === name);
  }

  /** Ends an execution at once without running more (reset, shutdown). */
  abandon(): void {
    this.abandoned = true;
    this.stopType = 'Cancel';
    this.stopResolve();
    this.executor.stopAll('cancel');
    this.signals.stopStartWait();
    this.finishedResolve();
  }
}

export { FINAL_STATUSES, isFinal } from './status.js';
