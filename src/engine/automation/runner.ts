// One execution's interpreter: runs the runbook's steps in order on the emulator clock, with retries,
// timeouts, flow (nextStep, isEnd, onFailure, onCancel, aws:branch, aws:loop), Interactive mode, waiting
// steps and signals, and records every step execution as it changes.
import { ServiceError } from '../../model/service-error.js';
import { randomUUID } from 'node:crypto';
import type { TimerHandle } from '../clock.js';
import { interpolate, type AutomationStep, type ParsedAutomationDocument } from '../documents/index.js';
import type { StoredExecution, StoredStepExecution } from '../../store/repositories/automation.js';
import type {
  ActionContext,
  ActionResult,
  ActionRunner,
  AutomationServices,
  AutomationSignal,
} from './actions/types.js';
import { ActionInputError } from './actions/types.js';
import { transition, validNextSteps, type StepOutcome } from './flow.js';
import { DEFAULT_LOOP_MAX_ITERATIONS, DEFAULT_TIMEOUT_SECONDS } from './limits.js';
import { selectOne } from './selectors.js';
import { convertOutput, OutputTypeError, systemVariables, toStringList } from './values.js';
import { evaluateChoice, type Choice } from './actions/branch.js';
import { isFinal, nextExecutionStatus, nextStepStatus, type AutomationExecutionStatus } from './status.js';

/** What the runner needs from its engine: persistence and events, kept in one place there. */
export interface RunHost {
  readonly services: AutomationServices;
  saveExecution(exec: StoredExecution): void;
  saveStep(exec: StoredExecution, seq: number, step: StoredStepExecution): void;
  stepChanged(exec: StoredExecution, step: StoredStepExecution): void;
  /** The runner of an action, or undefined for an action this emulator does not run. */
  action(name: string): ActionRunner | undefined;
}

type StopReason = 'cancel' | 'timeout' | 'stop-step';

class Aborted extends Error {
  constructor(readonly reason: StopReason) {
    super(reason);
  }
}

interface PendingSignal {
  resolve: (s: AutomationSignal) => void;
  reject: (e: Error) => void;
}

/** The execution ends as the runbook's last step left it, or as a stop asked. */
export interface Ending {
  status: AutomationExecutionStatus;
  failureMessage?: string;
}

/** How a kind of execution differs from a plain runbook run (Change Manager's change requests). */
export interface RunVariant {
  /** Statuses shown under another name (a change request waits for approval as PendingApproval). */
  alias?: Partial<Record<AutomationExecutionStatus, AutomationExecutionStatus>>;
  /** Runs after the steps and decides the final status (change requests then run their runbooks). */
  afterSteps?: (ending: Ending, run: ExecutionRun) => Promise<Ending>;
}

export class ExecutionRun {
  readonly steps: StoredStepExecution[] = [];
  /** `step.Output` values and `variable:NAME` values, typed, for interpolation. */
  private readonly values: Record<string, unknown> = {};
  private readonly stepAbort = new Set<AbortController>();
  private stopType: 'Cancel' | 'Complete' | undefined;
  private abandoned = false;
  private signalWaiter: PendingSignal | undefined;
  private readonly queuedSignals: AutomationSignal[] = [];
  /** The step name an Interactive execution was told to run next (SendAutomationSignal StartStep). */
  private interactiveWaiter: { resolve: (step: string) => void; reject: (e: Error) => void } | undefined;
  private finishedResolve!: () => void;
  readonly finished: Promise<void>;
  private stopResolve!: () => void;
  /** Settles when StopAutomationExecution (or a reset) asks this execution to stop. */
  readonly stopped: Promise<void>;

  constructor(
    private readonly host: RunHost,
    readonly exec: StoredExecution,
    private readonly doc: ParsedAutomationDocument,
    private readonly params: Record<string, unknown>,
    private readonly variant: RunVariant = {},
  ) {
    this.finished = new Promise((r) => (this.finishedResolve = r));
    this.stopped = new Promise((r) => (this.stopResolve = r));
    for (const [name, decl] of Object.entries(doc.variables ?? {})) {
      if (decl.default === undefined) continue;
      this.values[`variable:${name}`] = decl.default;
      exec.variables = { ...exec.variables, [name]: toStringList(decl.default) };
    }
  }

  private get services(): AutomationServices {
    return this.host.services;
  }

  start(): void {
    void this.run().catch((err: unknown) => {
      this.services.log.error(
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
      const { record, outcome, branchTo } = await this.runStep(step);
      if (this.abandoned) return; // reset or shutdown: nothing more runs, nothing more is written
      const t = transition(step, outcome, branchTo);
      if (outcome === 'Cancelled' && this.stopType === 'Cancel') {
        if (t.kind === 'goto') await this.runStep(steps[steps.findIndex((s) => s.name === t.step)], true);
        ending = { status: 'Cancelled' };
        break;
      }
      // isCritical counts only where the runbook sets it (UG "Properties shared by all actions").
      if (outcome !== 'Success' && outcome !== 'Cancelled' && step.isCritical === true)
        criticalFailure = record;
      if (t.kind === 'abort') {
        ending = {
          status: outcome === 'Success' ? 'Success' : outcome,
          failureMessage: outcome === 'Cancelled' ? undefined : record.failureMessage,
        };
        break;
      }
      if (t.kind === 'end') break;
      if (t.kind === 'next') index++;
      else index = steps.findIndex((s) => s.name === t.step);
      if (index < 0) {
        // Validation at CreateDocument makes this unreachable for stored runbooks; kept for safety.
        ending = { status: 'Failed', failureMessage: `Step ${t.kind === 'goto' ? t.step : ''} not found.` };
        break;
      }
    }
    if (!ending) {
      if (this.stopType === 'Cancel') ending = { status: 'Cancelled' };
      else if (criticalFailure) ending = { status: 'Failed', failureMessage: criticalFailure.failureMessage };
      else ending = { status: 'Success' };
    }
    if (this.variant.afterSteps) ending = await this.variant.afterSteps(ending, this);
    this.end(ending);
  }

  private end(ending: Ending): void {
    if (isFinal(this.exec.status)) return;
    this.exec.outputs = this.documentOutputs();
    this.exec.failureMessage = ending.failureMessage;
    this.exec.currentStepName = undefined;
    this.exec.currentAction = undefined;
    this.exec.endMs = this.services.clock.nowMs();
    this.setStatus(ending.status);
    this.signalWaiter?.reject(new Aborted('cancel'));
    this.finishedResolve();
  }

  /** Runs one step with its attempts and timeout; `cleanup` marks an onCancel step (it cannot be cancelled). */
  private async runStep(
    step: AutomationStep,
    cleanup = false,
    parent?: StoredStepExecution['parentStepDetails'],
  ): Promise<{ record: StoredStepExecution; outcome: StepOutcome; branchTo?: string }> {
    const { clock } = this.services;
    const seq = this.steps.length;
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
      validNextSteps: validNextSteps(step, this.following(step.name)),
      parentStepDetails: parent,
    };
    this.steps.push(record);
    record.startMs = clock.nowMs();
    this.exec.currentStepName = step.name;
    this.exec.currentAction = step.action;
    this.setStep(seq, record, 'InProgress');
    if (this.exec.status !== 'InProgress') this.setStatus('InProgress');

    let result: ActionResult | undefined;
    const attempts = step.maxAttempts ?? 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      result = await this.attempt(step, seq, record, cleanup);
      if (result.status === 'Success' || result.status === 'Cancelled') break;
      if (this.stopType) break;
    }
    const r = result!;
    record.endMs = clock.nowMs();
    if (r.outputs || r.status === 'Success') record.outputs = this.stepOutputs(step, record, r);
    if (r.status === 'Failed' || r.status === 'TimedOut') {
      record.failureMessage = failureText(step, r.status, r.failure);
      record.failureDetails =
        r.failure.type === 'Verification'
          ? { FailureStage: 'InputValidation', FailureType: 'Verification' }
          : { FailureStage: 'Invocation', FailureType: r.failure.type === 'Unknown' ? 'Internal' : 'Action' };
    }
    const branchTo = r.status === 'Success' ? r.next : undefined;
    if (branchTo) record.nextStep = branchTo;
    this.setStep(seq, record, r.status);
    return { record, outcome: r.status, branchTo };
  }

  private async attempt(
    step: AutomationStep,
    seq: number,
    record: StoredStepExecution,
    cleanup: boolean,
  ): Promise<ActionResult> {
    const { clock } = this.services;
    const controller = new AbortController();
    if (!cleanup) this.stepAbort.add(controller);
    let timer: TimerHandle | undefined;
    const timeoutSeconds = step.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS[step.action];
    if (timeoutSeconds)
      timer = clock.setTimer(clock.nowMs() + timeoutSeconds * 1000, () =>
        controller.abort(new Aborted('timeout')),
      );
    try {
      if (this.stopType === 'Cancel' && !cleanup) throw new Aborted('cancel');
      if (step.action === 'aws:loop') return await this.runLoop(step, seq, record, controller.signal);
      if (step.action === 'aws:updateVariable') return this.updateVariable(step, seq, record);
      const inputs = this.inputsOf(step);
      record.inputs = encodeInputs(inputs);
      this.host.saveStep(this.exec, seq, record);
      const runner = this.host.action(step.action);
      if (!runner)
        return {
          status: 'Failed',
          failure: {
            type: 'Verification',
            message: `The action ${step.action} is not supported by ssm-emulator; the step did not run.`,
          },
        };
      const ctx = this.actionContext(step, seq, record, inputs, controller.signal);
      return await raceAbort(runner(ctx), controller.signal);
    } catch (err) {
      return this.failureOf(err);
    } finally {
      clock.clearTimer(timer);
      this.stepAbort.delete(controller);
      // Whatever the action still waits on (a default approval timeout, a poll) is released with the step.
      if (!controller.signal.aborted) controller.abort(new Aborted('cancel'));
    }
  }

  private failureOf(err: unknown): ActionResult {
    if (err instanceof Aborted) {
      if (err.reason === 'timeout')
        return {
          status: 'TimedOut',
          failure: { type: 'Execution', message: 'The step timed out.' },
        };
      return { status: 'Cancelled', failure: { type: 'Execution', message: 'The step was cancelled.' } };
    }
    if (err instanceof OutputTypeError)
      return { status: 'Failed', failure: { type: 'Execution', message: err.message } };
    // Bad inputs, selectors, parameters or {{ssm:}} references (ActionInputError, SelectorError & co.).
    if (err instanceof ServiceError)
      return { status: 'Failed', failure: { type: 'Verification', message: err.message } };
    throw err;
  }

  private actionContext(
    step: AutomationStep,
    seq: number,
    record: StoredStepExecution,
    inputs: Record<string, unknown>,
    signal: AbortSignal,
  ): ActionContext {
    const { clock } = this.services;
    return {
      services: this.services,
      scope: { account: this.exec.account, region: this.exec.region },
      callerArn: this.exec.executedBy,
      executionId: this.exec.executionId,
      stepName: step.name,
      inputs,
      signal,
      sleep: (ms) =>
        new Promise<void>((resolve, reject) => {
          if (signal.aborted) return reject(abortReason(signal));
          const t = clock.setTimer(clock.nowMs() + Math.max(0, ms), () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          });
          const onAbort = () => {
            clock.clearTimer(t);
            reject(abortReason(signal));
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      setWaiting: (waiting) => {
        this.setStep(seq, record, waiting ? 'Waiting' : 'InProgress');
        this.setStatus(waiting ? 'Waiting' : 'InProgress');
      },
      report: (outputs) => {
        record.outputs = { ...record.outputs, ...mapOutputs(outputs) };
        this.host.saveStep(this.exec, seq, record);
      },
      nextSignal: () =>
        new Promise<AutomationSignal>((resolve, reject) => {
          if (signal.aborted) return reject(abortReason(signal));
          const queued = this.queuedSignals.shift();
          if (queued) return resolve(queued);
          const onAbort = () => {
            this.signalWaiter = undefined;
            reject(abortReason(signal));
          };
          signal.addEventListener('abort', onAbort, { once: true });
          this.signalWaiter = {
            resolve: (s) => {
              signal.removeEventListener('abort', onAbort);
              this.signalWaiter = undefined;
              resolve(s);
            },
            reject,
          };
        }),
    };
  }

  // ---- aws:loop: its nested steps run here, once per iteration ----

  private async runLoop(
    step: AutomationStep,
    seq: number,
    record: StoredStepExecution,
    signal: AbortSignal,
  ): Promise<ActionResult> {
    const { Steps, ...own } = step.inputs ?? {};
    const inputs = this.interpolate(own);
    record.inputs = encodeInputs(inputs);
    this.host.saveStep(this.exec, seq, record);
    const nested = Array.isArray(Steps) ? (Steps as AutomationStep[]) : [];
    if (!nested.length) throw new ActionInputError('aws:loop needs at least one step in Steps.');
    const iterators = inputs.Iterators;
    const max = Number(inputs.MaxIterations ?? DEFAULT_LOOP_MAX_ITERATIONS);
    const condition = inputs.LoopCondition as Choice | undefined;
    if (iterators === undefined && condition === undefined)
      throw new ActionInputError('aws:loop needs Iterators or LoopCondition.');
    const items = iterators === undefined ? undefined : Array.isArray(iterators) ? iterators : [iterators];
    let iteration = 0;
    for (;;) {
      if (items && iteration >= items.length) break;
      if (iteration >= max) break;
      const value = items ? items[iteration] : undefined;
      this.values[`${step.name}.CurrentIteration`] = iteration + 1;
      if (items) this.values[`${step.name}.CurrentIteratorValue`] = value;
      if (!items && iteration > 0 && !evaluateChoice(this.interpolate(step.inputs?.LoopCondition) as Choice))
        break;
      for (let i = 0; i < nested.length; i++) {
        if (signal.aborted) throw abortReason(signal);
        const { outcome, branchTo } = await this.runStep(nested[i], false, {
          StepExecutionId: record.stepExecutionId,
          Iteration: iteration + 1,
          IteratorValue: items ? toStringList(value)[0] : undefined,
          Action: step.action,
          StepName: step.name,
        });
        if (outcome !== 'Success' && (nested[i].onFailure ?? 'Abort') === 'Abort')
          return {
            status: outcome === 'Cancelled' ? 'Cancelled' : 'Failed',
            failure: {
              type: 'Execution',
              message: `Step ${nested[i].name} in the loop ${step.name} failed.`,
            },
            outputs: this.loopOutputs(step.name),
          };
        if (branchTo) {
          const j = nested.findIndex((s) => s.name === branchTo);
          if (j >= 0) i = j - 1;
          else if (branchTo)
            return { status: 'Success', outputs: this.loopOutputs(step.name), next: branchTo };
        }
        if (nested[i]?.isEnd) break;
      }
      iteration++;
      if (!items && condition && !evaluateChoice(this.interpolate(step.inputs?.LoopCondition) as Choice))
        break;
    }
    return { status: 'Success', outputs: this.loopOutputs(step.name) };
  }

  /** aws:updateVariable: Name `variable:X` of a declared variable, Value of its type (no conversions). */
  private updateVariable(step: AutomationStep, seq: number, record: StoredStepExecution): ActionResult {
    const inputs = this.inputsOf(step);
    record.inputs = encodeInputs(inputs);
    this.host.saveStep(this.exec, seq, record);
    const m = /^variable:([A-Za-z0-9_]+)$/.exec(String(inputs.Name ?? ''));
    const decl = m ? this.doc.variables?.[m[1]] : undefined;
    if (!m || !decl)
      throw new ActionInputError(
        `Name ${String(inputs.Name)} is not a variable the runbook declares (variable:NAME).`,
      );
    const v = inputs.Value;
    const ok =
      decl.type === 'String'
        ? typeof v === 'string'
        : decl.type === 'Integer'
          ? Number.isInteger(v)
          : decl.type === 'Boolean'
            ? typeof v === 'boolean'
            : decl.type === 'StringList'
              ? Array.isArray(v) && v.every((x) => typeof x === 'string')
              : decl.type === 'MapList'
                ? Array.isArray(v)
                : typeof v === 'object' && v !== null && !Array.isArray(v);
    if (!ok)
      throw new ActionInputError(`Value ${JSON.stringify(v)} is not of the variable's type ${decl.type}.`);
    this.values[`variable:${m[1]}`] = v;
    this.exec.variables = { ...this.exec.variables, [m[1]]: toStringList(v) };
    return { status: 'Success' };
  }

  private loopOutputs(name: string): Record<string, unknown> {
    const out: Record<string, unknown> = { CurrentIteration: this.values[`${name}.CurrentIteration`] ?? 0 };
    if (`${name}.CurrentIteratorValue` in this.values)
      out.CurrentIteratorValue = this.values[`${name}.CurrentIteratorValue`];
    return out;
  }

  // ---- values ----

  private interpolate<T>(value: T): T {
    return interpolate(value, {
      parameters: this.params,
      values: {
        ...systemVariables(
          { account: this.exec.account, region: this.exec.region, executionId: this.exec.executionId },
          this.services.clock.nowMs(),
        ),
        ...this.values,
      },
      resolveSsm: this.services.commands.ssmResolver({
        account: this.exec.account,
        region: this.exec.region,
      }),
    });
  }

  private inputsOf(step: AutomationStep): Record<string, unknown> {
    return this.interpolate(step.inputs ?? {});
  }

  /** Built-in outputs, then the step's declared outputs (Selector on the payload, Type), as the API shows them. */
  private stepOutputs(
    step: AutomationStep,
    record: StoredStepExecution,
    r: ActionResult,
  ): Record<string, string[]> {
    const typed: Record<string, unknown> = { ...(r.outputs ?? {}) };
    if (r.status === 'Success') {
      const payload = r.payload ?? r.outputs ?? {};
      for (const o of step.outputs ?? []) {
        const found = selectOne(payload, o.Selector);
        if (found === undefined) continue;
        typed[o.Name] = convertOutput(found, o.Type, o.Name);
      }
    }
    for (const [k, v] of Object.entries(typed)) this.values[`${step.name}.${k}`] = v;
    return { ...record.outputs, ...mapOutputs(typed) };
  }

  /** The runbook's `outputs` (`step.Output`) with the values the steps produced. */
  private documentOutputs(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const name of this.doc.outputs ?? []) {
      out[name] =
        name in this.values
          ? toStringList(this.values[name])
          : ['No output available yet because the step is not successfully executed'];
    }
    return out;
  }

  private following(name: string): string | undefined {
    const i = this.doc.steps.findIndex((s) => s.name === name);
    return i >= 0 ? this.doc.steps[i + 1]?.name : undefined;
  }

  // ---- state changes (saved and announced) ----

  /** Shows a status (after its alias); change requests show their phases through it. */
  setStatus(name: AutomationExecutionStatus): void {
    const status = this.variant.alias?.[name] ?? name;
    if (this.exec.status === status) return;
    this.exec.status = nextExecutionStatus(this.exec.status, status);
    this.host.saveExecution(this.exec);
  }

  private setStep(seq: number, record: StoredStepExecution, status: AutomationExecutionStatus): void {
    record.status = nextStepStatus(record.status, status);
    this.host.saveStep(this.exec, seq, record);
    this.host.stepChanged(this.exec, record);
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
      for (const c of this.stepAbort) c.abort(new Aborted('cancel'));
      this.interactiveWaiter?.reject(new Aborted('cancel'));
    } else {
      this.interactiveWaiter?.reject(new Aborted('cancel'));
    }
  }

  /** What is waiting for a signal right now (for SendAutomationSignal's checks). */
  waitingFor(): 'step-signal' | 'start-step' | undefined {
    if (this.signalWaiter) return 'step-signal';
    if (this.interactiveWaiter) return 'start-step';
    return undefined;
  }

  /** The step that is running or waiting, if any. */
  currentStep(): StoredStepExecution | undefined {
    const last = this.steps[this.steps.length - 1];
    return last && !isFinal(last.status) ? last : undefined;
  }

  deliver(signal: AutomationSignal): void {
    if (signal.type === 'StartStep') {
      const name = signal.payload.StepName?.[0] ?? '';
      this.interactiveWaiter?.resolve(name);
      return;
    }
    if (signal.type === 'StopStep') {
      for (const c of this.stepAbort) c.abort(new Aborted('stop-step'));
      return;
    }
    if (this.signalWaiter) this.signalWaiter.resolve(signal);
    else this.queuedSignals.push(signal);
  }

  private awaitStartStep(next: string): Promise<string | undefined> {
    this.exec.currentStepName = next;
    this.setStatus('Waiting');
    return new Promise<string | undefined>((resolve, reject) => {
      this.interactiveWaiter = { resolve, reject };
    })
      .catch(() => undefined)
      .finally(() => (this.interactiveWaiter = undefined));
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
    for (const c of this.stepAbort) c.abort(new Aborted('cancel'));
    this.interactiveWaiter?.reject(new Aborted('cancel'));
    this.finishedResolve();
  }
}

export { FINAL_STATUSES, isFinal } from './status.js';

const TROUBLESHOOTING =
  'Please refer to Automation Service Troubleshooting Guide for more diagnosis details.';

/** What AWS calls the phase an action fails in (real failure texts: "Step fails when it is <phase>. ..."). */
function phaseOf(action: string): string {
  switch (action) {
    case 'aws:runCommand':
      return 'verifying the command has completed';
    case 'aws:executeScript':
      return 'Poll action status for completion';
    default:
      return 'Execute/Cancelling action';
  }
}

/** StepExecution.FailureMessage (and the execution's, when the step ends it), framed as AWS frames it. */
export function failureText(
  step: AutomationStep,
  status: 'Failed' | 'TimedOut',
  failure: { type: string; message: string; phase?: string },
): string {
  const phase =
    failure.phase ??
    (failure.type === 'Verification' ? 'validating and resolving the step inputs' : phaseOf(step.action));
  if (status === 'TimedOut') return `Step timed out while step is ${phase}. ${TROUBLESHOOTING}`;
  const detail = failure.message.replace(/\.\s*$/, '');
  return `Step fails when it is ${phase}. ${detail}. ${TROUBLESHOOTING}`;
}

/** StepExecution.Inputs: each input as JSON text, as AWS shows them (`"InstanceIds": "[\"i-1\"]"`). */
function encodeInputs(inputs: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs)) out[k] = JSON.stringify(v);
  return out;
}

function mapOutputs(values: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(values)) out[k] = toStringList(v);
  return out;
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Aborted ? signal.reason : new Aborted('cancel');
}

/** An action that ignores its abort signal still ends when the step is stopped. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
