// aws:loop and aws:updateVariable, run as steps by the StepExecutor with fake nested actions on the virtual clock.
import { describe, expect, it } from 'vitest';
import { loop } from '../../../src/engine/automation/actions/loop.js';
import { updateVariable } from '../../../src/engine/automation/actions/update-variable.js';
import { pause } from '../../../src/engine/automation/actions/pause.js';
import type { ActionRunner } from '../../../src/engine/automation/actions/types.js';
import type { AutomationStep } from '../../../src/engine/documents/index.js';
import { flush, runbook, stepsOf, watch } from './fakes.js';

const GUIDE = 'Please refer to Automation Service Troubleshooting Guide for more diagnosis details.';

function setup(steps: AutomationStep[], more: Record<string, ActionRunner> = {}) {
  const seen: unknown[] = [];
  const note: ActionRunner = async (ctx) => {
    seen.push(ctx.inputs.Value);
    return { status: 'Success' };
  };
  const t = stepsOf(runbook(steps, { variables: { Last: { type: 'String', default: 'none' } } }), {
    'aws:loop': loop,
    'aws:updateVariable': updateVariable,
    'aws:pause': pause,
    'test:note': note,
    'test:fail': async () => ({ status: 'Failed', failure: { type: 'Execution', message: 'No.' } }),
    'test:nap': async (ctx) => {
      await ctx.sleep(30_000);
      return { status: 'Success' };
    },
    'test:jump': async (ctx) => ({ status: 'Success', next: String(ctx.inputs.To) }),
    ...more,
  });
  return { ...t, seen };
}

const remember: AutomationStep = {
  name: 'remember',
  action: 'aws:updateVariable',
  inputs: { Name: 'variable:Last', Value: 'got {{ each.CurrentIteratorValue }}' },
};

describe('aws:loop', () => {
  it('runs its steps once per Iterators value, each shown with its parent step and iteration', async () => {
    const t = setup([
      {
        name: 'each',
        action: 'aws:loop',
        inputs: {
          Iterators: ['a', 'b'],
          Steps: [
            { name: 'note', action: 'test:note', inputs: { Value: '{{ each.CurrentIteratorValue }}' } },
            remember,
          ],
        },
      },
    ]);
    const { record, outcome } = await t.run('each');
    expect(outcome).toBe('Success');
    expect(t.seen).toEqual(['a', 'b']);
    // The nested Steps are not inputs of the loop: each is interpolated as it runs.
    expect(record.inputs).toEqual({ Iterators: '["a","b"]' });
    expect(record.outputs).toEqual({ CurrentIteration: ['2'], CurrentIteratorValue: ['b'] });
    expect(t.exec.variables).toEqual({ Last: ['got b'] });
    const nested = t.records.all.filter((r) => r.parentStepDetails);
    expect(nested.map((r) => [r.stepName, r.parentStepDetails])).toEqual(
      ['a', 'a', 'b', 'b'].map((value, i) => [
        i % 2 ? 'remember' : 'note',
        {
          StepExecutionId: record.stepExecutionId,
          Iteration: i < 2 ? 1 : 2,
          IteratorValue: value,
          Action: 'aws:loop',
          StepName: 'each',
        },
      ]),
    );
  });

  it('with a LoopCondition runs while it holds, at most MaxIterations times', async () => {
    const t = setup([
      {
        name: 'again',
        action: 'aws:loop',
        inputs: {
          MaxIterations: 3,
          LoopCondition: { Variable: '{{ variable:Last }}', StringEquals: 'none' },
          Steps: [{ name: 'note', action: 'test:note', inputs: { Value: '{{ again.CurrentIteration }}' } }],
        },
      },
    ]);
    expect((await t.run('again')).record.outputs).toEqual({ CurrentIteration: ['3'] });
    expect(t.seen).toEqual([1, 2, 3]);
  });

  it('a nested step that fails ends the loop Failed unless its onFailure is Continue', async () => {
    const t = setup([
      {
        name: 'each',
        action: 'aws:loop',
        inputs: {
          Iterators: ['a', 'b'],
          Steps: [
            { name: 'shrug', action: 'test:fail', onFailure: 'Continue' },
            { name: 'bad', action: 'test:fail' },
            { name: 'never', action: 'test:note' },
          ],
        },
      },
    ]);
    const { record } = await t.run('each');
    expect(record).toMatchObject({
      status: 'Failed',
      failureMessage: `Step fails when it is Execute/Cancelling action. Step bad in the loop each failed. ${GUIDE}`,
      outputs: { CurrentIteration: ['1'], CurrentIteratorValue: ['a'] },
    });
    expect(t.records.all.map((r) => r.stepName)).toEqual(['each', 'shrug', 'bad']);
  });

  it('a nested branch jumps inside the loop, or leaves it for a step of the runbook', async () => {
    const t = setup([
      {
        name: 'each',
        action: 'aws:loop',
        inputs: {
          Iterators: ['a'],
          Steps: [
            { name: 'skip', action: 'test:jump', inputs: { To: 'last' } },
            { name: 'skipped', action: 'test:note' },
            { name: 'last', action: 'test:jump', inputs: { To: 'after' } },
          ],
        },
      },
      { name: 'after', action: 'test:note' },
    ]);
    const ran = await t.run('each');
    expect(ran.branchTo).toBe('after');
    expect(ran.record.nextStep).toBe('after');
    expect(t.records.all.map((r) => r.stepName)).toEqual(['each', 'skip', 'last']);
  });

  it('needs Steps, and Iterators or a LoopCondition', async () => {
    const t = setup([
      { name: 'empty', action: 'aws:loop', inputs: { Iterators: ['a'] } },
      { name: 'endless', action: 'aws:loop', inputs: { Steps: [remember] } },
    ]);
    expect((await t.run('empty')).record.failureMessage).toBe(
      `Step fails when it is validating and resolving the step inputs. aws:loop needs at least one step in Steps. ${GUIDE}`,
    );
    expect((await t.run('endless')).record.failureMessage).toBe(
      `Step fails when it is validating and resolving the step inputs. aws:loop needs Iterators or LoopCondition. ${GUIDE}`,
    );
  });

  it('its timeout lets the running nested step finish, then ends the loop TimedOut', async () => {
    const t = setup([
      {
        name: 'each',
        action: 'aws:loop',
        timeoutSeconds: 10,
        inputs: { Iterators: ['a', 'b'], Steps: [{ name: 'nap', action: 'test:nap' }] },
      },
    ]);
    const loopRun = watch(t.run('each'));
    await t.clock.advance(10);
    await flush();
    expect(loopRun.done).toBe(false);
    await t.clock.advance(20);
    await flush();
    expect(loopRun.value?.outcome).toBe('TimedOut');
    expect(t.records.all.map((r) => [r.stepName, r.status])).toEqual([
      ['each', 'TimedOut'],
      ['nap', 'Success'],
    ]);
  });

  it('a Cancel stops the nested step that runs, and the loop with it', async () => {
    const t = setup([
      {
        name: 'each',
        action: 'aws:loop',
        inputs: { Iterators: ['a', 'b'], Steps: [{ name: 'hold', action: 'aws:pause' }] },
      },
    ]);
    const loopRun = watch(t.run('each'));
    await flush();
    t.control.stop = 'Cancel';
    t.executor.stopAll('cancel');
    await flush();
    expect(loopRun.value?.outcome).toBe('Cancelled');
    expect(t.records.all.map((r) => [r.stepName, r.status])).toEqual([
      ['each', 'Cancelled'],
      ['hold', 'Cancelled'],
    ]);
  });
});

describe('aws:updateVariable', () => {
  it('sets a declared variable to a value of its type, and refuses anything else', async () => {
    const t = setup([
      { name: 'set', action: 'aws:updateVariable', inputs: { Name: 'variable:Last', Value: 'x' } },
      { name: 'wrong', action: 'aws:updateVariable', inputs: { Name: 'variable:Last', Value: 5 } },
      { name: 'unknown', action: 'aws:updateVariable', inputs: { Name: 'Last', Value: 'x' } },
    ]);
    expect((await t.run('set')).outcome).toBe('Success');
    expect(t.exec.variables).toEqual({ Last: ['x'] });
    expect(t.values.interpolate('{{ variable:Last }}')).toBe('x');
    expect((await t.run('wrong')).record.failureMessage).toBe(
      `Step fails when it is validating and resolving the step inputs. Value 5 is not of the variable's type String. ${GUIDE}`,
    );
    expect((await t.run('unknown')).record.failureMessage).toBe(
      `Step fails when it is validating and resolving the step inputs. Name Last is not a variable the runbook declares (variable:NAME). ${GUIDE}`,
    );
    expect(t.exec.variables).toEqual({ Last: ['x'] });
  });
});
