// One step at a time, with fake actions on the virtual clock: attempts, timeouts, inputs and outputs as the
// API shows them, AWS's failure framing, waiting for signals and stopping.
import { describe, expect, it } from 'vitest';
import { pause } from '../../../src/engine/automation/actions/pause.js';
import { ActionInputError, type ActionRunner } from '../../../src/engine/automation/actions/types.js';
import { flush, runbook, stepsOf, T0, watch } from './fakes.js';

const GUIDE = 'Please refer to Automation Service Troubleshooting Guide for more diagnosis details.';

describe('StepExecutor', () => {
  it('tries a failing step maxAttempts times and frames the last failure as AWS does', async () => {
    let calls = 0;
    const flaky: ActionRunner = async () =>
      ++calls < 3
        ? { status: 'Failed', failure: { type: 'Execution', message: `Attempt ${calls} failed.` } }
        : { status: 'Success' };
    const doc = runbook([
      { name: 'twice', action: 'test:flaky', maxAttempts: 2 },
      { name: 'thrice', action: 'test:flaky', maxAttempts: 3 },
    ]);
    const t = stepsOf(doc, { 'test:flaky': flaky });
    const failed = await t.run('twice');
    expect(failed.outcome).toBe('Failed');
    expect(failed.record).toMatchObject({
      status: 'Failed',
      maxAttempts: 2,
      failureMessage: `Step fails when it is Execute/Cancelling action. Attempt 2 failed. ${GUIDE}`,
      failureDetails: { FailureStage: 'Invocation', FailureType: 'Action' },
      validNextSteps: ['thrice'],
      startMs: T0,
      endMs: T0,
    });
    calls = 0;
    expect((await t.run('thrice')).outcome).toBe('Success');
    expect(calls).toBe(3);
    expect(t.host.stepChanges).toEqual([
      'twice:InProgress',
      'twice:Failed',
      'thrice:InProgress',
      'thrice:Success',
    ]);
    expect(t.host.saved.map((s) => s.status)).toEqual(['Failed', 'Success']);
    expect(t.exec).toMatchObject({
      status: 'InProgress',
      currentStepName: 'thrice',
      currentAction: 'test:flaky',
    });
  });

  it('timeoutSeconds ends the step TimedOut on the clock and releases what the action waited on', async () => {
    const napping: ActionRunner = async (ctx) => {
      await ctx.sleep(600_000);
      return { status: 'Success' };
    };
    const t = stepsOf(runbook([{ name: 'nap', action: 'test:nap', timeoutSeconds: 60 }]), {
      'test:nap': napping,
    });
    const step = watch(t.run('nap'));
    await t.clock.advance(59);
    await flush();
    expect(step.done).toBe(false);
    await t.clock.advance(1);
    await flush();
    expect(step.value?.record).toMatchObject({
      status: 'TimedOut',
      failureMessage: `Step timed out while step is Execute/Cancelling action. ${GUIDE}`,
      endMs: T0 + 60_000,
    });
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('an action that ignores its signal still ends at the default timeout of a waiting action', async () => {
    const stuck: ActionRunner = () => new Promise(() => undefined);
    const t = stepsOf(runbook([{ name: 'stop', action: 'aws:changeInstanceState' }]), {
      'aws:changeInstanceState': stuck,
    });
    const step = watch(t.run('stop'));
    await t.clock.advance(3599);
    await flush();
    expect(step.done).toBe(false);
    await t.clock.advance(1);
    await flush();
    expect(step.value?.outcome).toBe('TimedOut');
  });

  it('records interpolated inputs as JSON text, even for an action it cannot run', async () => {
    const t = stepsOf(
      runbook([{ name: 'odd', action: 'aws:nope', inputs: { Who: '{{ Who }}', Ids: ['i-1'] } }]),
      {},
      { Who: 'ops' },
    );
    const { record } = await t.run('odd');
    expect(record).toMatchObject({
      status: 'Failed',
      inputs: { Who: '"ops"', Ids: '["i-1"]' },
      failureMessage: `Step fails when it is validating and resolving the step inputs. The action aws:nope is not supported by ssm-emulator; the step did not run. ${GUIDE}`,
      failureDetails: { FailureStage: 'InputValidation', FailureType: 'Verification' },
    });
  });

  it('bad input thrown by an action fails the step without retrying it', async () => {
    let calls = 0;
    const picky: ActionRunner = async () => {
      calls++;
      throw new ActionInputError('Duration 5M is not an ISO 8601 duration such as PT5M.');
    };
    const t = stepsOf(runbook([{ name: 'p', action: 'test:picky', maxAttempts: 1 }]), {
      'test:picky': picky,
    });
    expect((await t.run('p')).record.failureMessage).toBe(
      `Step fails when it is validating and resolving the step inputs. Duration 5M is not an ISO 8601 duration such as PT5M. ${GUIDE}`,
    );
    expect(calls).toBe(1);
  });

  it("shows built-in and selected outputs, progress reported meanwhile, and the branch's choice", async () => {
    const work: ActionRunner = async (ctx) => {
      ctx.report({ Progress: 50 });
      expect(t.host.saved[0].outputs).toEqual({ Progress: ['50'] });
      return { status: 'Success', outputs: { Id: 'ami-1' }, payload: { Image: { Size: 8 } }, next: 'done' };
    };
    const doc = runbook([
      {
        name: 'make',
        action: 'test:work',
        outputs: [{ Name: 'Size', Selector: '$.Image.Size', Type: 'Integer' }],
      },
      { name: 'done', action: 'test:work' },
    ]);
    const t = stepsOf(doc, { 'test:work': work });
    const ran = await t.run('make');
    expect(ran.branchTo).toBe('done');
    expect(ran.record).toMatchObject({
      nextStep: 'done',
      outputs: { Progress: ['50'], Id: ['ami-1'], Size: ['8'] },
    });
    expect(t.values.get('make.Size')).toBe(8);
  });

  it('a waiting step shows Waiting until its signal, then runs on', async () => {
    const t = stepsOf(runbook([{ name: 'hold', action: 'aws:pause' }]), { 'aws:pause': pause });
    const step = watch(t.run('hold'));
    await flush();
    expect(t.signals.waitingFor()).toBe('step-signal');
    expect(t.exec.status).toBe('Waiting');
    t.signals.deliver({ type: 'Resume', payload: {}, callerArn: 'arn:aws:iam::123456789012:root' });
    await flush();
    expect(step.value?.outcome).toBe('Success');
    expect(t.host.stepChanges).toEqual([
      'hold:InProgress',
      'hold:Waiting',
      'hold:InProgress',
      'hold:Success',
    ]);
    expect(t.host.statuses).toEqual(['InProgress', 'Waiting', 'InProgress']);
  });

  it('a stop cancels the running step; after a Cancel only clean-up steps run', async () => {
    const t = stepsOf(
      runbook([
        { name: 'hold', action: 'aws:pause', maxAttempts: 3 },
        { name: 'tidy', action: 'test:ok' },
      ]),
      {
        'aws:pause': pause,
        'test:ok': async () => ({ status: 'Success' }),
      },
    );
    const step = watch(t.run('hold'));
    await flush();
    t.executor.stopAll('stop-step');
    await flush();
    // A Cancelled step is not tried again and shows no failure.
    expect(step.value?.record.status).toBe('Cancelled');
    expect(step.value?.record.failureMessage).toBeUndefined();
    expect(t.host.stepChanges).toEqual(['hold:InProgress', 'hold:Waiting', 'hold:Cancelled']);
    t.control.stop = 'Cancel';
    expect((await t.run('hold')).outcome).toBe('Cancelled');
    const tidy = t.executor.run({ name: 'tidy', action: 'test:ok' }, true);
    expect((await tidy).outcome).toBe('Success');
  });
});
