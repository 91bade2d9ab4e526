// An execution's step loop with fake actions on the virtual clock: flow between steps, Interactive mode,
// StopAutomationExecution (Cancel runs onCancel, Complete ends after the step), critical failures, resets.
import { describe, expect, it } from 'vitest';
import { pause } from '../../../src/engine/automation/actions/pause.js';
import type { ActionRunner } from '../../../src/engine/automation/actions/types.js';
import { ExecutionRun, type RunVariant } from '../../../src/engine/automation/runner.js';
import type { AutomationStep } from '../../../src/engine/documents/index.js';
import { execution, fakeServices, flush, RecordingHost, runbook, virtualClock } from './fakes.js';

const GUIDE = 'Please refer to Automation Service Troubleshooting Guide for more diagnosis details.';
const ROOT = 'arn:aws:iam::123456789012:root';

const ACTIONS: Record<string, ActionRunner> = {
  'aws:pause': pause,
  'test:ok': async () => ({ status: 'Success', outputs: { Word: 'hi' } }),
  'test:fail': async () => ({ status: 'Failed', failure: { type: 'Execution', message: 'No.' } }),
};

function start(
  steps: AutomationStep[],
  opts: { mode?: 'Auto' | 'Interactive'; outputs?: string[]; variant?: RunVariant } = {},
) {
  const clock = virtualClock();
  const host = new RecordingHost(fakeServices(clock), ACTIONS);
  const exec = execution(opts.mode);
  const run = new ExecutionRun(host, exec, runbook(steps, { outputs: opts.outputs }), {}, opts.variant);
  let finished = false;
  void run.finished.then(() => (finished = true));
  run.start();
  const ran = () => run.steps.map((s) => `${s.stepName}:${s.status}`);
  return { host, exec, run, ran, isFinished: () => finished };
}

const step = (name: string, action: string, more: Partial<AutomationStep> = {}): AutomationStep => ({
  name,
  action,
  ...more,
});

describe('ExecutionRun', () => {
  it('follows nextStep, isEnd and onFailure, and ends with the runbook outputs', async () => {
    const t = start(
      [
        step('a', 'test:ok', { nextStep: 'c' }),
        step('b', 'test:ok'),
        step('c', 'test:fail', { onFailure: 'step:d' }),
        step('d', 'test:ok', { isEnd: true }),
        step('e', 'test:ok'),
      ],
      { outputs: ['a.Word', 'e.Word'] },
    );
    await flush();
    expect(t.ran()).toEqual(['a:Success', 'c:Failed', 'd:Success']);
    expect(t.exec).toMatchObject({
      status: 'Success',
      outputs: {
        'a.Word': ['hi'],
        'e.Word': ['No output available yet because the step is not successfully executed'],
      },
      currentStepName: undefined,
    });
    expect(t.isFinished()).toBe(true);
    expect(t.host.statuses).toEqual(['InProgress', 'Success']);
  });

  it("a failed step aborts the execution with the step's failure; a critical one fails it after the rest", async () => {
    const aborted = start([step('a', 'test:fail'), step('b', 'test:ok')]);
    await flush();
    expect(aborted.ran()).toEqual(['a:Failed']);
    expect(aborted.exec).toMatchObject({
      status: 'Failed',
      failureMessage: `Step fails when it is Execute/Cancelling action. No. ${GUIDE}`,
    });
    const critical = start([
      step('a', 'test:fail', { onFailure: 'Continue', isCritical: true }),
      step('b', 'test:ok'),
    ]);
    await flush();
    expect(critical.ran()).toEqual(['a:Failed', 'b:Success']);
    expect(critical.exec.status).toBe('Failed');
    const continued = start([step('a', 'test:fail', { onFailure: 'Continue' }), step('b', 'test:ok')]);
    await flush();
    expect(continued.exec.status).toBe('Success');
  });

  it('Interactive mode waits before each step until StartStep names one', async () => {
    const t = start([step('first', 'test:ok'), step('second', 'test:ok'), step('third', 'test:ok')], {
      mode: 'Interactive',
    });
    await flush();
    expect(t.exec).toMatchObject({ status: 'Waiting', currentStepName: 'first' });
    expect(t.run.waitingFor()).toBe('start-step');
    t.run.deliver({ type: 'StartStep', payload: { StepName: ['second'] }, callerArn: ROOT });
    await flush();
    expect(t.ran()).toEqual(['second:Success']);
    expect(t.exec).toMatchObject({ status: 'Waiting', currentStepName: 'third' });
    t.run.stop('Complete');
    await flush();
    expect(t.exec.status).toBe('Success');
    expect(t.ran()).toEqual(['second:Success']);
  });

  it('Cancel stops the waiting step and runs its onCancel step, which cannot be cancelled', async () => {
    const t = start([
      step('hold', 'aws:pause', { onCancel: 'step:tidy' }),
      step('next', 'test:ok'),
      step('tidy', 'aws:pause'),
    ]);
    await flush();
    expect(t.run.currentStep()?.status).toBe('Waiting');
    t.run.stop('Cancel');
    expect(t.exec.status).toBe('Cancelling');
    await flush();
    expect(t.ran()).toEqual(['hold:Cancelled', 'tidy:Waiting']);
    t.run.deliver({ type: 'Resume', payload: {}, callerArn: ROOT });
    await flush();
    expect(t.ran()).toEqual(['hold:Cancelled', 'tidy:Success']);
    expect(t.exec.status).toBe('Cancelled');
    expect(t.host.statuses).toEqual([
      'InProgress',
      'Waiting',
      'Cancelling',
      'InProgress',
      'Waiting',
      'InProgress',
      'Cancelled',
    ]);
  });

  it('StopStep cancels the running step; the execution goes on as the flow says', async () => {
    const t = start([step('hold', 'aws:pause', { onCancel: 'step:tidy' }), step('tidy', 'test:ok')], {
      mode: 'Auto',
    });
    await flush();
    t.run.deliver({ type: 'StopStep', payload: { StepName: ['hold'] }, callerArn: ROOT });
    await flush();
    expect(t.ran()).toEqual(['hold:Cancelled', 'tidy:Success']);
    expect(t.exec.status).toBe('Success');
  });

  it('Complete lets the running step finish, then ends the execution', async () => {
    const t = start([step('hold', 'aws:pause'), step('next', 'test:ok')]);
    await flush();
    t.run.stop('Complete');
    t.run.deliver({ type: 'Resume', payload: {}, callerArn: ROOT });
    await flush();
    expect(t.ran()).toEqual(['hold:Success']);
    expect(t.exec.status).toBe('Success');
  });

  it('a reset abandons the run: nothing more runs and nothing more is saved', async () => {
    const t = start([step('hold', 'aws:pause', { onCancel: 'step:tidy' }), step('tidy', 'test:ok')]);
    await flush();
    const saved = t.host.statuses.length;
    t.run.abandon();
    await flush();
    expect(t.isFinished()).toBe(true);
    expect(t.ran()).toEqual(['hold:Cancelled']);
    expect(t.host.statuses.length).toBe(saved);
    expect(t.host.stepChanges).toEqual(['hold:InProgress', 'hold:Waiting', 'hold:Cancelled']);
  });

  it('a variant shows statuses under its aliases and decides the ending after the steps', async () => {
    const t = start([step('approve', 'aws:pause')], {
      variant: {
        alias: { Waiting: 'PendingApproval' },
        // As a change request does: approved, its runbook runs, then it completes (the status table's path).
        afterSteps: async (ending, run) => {
          run.setStatus('Approved');
          run.setStatus('RunbookInProgress');
          return { status: ending.status === 'Success' ? 'CompletedWithSuccess' : 'CompletedWithFailure' };
        },
      },
    });
    await flush();
    expect(t.exec.status).toBe('PendingApproval');
    t.run.deliver({ type: 'Resume', payload: {}, callerArn: ROOT });
    await flush();
    expect(t.exec.status).toBe('CompletedWithSuccess');
    expect(t.run.waitingFor()).toBeUndefined();
  });
});
