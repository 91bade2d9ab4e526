// The step executions of one run as the API shows them: opened when a step starts, saved at every change and
// announced at every status change, and closed with the step's result (outputs, failure, the branch taken).
import { randomUUID } from 'node:crypto';
import { nextStepStatus, type AutomationExecutionStatus } from './status.js';
import type { AutomationStep } from '../documents/index.js';
import type { StoredExecution, StoredStepExecution } from '../../store/repositories/automation.js';
import type { ActionResult, ParentStepDetails } from './actions/types.js';
import { failureDetails, failureText } from './failures.js';
import { toParameterMap } from './values.js';

/** Where step executions go: the store, and the event bus for status changes (the engine keeps both). */
export interface StepPersistence {
  saveStep(exec: StoredExecution, seq: number, step: StoredStepExecution): void;
  stepChanged(exec: StoredExecution, step: StoredStepExecution): void;
}

/** A step execution and its place in the execution's list (the store keys it by both). */
export interface StepEntry {
  seq: number;
  record: StoredStepExecution;
}

export class StepRecords {
  /** Every step execution so far, in the order the steps started. */
  readonly all: StoredStepExecution[] = [];

  constructor(
    private readonly sink: StepPersistence,
    private readonly exec: StoredExecution,
  ) {}

  /** A new step execution, Pending until its status is set. */
  open(
    step: AutomationStep,
    validNextSteps: string[],
    parent: ParentStepDetails | undefined,
    startMs: number,
  ): StepEntry {
    const record: StoredStepExecution = {
      stepExecutionId: randomUUID(),
      stepName: step.name,
      action: step.action,
      status: 'Pending',
      // Real responses show these only when the runbook sets them.
      onFailure: step.onFailure,
      maxAttempts: step.maxAttempts,
      timeoutSeconds: step.timeoutSeconds,
      isEnd: step.isEnd,
      isCritical: step.isCritical,
      nextStep: step.nextStep,
      outputs: {},
      overriddenParameters: {},
      validNextSteps,
      parentStepDetails: parent,
    };
    this.all.push(record);
    record.startMs = startMs;
    return { seq: this.all.length - 1, record };
  }

  save(e: StepEntry): void {
    this.sink.saveStep(this.exec, e.seq, e.record);
  }

  setStatus(e: StepEntry, status: AutomationExecutionStatus): void {
    e.record.status = nextStepStatus(e.record.status, status);
    this.save(e);
    this.sink.stepChanged(this.exec, e.record);
  }

  /** StepExecution.Inputs: each input as JSON text, as AWS shows them (`"InstanceIds": "[\"i-1\"]"`). */
  setInputs(e: StepEntry, inputs: Record<string, unknown>): void {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(inputs)) out[k] = JSON.stringify(v);
    e.record.inputs = out;
    this.save(e);
  }

  /** Progress a running step reports (shown before the step ends). */
  report(e: StepEntry, outputs: Record<string, unknown>): void {
    addOutputs(e.record, outputs);
    this.save(e);
  }

  /**
   * The step's result: its typed outputs (undefined when it has none to show), the failure as AWS frames it,
   * the step an aws:branch chose; then its final status.
   */
  close(
    e: StepEntry,
    step: AutomationStep,
    r: ActionResult,
    outputs: Record<string, unknown> | undefined,
  ): void {
    if (outputs) addOutputs(e.record, outputs);
    if (r.status === 'Failed' || r.status === 'TimedOut') {
      e.record.failureMessage = failureText(step, r.status, r.failure);
      e.record.failureDetails = failureDetails(r.failure);
    }
    if (r.status === 'Success' && r.next) e.record.nextStep = r.next;
    this.setStatus(e, r.status);
  }
}

function addOutputs(record: StoredStepExecution, outputs: Record<string, unknown>): void {
  record.outputs = { ...record.outputs, ...toParameterMap(outputs) };
}
