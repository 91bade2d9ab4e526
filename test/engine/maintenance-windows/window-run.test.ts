// What one opening runs: tasks in Priority order (same priority in parallel), a Run Command invocation per
// window target, per-resource invocations under MaxConcurrency / MaxErrors, the cutoff and CutoffBehavior,
// cancellation, pseudo parameters, task types without a service here, and the history's statuses.
import { afterEach, describe, expect, it } from 'vitest';
import { DETAILS } from '../../../src/engine/maintenance-windows/window-run.js';
import { HOUR, Harness, MINUTE, START, iso } from './harness.js';

let h: Harness;
afterEach(() => h?.close());

/** A window opening an hour after START, with a Duration of 4 hours and a Cutoff of 1 (cutoff at 4:00). */
function hourly() {
  return h.window({ schedule: 'rate(1 hour)', duration: 4, cutoff: 1 });
}

describe('tasks in Priority order', () => {
  it('runs lower Priority first and equal priorities together; TaskIds list every task in that order', async () => {
    h = new Harness();
    h.behaviour = () => ({ ms: 10 * MINUTE });
    const w = hourly();
    const second = h.task(w, { priority: 2, targets: [{ Key: 'InstanceIds', Values: ['i-late'] }] });
    const firstA = h.task(w, { priority: 1, targets: [{ Key: 'InstanceIds', Values: ['i-a'] }] });
    const firstB = h.task(w, { priority: 1, targets: [{ Key: 'InstanceIds', Values: ['i-b'] }] });
    await h.advance(HOUR + 20 * MINUTE);
    const starts = Object.fromEntries(h.sent.map((c) => [c.InstanceIds[0], iso(c.at)]));
    expect(starts).toEqual({
      'i-a': iso(START + HOUR),
      'i-b': iso(START + HOUR),
      'i-late': iso(START + HOUR + 10 * MINUTE),
    });
    const [run] = h.executions(w);
    expect(run.status).toBe('SUCCESS');
    const tasks = h.taskExecutions(run.windowExecutionId);
    expect(tasks.map((t) => t.windowTaskId).slice(2)).toEqual([second.windowTaskId]);
    expect(new Set(tasks.slice(0, 2).map((t) => t.windowTaskId))).toEqual(
      new Set([firstA.windowTaskId, firstB.windowTaskId]),
    );
    expect(run.taskExecutionIds).toEqual(tasks.map((t) => t.taskExecutionId));
    expect(iso(run.endMs)).toBe(iso(START + HOUR + 20 * MINUTE));
  });

  it('a window with no task ends SUCCESS at once, "No tasks to execute."', async () => {
    h = new Harness();
    const w = hourly();
    await h.advance(HOUR);
    expect(h.executions(w)[0]).toMatchObject({
      status: 'SUCCESS',
      statusDetails: DETAILS.noTasks,
      endMs: START + HOUR,
    });
  });
});

describe('Run Command tasks', () => {
  it('one command per window target, over its nodes, with the task MaxConcurrency / MaxErrors and the comment', async () => {
    h = new Harness();
    const w = hourly();
    const web = h.target(w, ['i-web1', 'i-web2'], 'web-team');
    const db = h.target(w, ['i-db1'], 'db-team');
    const task = h.task(w, {
      targets: [{ Key: 'WindowTargetIds', Values: [web.windowTargetId, db.windowTargetId] }],
      maxConcurrency: '50%',
      maxErrors: '1',
      invocationParameters: {
        RunCommand: {
          Comment: 'patch {{WINDOW_ID}}',
          Parameters: { commands: ['echo {{WINDOW_EXECUTION_ID}}'] },
        },
      },
    });
    await h.advance(HOUR);
    const [run] = h.executions(w);
    expect(h.sent.map((c) => [c.InstanceIds, c.MaxConcurrency, c.MaxErrors, c.Comment])).toEqual([
      [['i-web1', 'i-web2'], '50%', '1', `patch ${w.windowId}`],
      [['i-db1'], '50%', '1', `patch ${w.windowId}`],
    ]);
    expect(h.sent[0].Parameters).toEqual({ commands: [`echo ${run.windowExecutionId}`] });
    const [te] = h.taskExecutions(run.windowExecutionId);
    expect(te).toMatchObject({ windowTaskId: task.windowTaskId, status: 'SUCCESS', maxConcurrency: '50%' });
    expect(te.taskParameters[0]).toEqual({
      'aws:InstanceId': { Values: ['i-web1', 'i-web2'] },
      commands: { Values: [`echo ${run.windowExecutionId}`] },
    });
    const invs = h.invocations(run.windowExecutionId, te.taskExecutionId);
    expect(invs.map((i) => [i.windowTargetId, i.ownerInformation, i.executionId, i.status])).toEqual([
      [web.windowTargetId, 'web-team', h.sent[0].commandId, 'SUCCESS'],
      [db.windowTargetId, 'db-team', h.sent[1].commandId, 'SUCCESS'],
    ]);
    expect(JSON.parse(invs[0].parameters)).toEqual({
      comment: `patch ${w.windowId}`,
      documentName: 'AWS-RunShellScript',
      instanceIds: ['i-web1', 'i-web2'],
      maxConcurrency: '50%',
      maxErrors: '1',
      parameters: { commands: [`echo ${run.windowExecutionId}`] },
    });
  });

  it('window targets run one after another (their invocations are sequential)', async () => {
    h = new Harness();
    h.behaviour = () => ({ ms: 5 * MINUTE });
    const w = hourly();
    const a = h.target(w, ['i-a']);
    const b = h.target(w, ['i-b']);
    h.task(w, { targets: [{ Key: 'WindowTargetIds', Values: [a.windowTargetId, b.windowTargetId] }] });
    await h.advance(HOUR + 10 * MINUTE);
    expect(h.sent.map((c) => iso(c.at))).toEqual([iso(START + HOUR), iso(START + HOUR + 5 * MINUTE)]);
  });

  it('{{RESOURCE_ID}} / {{TARGET_ID}} make one command per node, so the values reach each command', async () => {
    h = new Harness();
    const w = hourly();
    const t = h.target(w, ['i-1', 'i-2', 'i-3']);
    h.task(w, {
      targets: [{ Key: 'WindowTargetIds', Values: [t.windowTargetId] }],
      maxConcurrency: '2',
      invocationParameters: {
        RunCommand: {
          Parameters: { commands: ['echo {{RESOURCE_ID}} {{TARGET_TYPE}} {{WINDOW_TARGET_ID}}'] },
        },
      },
    });
    await h.advance(HOUR);
    expect(h.sent.map((c) => [c.InstanceIds, c.Parameters!.commands[0]])).toEqual(
      ['i-1', 'i-2', 'i-3'].map((id) => [[id], `echo ${id} INSTANCE ${t.windowTargetId}`]),
    );
  });

  it('a failed command fails its task and the execution: "One or more tasks in the orchestration failed."', async () => {
    h = new Harness();
    h.behaviour = (id) => ({ status: id === 'i-bad' ? 'Failed' : 'Success' });
    const w = hourly();
    const good = h.target(w, ['i-good']);
    const bad = h.target(w, ['i-bad']);
    h.task(w, { targets: [{ Key: 'WindowTargetIds', Values: [bad.windowTargetId, good.windowTargetId] }] });
    await h.advance(HOUR);
    const [run] = h.executions(w);
    expect(run).toMatchObject({ status: 'FAILED', statusDetails: DETAILS.taskFailed });
    const [te] = h.taskExecutions(run.windowExecutionId);
    expect(te).toMatchObject({ status: 'FAILED', statusDetails: 'Failed' });
    expect(h.invocations(run.windowExecutionId, te.taskExecutionId).map((i) => i.status)).toEqual([
      'FAILED',
      'SUCCESS',
    ]);
  });
});

describe('per-resource invocations (Automation)', () => {
  it('MaxConcurrency bounds how many run at once; {{RESOURCE_ID}} fills each', async () => {
    h = new Harness();
    h.behaviour = () => ({ ms: 5 * MINUTE });
    const w = hourly();
    const t = h.target(w, ['i-1', 'i-2', 'i-3', 'i-4', 'i-5']);
    h.task(w, {
      taskType: 'AUTOMATION',
      taskArn: 'AWS-RestartEC2Instance',
      targets: [{ Key: 'WindowTargetIds', Values: [t.windowTargetId] }],
      maxConcurrency: '2',
      maxErrors: '0',
      invocationParameters: { Automation: { Parameters: { InstanceId: ['{{RESOURCE_ID}}'] } } },
    });
    await h.advance(HOUR + 15 * MINUTE);
    expect(h.automations.map((a) => [a.Parameters!.InstanceId[0], (a.at - START - HOUR) / MINUTE])).toEqual([
      ['i-1', 0],
      ['i-2', 0],
      ['i-3', 5],
      ['i-4', 5],
      ['i-5', 10],
    ]);
    expect(h.executions(w)[0].status).toBe('SUCCESS');
  });

  it('MaxErrors: no new invocation starts once errors exceed it; the task FAILS', async () => {
    h = new Harness();
    h.behaviour = () => ({ status: 'Failed' });
    const w = hourly();
    const t = h.target(w, ['i-1', 'i-2', 'i-3', 'i-4']);
    h.task(w, {
      taskType: 'AUTOMATION',
      taskArn: 'AWS-RestartEC2Instance',
      targets: [{ Key: 'WindowTargetIds', Values: [t.windowTargetId] }],
      maxConcurrency: '1',
      maxErrors: '1',
    });
    await h.advance(HOUR);
    expect(h.automations).toHaveLength(2); // the second error exceeds MaxErrors 1
    const [run] = h.executions(w);
    expect(h.taskExecutions(run.windowExecutionId)[0].status).toBe('FAILED');
  });

  it('a task without targets runs once', async () => {
    h = new Harness();
    const w = hourly();
    h.task(w, {
      taskType: 'AUTOMATION',
      taskArn: 'AWS-RestartEC2Instance',
      maxConcurrency: '1',
      maxErrors: '1',
      invocationParameters: { Automation: { Parameters: { InstanceId: ['i-0123'] } } },
    });
    await h.advance(HOUR);
    expect(h.automations.map((a) => a.Parameters)).toEqual([{ InstanceId: ['i-0123'] }]);
    expect(h.executions(w)[0].status).toBe('SUCCESS');
  });
});

describe('cutoff', () => {
  it('no task starts inside the cutoff: a later-priority task is TIMED_OUT without running', async () => {
    h = new Harness();
    h.behaviour = (id) => ({ ms: id === 'i-slow' ? 200 * MINUTE : 0 });
    const w = hourly(); // opens 1:00, cutoff at 4:00
    h.task(w, { priority: 1, targets: [{ Key: 'InstanceIds', Values: ['i-slow'] }] });
    h.task(w, { priority: 2, targets: [{ Key: 'InstanceIds', Values: ['i-never'] }] });
    await h.advance(HOUR + 200 * MINUTE);
    expect(h.sent.map((c) => c.InstanceIds[0])).toEqual(['i-slow']);
    const [run] = h.executions(w);
    const [first, second] = h.taskExecutions(run.windowExecutionId);
    expect(first.status).toBe('SUCCESS'); // CONTINUE_TASK (the default): it ran on past the cutoff
    expect(second).toMatchObject({ status: 'TIMED_OUT', statusDetails: DETAILS.notStartedCutoff });
    expect(run.status).toBe('TIMED_OUT');
  });

  it("CANCEL_TASK cancels a Run Command task's command at the cutoff; the task is TIMED_OUT", async () => {
    h = new Harness();
    h.behaviour = () => ({ ms: 200 * MINUTE });
    const w = hourly();
    h.task(w, { targets: [{ Key: 'InstanceIds', Values: ['i-1'] }], cutoffBehavior: 'CANCEL_TASK' });
    await h.advance(4 * HOUR);
    expect(h.cancelled).toEqual([h.sent[0].commandId]);
    const [run] = h.executions(w);
    const [te] = h.taskExecutions(run.windowExecutionId);
    expect(te).toMatchObject({
      status: 'TIMED_OUT',
      statusDetails: DETAILS.cutoffCancelled,
      endMs: START + 4 * HOUR,
    });
    expect(h.invocations(run.windowExecutionId, te.taskExecutionId)[0].status).toBe('CANCELLED');
    expect(run).toMatchObject({ status: 'TIMED_OUT', endMs: START + 4 * HOUR });
  });
});

describe('CancelMaintenanceWindowExecution', () => {
  it('lets the running task finish, cancels those not started: CANCELLING, then CANCELLED', async () => {
    h = new Harness();
    h.behaviour = () => ({ ms: 10 * MINUTE });
    const w = hourly();
    h.task(w, { priority: 1, targets: [{ Key: 'InstanceIds', Values: ['i-1'] }] });
    h.task(w, { priority: 2, targets: [{ Key: 'InstanceIds', Values: ['i-2'] }] });
    await h.advance(HOUR + MINUTE);
    const [run] = h.executions(w);
    expect(h.engine.cancel(run, run.windowExecutionId)).toBe(true);
    expect(h.executions(w)[0].status).toBe('CANCELLING');
    await h.advance(10 * MINUTE);
    expect(h.sent).toHaveLength(1);
    expect(h.cancelled).toEqual([]); // the running command was not stopped
    const [after] = h.executions(w);
    expect(after).toMatchObject({ status: 'CANCELLED', statusDetails: DETAILS.cancelled });
    expect(h.taskExecutions(run.windowExecutionId).map((t) => t.status)).toEqual(['SUCCESS', 'CANCELLED']);
    expect(h.engine.cancel(run, run.windowExecutionId)).toBe(false); // ended: nothing to cancel
  });
});

describe('task types without a service here', () => {
  it('LAMBDA and STEP_FUNCTIONS invocations fail with a StatusDetails that says why', async () => {
    h = new Harness();
    const w = hourly();
    h.task(w, {
      taskType: 'LAMBDA',
      taskArn: 'arn:aws:lambda:us-east-1:000000000000:function:SSMTest',
      invocationParameters: { Lambda: { Payload: Buffer.from('{"w":"{{WINDOW_ID}}"}').toString('base64') } },
    });
    await h.advance(HOUR);
    const [run] = h.executions(w);
    const [te] = h.taskExecutions(run.windowExecutionId);
    const [inv] = h.invocations(run.windowExecutionId, te.taskExecutionId);
    expect(inv.status).toBe('FAILED');
    expect(inv.statusDetails).toBe(
      'LAMBDA tasks cannot run in ssm-emulator: there is no AWS Lambda service to invoke arn:aws:lambda:us-east-1:000000000000:function:SSMTest.',
    );
    expect(run.status).toBe('FAILED');
  });
});

describe('events', () => {
  it('emits the execution, task execution and invocation state changes with AWS detail fields', async () => {
    h = new Harness();
    const w = hourly();
    const t = h.target(w, ['i-1'], 'owner-1');
    h.task(w, { targets: [{ Key: 'WindowTargetIds', Values: [t.windowTargetId] }] });
    const seen: [string, unknown][] = [];
    h.events.subscribe((e) => seen.push([e['detail-type'], e.detail.status]));
    await h.advance(HOUR);
    expect(seen).toEqual([
      ['Maintenance Window Execution State-change Notification', 'PENDING'],
      ['Maintenance Window Execution State-change Notification', 'IN_PROGRESS'],
      ['Maintenance Window Task Execution State-change Notification', 'IN_PROGRESS'],
      ['Maintenance Window Task Target Invocation State-change Notification', 'IN_PROGRESS'],
      ['Maintenance Window Task Target Invocation State-change Notification', 'SUCCESS'],
      ['Maintenance Window Task Execution State-change Notification', 'SUCCESS'],
      ['Maintenance Window Execution State-change Notification', 'SUCCESS'],
    ]);
    const inv = h.events
      .recent({ detailType: 'Maintenance Window Task Target Invocation State-change Notification' })
      .at(-1)!;
    expect(inv.resources).toEqual([`arn:aws:ssm:us-east-1:000000000000:maintenancewindow/${w.windowId}`]);
    expect(inv.detail).toMatchObject({
      'window-id': w.windowId,
      'window-target-id': t.windowTargetId,
      'owner-information': 'owner-1',
      status: 'SUCCESS',
    });
  });
});
