// The contract between the Automation interpreter and its actions: one file per action implements
// ActionRunner; the interpreter interpolates inputs, applies retries/timeouts/flow, and records outputs.
import { ValidationException } from '../../../model/generated/errors.js';
import type { Services } from '../../../services.js';

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
}

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

export type ActionRunner = (ctx: ActionContext) => Promise<ActionResult>;

/** Thrown by an action for input it cannot run with; becomes a Failed step with a Verification failure. */
export class ActionInputError extends ValidationException {}
