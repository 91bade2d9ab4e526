// The contract between the Automation interpreter and its actions: one file per action implements
// ActionRunner; the interpreter interpolates inputs, applies retries/timeouts/flow, and records outputs.
import { ValidationException } from '../../../model/generated/errors.js';
import type { Services } from '../../../services.js';
import type { StoredStepExecution } from '../../../store/repositories/automation.js';
import type { AutomationStep, ParameterDeclaration } from '../../documents/index.js';
import type { StepOutcome } from '../flow.js';

/** What steps reach: the engines and state an action may use (not the whole composition). */
export type AutomationServices = Pick<
  Services,
  'config' | 'store' | 'clock' | 'events' | 'log' | 'fleet' | 'commands' | 'ec2' | 'sessions' | 'automation'
>;

export interface ActionScope {
  account: string;
  region: string;
}

/** Why a step ended the way it did; the interpreter turns it into StepExecution.FailureDetails. */
export interface ActionFailure {
  /** `Verification` (bad input found while running), `Execution` (the work failed) or `Unknown`. */
  type: 'Verification' | 'Execution' | 'Unknown';
  /** What went wrong, without AWS's framing (the runner adds "Step fails when it is <phase>. ..."). */
  message: string;
  /** The phase AWS names in the failure text, e.g. `verifying the command has completed`. */
  phase?: string;
}

export interface ActionContext {
  services: AutomationServices;
  scope: ActionScope;
  /** The identity that started the execution (ExecutedBy); SSM calls made by steps run as it. */
  callerArn: string;
  executionId: string;
  stepName: string;
  /** The step's inputs, every `{{ ... }}` already substituted. */
  inputs: Record<string, unknown>;
  /** Aborted when the execution is stopped (Cancel) or the step times out; actions stop waiting then. */
  signal: AbortSignal;
  /** Waits on the emulator clock (a frozen clock waits until the test advances it); rejects on abort. */
  sleep(ms: number): Promise<void>;
  /** Shows the step as Waiting (aws:pause, aws:approve) until `resume` runs, then InProgress again. */
  setWaiting(waiting: boolean): void;
  /** Progress the step reports while it runs (shown in GetAutomationExecution / step outputs). */
  report(outputs: Record<string, unknown>): void;
  /** The next SendAutomationSignal aimed at this step (Approve, Reject, Resume); rejects on abort. */
  nextSignal(): Promise<AutomationSignal>;
  /** The execution the step runs in, for the actions that change it (aws:loop, aws:updateVariable). */
  execution: ExecutionAccess;
}

/** What aws:loop and aws:updateVariable reach beyond their inputs: the execution's values and steps. */
export interface ExecutionAccess {
  /** The step as the runbook wrote it (aws:loop's nested Steps are interpolated only as each one runs). */
  readonly step: AutomationStep;
  /** The variables the runbook declares. */
  readonly variables: Record<string, ParameterDeclaration>;
  /** `{{ ... }}` substituted with the values the execution has now. */
  interpolate<T>(value: T): T;
  /** A value later steps interpolate (`step.Output`, `loop.CurrentIteration`); undefined when unset. */
  value(name: string): unknown;
  setValue(name: string, value: unknown): void;
  /** Sets a declared variable (`variable:NAME`), shown in the execution's Variables. */
  setVariable(name: string, value: unknown): void;
  /** Runs a nested step as a step of this execution, shown (ParentStepDetails) as run by this step. */
  runStep(
    step: AutomationStep,
    iteration: LoopIteration,
  ): Promise<{ outcome: StepOutcome; branchTo?: string }>;
}

/** The iteration of aws:loop a nested step runs in. */
export type LoopIteration = Pick<ParentStepDetails, 'Iteration' | 'IteratorValue'>;

export type ParentStepDetails = NonNullable<StoredStepExecution['parentStepDetails']>;

export interface AutomationSignal {
  type: 'Approve' | 'Reject' | 'StartStep' | 'StopStep' | 'Resume';
  payload: Record<string, string[]>;
  callerArn: string;
}

export type ActionResult =
  | {
      status: 'Success';
      /** The action's built-in outputs by name (e.g. ImageId, ImageState for aws:createImage). */
      outputs?: Record<string, unknown>;
      /** What the step's own `outputs` Selectors run against (the API response, the script's return). */
      payload?: unknown;
      /** aws:branch: the step to go to next (overrides nextStep). */
      next?: string;
    }
  | {
      status: 'Failed' | 'TimedOut' | 'Cancelled';
      failure: ActionFailure;
      outputs?: Record<string, unknown>;
    };

export type ActionRunner = ((ctx: ActionContext) => Promise<ActionResult>) & {
  /**
   * Set by an action that runs nested steps (aws:loop): its `Steps` input is interpolated only as each nested
   * step runs, and a stop reaches it through those steps instead of ending it at once.
   */
  readonly runsSteps?: boolean;
};

/** Thrown by an action for input it cannot run with; becomes a Failed step with a Verification failure. */
export class ActionInputError extends ValidationException {}
