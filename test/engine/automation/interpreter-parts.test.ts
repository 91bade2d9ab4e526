// The Automation interpreter's pure parts: JSONPath selectors, ISO 8601 durations, aws:branch operators,
// flow transitions, output types and system variables.
import { describe, expect, it } from 'vitest';
import { select, selectOne, SelectorError } from '../../../src/engine/automation/selectors.js';
import { durationMs } from '../../../src/engine/automation/actions/sleep.js';
import { evaluateChoice } from '../../../src/engine/automation/actions/branch.js';
import { ActionInputError } from '../../../src/engine/automation/actions/types.js';
import {
  endingOfRun,
  isCriticalFailure,
  moveAfter,
  transition,
  validNextSteps,
} from '../../../src/engine/automation/flow.js';
import { convertOutput, OutputTypeError, systemVariables } from '../../../src/engine/automation/values.js';
import { javaDate } from '../../../src/engine/automation/events.js';

const RESPONSE = {
  Reservations: [
    {
      Instances: [
        {
          InstanceId: 'i-1',
          State: { Code: 16, Name: 'running' },
          BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-1' } }],
        },
        {
          InstanceId: 'i-2',
          State: { Code: 80, Name: 'stopped' },
          BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-2' } }],
        },
      ],
    },
  ],
};

describe('selectors (UG "Working with inputs and outputs")', () => {
  it('reads members, indexes, quoted members and negative indexes', () => {
    expect(selectOne(RESPONSE, '$.Reservations[0].Instances[0].State.Name')).toBe('running');
    expect(selectOne(RESPONSE, "$.Reservations[0]['Instances'][-1].State.Code")).toBe(80);
    expect(selectOne(RESPONSE, '$.Reservations[3].Instances')).toBeUndefined();
  });
  it('deep scan and wildcards return lists', () => {
    expect(selectOne(RESPONSE, '$.Reservations..BlockDeviceMappings..VolumeId')).toEqual(['vol-1', 'vol-2']);
    expect(selectOne(RESPONSE, '$.Reservations[0].Instances[*].InstanceId')).toEqual(['i-1', 'i-2']);
    expect(select(RESPONSE, '$.Reservations..Instances..State').definite).toBe(false);
  });
  it('refuses selectors that are not JSONPath', () => {
    expect(() => selectOne(RESPONSE, 'Reservations[0]')).toThrow(SelectorError);
    expect(() => selectOne(RESPONSE, '$.a[?(@.b)]')).toThrow(SelectorError);
  });
});

describe('aws:sleep durations', () => {
  it('parses ISO 8601 durations', () => {
    expect(durationMs('PT5M')).toBe(300_000);
    expect(durationMs('P1DT2H3M4.5S')).toBe(93_784_500);
    expect(durationMs('P1W')).toBe(604_800_000);
    expect(durationMs('PT0S')).toBe(0);
  });
  it('refuses anything else', () => {
    for (const bad of ['5M', 'P', 'PT', 'PT-5M', 'P1H'])
      expect(() => durationMs(bad)).toThrow(ActionInputError);
  });
});

describe('aws:branch operators', () => {
  const c = (op: string, variable: unknown, value: unknown) =>
    evaluateChoice({ Variable: variable, [op]: value });
  it('compares strings', () => {
    expect(c('StringEquals', 'a', 'a')).toBe(true);
    expect(c('StringEquals', 'a', 'A')).toBe(false);
    expect(c('EqualsIgnoreCase', 'a', 'A')).toBe(true);
    expect(c('StartsWith', 'running', 'run')).toBe(true);
    expect(c('EndsWith', 'running', 'ing')).toBe(true);
    expect(c('Contains', 'running', 'nni')).toBe(true);
    expect(c('Contains', ['a', 'b'], 'b')).toBe(true);
    expect(c('Contains', ['a', 'b'], 'c')).toBe(false);
  });
  it('compares numbers and booleans', () => {
    expect(c('NumericEquals', '16', 16)).toBe(true);
    expect(c('NumericGreater', 17, 16)).toBe(true);
    expect(c('NumericLesser', 15, 16)).toBe(true);
    expect(c('NumericGreaterOrEquals', 16, 16)).toBe(true);
    expect(c('NumericLesserOrEquals', 17, 16)).toBe(false);
    expect(c('BooleanEquals', 'true', true)).toBe(true);
    expect(() => c('NumericEquals', 'x', 1)).toThrow(ActionInputError);
  });
  it('nests And, Or and Not', () => {
    const yes = { Variable: 'a', StringEquals: 'a' };
    const no = { Variable: 'a', StringEquals: 'b' };
    expect(evaluateChoice({ And: [yes, yes] })).toBe(true);
    expect(evaluateChoice({ And: [yes, no] })).toBe(false);
    expect(evaluateChoice({ Or: [no, yes] })).toBe(true);
    expect(evaluateChoice({ Not: no })).toBe(true);
    expect(() => evaluateChoice({ Variable: 'a' })).toThrow(ActionInputError);
  });
});

describe('flow', () => {
  const step = (extra: Record<string, unknown>) => ({ name: 's', action: 'aws:sleep', ...extra });
  it('success follows branch, isEnd, nextStep, then the next step', () => {
    expect(transition(step({}), 'Success', 'x')).toEqual({ kind: 'goto', step: 'x' });
    expect(transition(step({ isEnd: true }), 'Success')).toEqual({ kind: 'end' });
    expect(transition(step({ nextStep: 'n' }), 'Success')).toEqual({ kind: 'goto', step: 'n' });
    expect(transition(step({}), 'Success')).toEqual({ kind: 'next' });
  });
  it('failure follows onFailure (Abort by default); cancel follows onCancel', () => {
    expect(transition(step({}), 'Failed')).toEqual({ kind: 'abort' });
    expect(transition(step({ onFailure: 'Continue' }), 'TimedOut')).toEqual({ kind: 'next' });
    expect(transition(step({ onFailure: 'step:fix' }), 'Failed')).toEqual({ kind: 'goto', step: 'fix' });
    expect(transition(step({ onCancel: 'step:tidy' }), 'Cancelled')).toEqual({ kind: 'goto', step: 'tidy' });
    expect(transition(step({}), 'Cancelled')).toEqual({ kind: 'abort' });
  });
  it('moves to the next step, the named one, or ends the run (an abort with the step status)', () => {
    const steps = [step({ name: 'a' }), step({ name: 'b' }), step({ name: 'c' })];
    expect(moveAfter(steps, 0, { kind: 'next' }, 'Success', undefined)).toEqual({ kind: 'step', index: 1 });
    expect(moveAfter(steps, 2, { kind: 'next' }, 'Success', undefined)).toEqual({ kind: 'step', index: 3 });
    expect(moveAfter(steps, 0, { kind: 'goto', step: 'c' }, 'Failed', 'x')).toEqual({
      kind: 'step',
      index: 2,
    });
    expect(moveAfter(steps, 1, { kind: 'end' }, 'Success', undefined)).toEqual({ kind: 'end' });
    expect(moveAfter(steps, 1, { kind: 'abort' }, 'TimedOut', 'late')).toEqual({
      kind: 'end',
      ending: { status: 'TimedOut', failureMessage: 'late' },
    });
    expect(moveAfter(steps, 1, { kind: 'abort' }, 'Cancelled', 'ignored')).toEqual({
      kind: 'end',
      ending: { status: 'Cancelled', failureMessage: undefined },
    });
    expect(moveAfter(steps, 0, { kind: 'goto', step: 'z' }, 'Success', undefined)).toEqual({
      kind: 'end',
      ending: { status: 'Failed', failureMessage: 'Step z not found.' },
    });
  });
  it('a run no step ended is Cancelled, Failed by a critical step, or Success', () => {
    expect(isCriticalFailure(step({ isCritical: true }), 'Failed')).toBe(true);
    expect(isCriticalFailure(step({ isCritical: true }), 'Cancelled')).toBe(false);
    expect(isCriticalFailure(step({}), 'TimedOut')).toBe(false);
    expect(endingOfRun(true, { failureMessage: 'x' })).toEqual({ status: 'Cancelled' });
    expect(endingOfRun(false, { failureMessage: 'x' })).toEqual({ status: 'Failed', failureMessage: 'x' });
    expect(endingOfRun(false)).toEqual({ status: 'Success' });
  });
  it('lists valid next steps as ValidNextSteps shows them', () => {
    expect(validNextSteps(step({ onFailure: 'step:fix' }), 'after')).toEqual(['after', 'fix']);
    expect(
      validNextSteps(
        { name: 'b', action: 'aws:branch', inputs: { Choices: [{ NextStep: 'x' }], Default: 'y' } },
        'z',
      ),
    ).toEqual(['x', 'y']);
  });
});

describe('values', () => {
  it('converts selected values to the declared output Type', () => {
    expect(convertOutput(16, 'String', 'o')).toBe('16');
    expect(convertOutput('16', 'Integer', 'o')).toBe(16);
    expect(convertOutput('true', 'Boolean', 'o')).toBe(true);
    expect(convertOutput(['a', 1], 'StringList', 'o')).toEqual(['a', '1']);
    expect(() => convertOutput('x', 'Integer', 'o')).toThrow(OutputTypeError);
  });
  it('system variables use AWS formats (UG "Variables": yyyy-MM-dd_HH.mm.ss)', () => {
    const v = systemVariables(
      { account: '123456789012', region: 'cn-north-1', executionId: 'e-1' },
      Date.UTC(2026, 10, 26, 8, 5, 9),
    );
    expect(v).toMatchObject({
      'global:ACCOUNT_ID': '123456789012',
      'global:REGION': 'cn-north-1',
      'global:AWS_PARTITION': 'aws-cn',
      'global:DATE': '2026-11-26',
      'global:DATE_TIME': '2026-11-26_08.05.09',
      'automation:EXECUTION_ID': 'e-1',
    });
  });
  it('event dates use the documented Java format', () => {
    expect(javaDate(Date.UTC(2016, 10, 29, 19, 43, 25))).toBe('Nov 29, 2016 7:43:25 PM');
    expect(javaDate(Date.UTC(2016, 10, 29, 0, 3, 5))).toBe('Nov 29, 2016 12:03:05 AM');
  });
});
