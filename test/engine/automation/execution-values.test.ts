// An execution's values: variables, interpolation with system variables on the virtual clock, step outputs.
import { describe, expect, it } from 'vitest';
import { ExecutionValues } from '../../../src/engine/automation/execution-values.js';
import { OutputTypeError } from '../../../src/engine/automation/values.js';
import { execution, fakeServices, runbook, virtualClock } from './fakes.js';

function setup() {
  const clock = virtualClock();
  const exec = execution();
  const doc = runbook([], {
    variables: { Seen: { type: 'String', default: 'none' }, Count: { type: 'Integer' } },
    outputs: ['read.Value', 'later.Value'],
  });
  const values = new ExecutionValues(fakeServices(clock, { '/app/color': 'blue' }), exec, doc, {
    Who: 'ops',
  });
  return { clock, exec, values };
}

describe('ExecutionValues', () => {
  it('starts variables at their defaults and shows them in the execution', () => {
    const { exec, values } = setup();
    expect(values.get('variable:Seen')).toBe('none');
    expect(exec.variables).toEqual({ Seen: ['none'] });
    values.setVariable('Count', 3);
    expect(exec.variables).toEqual({ Seen: ['none'], Count: ['3'] });
    expect(values.interpolate('{{ variable:Count }}')).toBe(3);
  });

  it('interpolates parameters, Parameter Store, system variables at the clock time, and set values', async () => {
    const { clock, values } = setup();
    await clock.advance(65);
    values.set('loop.CurrentIteration', 2);
    expect(
      values.interpolate({
        a: 'by {{ Who }} in {{ global:REGION }} at {{ global:DATE_TIME }}',
        b: '{{ ssm:/app/color }}',
        c: '{{ loop.CurrentIteration }}',
        d: '{{ missing.Output }}',
      }),
    ).toEqual({
      a: 'by ops in eu-west-1 at 2026-03-01_12.01.05',
      b: 'blue',
      c: 2,
      d: '{{ missing.Output }}',
    });
  });

  it("keeps a step's outputs typed for later steps: built-in ones, then its Selectors on success", () => {
    const { values } = setup();
    const typed = values.stepOutputs(
      {
        name: 'read',
        action: 'aws:executeAwsApi',
        outputs: [{ Name: 'Value', Selector: '$.P.V', Type: 'Integer' }],
      },
      { status: 'Success', outputs: { Id: 'x' }, payload: { P: { V: '42' } } },
    );
    expect(typed).toEqual({ Id: 'x', Value: 42 });
    expect(values.get('read.Value')).toBe(42);
    // A failed step keeps only what its action reported.
    expect(
      values.stepOutputs(
        { name: 'later', action: 'aws:approve', outputs: [{ Name: 'Value', Selector: '$.V' }] },
        {
          status: 'Failed',
          failure: { type: 'Execution', message: 'no' },
          outputs: { ApprovalStatus: 'Rejected' },
        },
      ),
    ).toEqual({ ApprovalStatus: 'Rejected' });
    expect(values.documentOutputs()).toEqual({
      'read.Value': ['42'],
      'later.Value': ['No output available yet because the step is not successfully executed'],
    });
  });

  it('an output that does not convert to its Type throws', () => {
    const { values } = setup();
    expect(() =>
      values.stepOutputs(
        {
          name: 'read',
          action: 'aws:executeAwsApi',
          outputs: [{ Name: 'N', Selector: '$.n', Type: 'Integer' }],
        },
        { status: 'Success', payload: { n: 'seven' } },
      ),
    ).toThrow(OutputTypeError);
  });
});
