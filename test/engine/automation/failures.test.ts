// Failure framing: what a thrown error becomes, and AWS's FailureMessage and FailureDetails for it.
import { describe, expect, it } from 'vitest';
import { failureDetails, failureOf, failureText } from '../../../src/engine/automation/failures.js';
import { Aborted } from '../../../src/engine/automation/step-abort.js';
import { ActionInputError } from '../../../src/engine/automation/actions/types.js';
import { SelectorError } from '../../../src/engine/automation/selectors.js';
import { OutputTypeError } from '../../../src/engine/automation/values.js';

const GUIDE = 'Please refer to Automation Service Troubleshooting Guide for more diagnosis details.';

describe('failureOf', () => {
  it('a stop is TimedOut (its timeout) or Cancelled (a Cancel, a StopStep)', () => {
    expect(failureOf(new Aborted('timeout'))).toEqual({
      status: 'TimedOut',
      failure: { type: 'Execution', message: 'The step timed out.' },
    });
    for (const reason of ['cancel', 'stop-step'] as const)
      expect(failureOf(new Aborted(reason))).toEqual({
        status: 'Cancelled',
        failure: { type: 'Execution', message: 'The step was cancelled.' },
      });
  });

  it('bad input fails verification; an output of the wrong type fails execution', () => {
    expect(failureOf(new ActionInputError('Nope.'))).toEqual({
      status: 'Failed',
      failure: { type: 'Verification', message: 'Nope.' },
    });
    expect(failureOf(new SelectorError('Bad selector.'))).toMatchObject({
      failure: { type: 'Verification' },
    });
    expect(failureOf(new OutputTypeError('Not an Integer.'))).toEqual({
      status: 'Failed',
      failure: { type: 'Execution', message: 'Not an Integer.' },
    });
  });

  it('anything else is a bug and is thrown again', () => {
    const bug = new TypeError('x is undefined');
    expect(() => failureOf(bug)).toThrow(bug);
  });
});

describe('failureText', () => {
  const step = (action: string) => ({ name: 's', action });
  it("frames the action's message with the phase AWS names for the action", () => {
    expect(failureText(step('aws:runCommand'), 'Failed', { type: 'Execution', message: 'It failed.' })).toBe(
      `Step fails when it is verifying the command has completed. It failed. ${GUIDE}`,
    );
    expect(failureText(step('aws:executeScript'), 'Failed', { type: 'Execution', message: 'Boom' })).toBe(
      `Step fails when it is Poll action status for completion. Boom. ${GUIDE}`,
    );
    expect(failureText(step('aws:sleep'), 'Failed', { type: 'Verification', message: 'Bad.' })).toBe(
      `Step fails when it is validating and resolving the step inputs. Bad. ${GUIDE}`,
    );
    expect(
      failureText(step('aws:createImage'), 'Failed', { type: 'Execution', message: 'No.', phase: 'polling' }),
    ).toBe(`Step fails when it is polling. No. ${GUIDE}`);
  });

  it('a timeout names only the phase', () => {
    expect(failureText(step('aws:pause'), 'TimedOut', { type: 'Execution', message: 'ignored' })).toBe(
      `Step timed out while step is Execute/Cancelling action. ${GUIDE}`,
    );
  });
});

describe('failureDetails', () => {
  it('bad input fails at InputValidation; the rest at Invocation', () => {
    expect(failureDetails({ type: 'Verification', message: '' })).toEqual({
      FailureStage: 'InputValidation',
      FailureType: 'Verification',
    });
    expect(failureDetails({ type: 'Execution', message: '' })).toEqual({
      FailureStage: 'Invocation',
      FailureType: 'Action',
    });
    expect(failureDetails({ type: 'Unknown', message: '' })).toEqual({
      FailureStage: 'Invocation',
      FailureType: 'Internal',
    });
  });
});
