// How a step's failure reads: the errors an attempt ends with become step results, and a failed or timed-out
// step gets AWS's FailureMessage framing and FailureDetails.
import type { AutomationStep } from '../documents/index.js';
import type { StoredFailureDetails } from '../../store/repositories/automation.js';
import { ServiceError } from '../../model/service-error.js';
import type { ActionFailure, ActionResult } from './actions/types.js';
import { Aborted } from './step-abort.js';
import { OutputTypeError } from './values.js';

const TROUBLESHOOTING =
  'Please refer to Automation Service Troubleshooting Guide for more diagnosis details.';

/** The result of an attempt that threw: a stop, bad input, or an output of the wrong type (anything else is a bug). */
export function failureOf(err: unknown): ActionResult {
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

/** StepExecution.FailureDetails: bad input fails at InputValidation, everything else at Invocation. */
export function failureDetails(failure: ActionFailure): StoredFailureDetails {
  return failure.type === 'Verification'
    ? { FailureStage: 'InputValidation', FailureType: 'Verification' }
    : { FailureStage: 'Invocation', FailureType: failure.type === 'Unknown' ? 'Internal' : 'Action' };
}
