// Interpreter features: Interactive mode, aws:loop, aws:updateVariable, aws:executeAutomation, aws:pause,
// retries, step timeouts, onCancel, ClientToken, DescribeAutomationExecutions / StepExecutions, change requests.
import {
  DescribeAutomationExecutionsCommand,
  DescribeAutomationStepExecutionsCommand,
  ListCommandsCommand,
  SendAutomationSignalCommand,
  StartChangeRequestExecutionCommand,
  StopAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';
import { createRunbook, getExecution, startExecution, waitForStatus } from './automation-helpers.js';

const server = useServer({ resetEach: true, clock: 'real' });

const nap = (name: string, extra = {}) => ({
  name,
  action: 'aws:sleep',
  inputs: { Duration: 'PT0S' },
  ...extra,
});

const runbook = (
  name: string,
  content: Record<string, unknown>,
  type: 'Automation' | 'Automation.ChangeTemplate' = 'Automation',
) => createRunbook(server.ssm, name, content, type);
const get = (id: string) => getExecution(server.ssm, id);
const until = (id: string, statuses: string[]) => waitForStatus(server.ssm, id, statuses);
const start = (DocumentName: string, extra = {}) => startExecution(server.ssm, DocumentName, extra);
const signal = (
  id: string,
  SignalType: 'StartStep' | 'Resume' | 'Approve' | 'Reject',
  Payload?: Record<string, string[]>,
) => server.ssm.send(new SendAutomationSignalCommand({ AutomationExecutionId: id, SignalType, Payload }));

describe('interpreter', () => {
  it('Interactive mode waits before each step until StartStep names it', async () => {
    await runbook('Manual', { mainSteps: [nap('first'), nap('second')] });
    const id = await start('Manual', { Mode: 'Interactive' });
    expect((await until(id, ['Waiting'])).StepExecutions!.map((s) => s.StepStatus)).toEqual([
      'Pending',
      'Pending',
    ]);
    await signal(id, 'StartStep', { StepName: ['first'] });
    for (let i = 0; i < 100 && (await get(id)).StepExecutions![0].StepStatus !== 'Success'; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await until(id, ['Waiting'])).StepExecutions![0]).toMatchObject({
      StepName: 'first',
      StepStatus: 'Success',
    });
    const bad = await sdkError(() => signal(id, 'StartStep', { StepName: ['third'] }));
    expect(bad.name).toBe('AutomationStepNotFoundException');
    expect(bad.message).toBe('Step third was not found.');
    await signal(id, 'StartStep', { StepName: ['second'] });
    expect((await until(id, ['Success'])).StepExecutions!.map((s) => s.StepStatus)).toEqual([
      'Success',
      'Success',
    ]);
  });

  it('aws:loop runs its steps once per iterator value; aws:updateVariable keeps a value across steps', async () => {
    await runbook('Loops', {
      variables: { Seen: { type: 'String', default: 'none' } },
      mainSteps: [
        {
          name: 'each',
          action: 'aws:loop',
          inputs: {
            Iterators: ['a', 'b', 'c'],
            Steps: [
              {
                name: 'remember',
                action: 'aws:updateVariable',
                inputs: { Name: 'variable:Seen', Value: 'got {{ each.CurrentIteratorValue }}' },
              },
            ],
          },
        },
      ],
      outputs: ['each.CurrentIteration'],
    });
    const e = await until(await start('Loops'), ['Success', 'Failed']);
    expect(e.AutomationExecutionStatus).toBe('Success');
    expect(e.Variables).toEqual({ Seen: ['got c'] });
    expect(e.Outputs).toEqual({ 'each.CurrentIteration': ['3'] });
    const inner = e.StepExecutions!.filter((s) => s.StepName === 'remember');
    expect(inner.map((s) => [s.ParentStepDetails!.Iteration, s.ParentStepDetails!.IteratorValue])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const loopStep = e.StepExecutions!.find((s) => s.StepName === 'each')!;
    const filtered = await server.ssm.send(
      new DescribeAutomationStepExecutionsCommand({
        AutomationExecutionId: e.AutomationExecutionId!,
        Filters: [{ Key: 'ParentStepExecutionId', Values: [loopStep.StepExecutionId!] }],
      }),
    );
    expect(filtered.StepExecutions).toHaveLength(3);
  });

  it('aws:executeAutomation runs a child runbook and waits for it', async () => {
    await runbook('Child', {
      parameters: { Word: { type: 'String' } },
      mainSteps: [
        {
          name: 'put',
          action: 'aws:executeAwsApi',
          inputs: {
            Service: 'ssm',
            Api: 'PutParameter',
            Name: '/child/word',
            Value: '{{ Word }}',
            Type: 'String',
          },
          outputs: [{ Name: 'Version', Selector: '$.Version', Type: 'Integer' }],
        },
      ],
      outputs: ['put.Version'],
    });
    await runbook('Parent', {
      mainSteps: [
        {
          name: 'run',
          action: 'aws:executeAutomation',
          inputs: { DocumentName: 'Child', RuntimeParameters: { Word: 'hi' } },
        },
      ],
    });
    const e = await until(await start('Parent'), ['Success', 'Failed']);
    expect(e.AutomationExecutionStatus).toBe('Success');
    const out = e.StepExecutions![0].Outputs!;
    expect(out.Status).toEqual(['Success']);
    const child = await get(out.ExecutionId[0]);
    expect(child).toMatchObject({
      AutomationExecutionStatus: 'Success',
      ParentAutomationExecutionId: e.AutomationExecutionId,
      Outputs: { 'put.Version': ['1'] },
    });
  });

  it('maxAttempts retries a failing step; timeoutSeconds ends a step TimedOut', async () => {
    await runbook('Retry', {
      mainSteps: [
        {
          name: 'read',
          action: 'aws:executeAwsApi',
          maxAttempts: 3,
          inputs: { Service: 'ssm', Api: 'GetParameter', Name: '/nope' },
        },
      ],
    });
    const r = await until(await start('Retry'), ['Failed', 'Success']);
    expect(r.StepExecutions![0]).toMatchObject({ StepStatus: 'Failed', MaxAttempts: 3 });
    await server.control('POST', '/_emulator/clock', { freeze: true });
    await runbook('Slow', {
      mainSteps: [{ name: 'wait', action: 'aws:pause', timeoutSeconds: 60, inputs: {} }],
    });
    const id = await start('Slow');
    await until(id, ['Waiting']);
    await server.control('POST', '/_emulator/clock', { advance: 60 });
    const timedOut = await until(id, ['TimedOut']);
    expect(timedOut.StepExecutions![0]).toMatchObject({ StepStatus: 'TimedOut', TimeoutSeconds: 60 });
    expect(timedOut.FailureMessage).toBe(
      'Step timed out while step is Execute/Cancelling action. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.',
    );
  });

  it('aws:pause continues on Resume; Cancel runs the onCancel step', async () => {
    await runbook('Pause', { mainSteps: [{ name: 'hold', action: 'aws:pause', inputs: {} }, nap('after')] });
    const id = await start('Pause');
    await until(id, ['Waiting']);
    await signal(id, 'Resume');
    expect((await until(id, ['Success'])).StepExecutions!.map((s) => s.StepStatus)).toEqual([
      'Success',
      'Success',
    ]);

    await runbook('Cleanup', {
      mainSteps: [
        { name: 'hold', action: 'aws:pause', inputs: {}, onCancel: 'step:tidy' },
        nap('next'),
        nap('tidy'),
      ],
    });
    const c = await start('Cleanup');
    await until(c, ['Waiting']);
    await server.ssm.send(new StopAutomationExecutionCommand({ AutomationExecutionId: c, Type: 'Cancel' }));
    const e = await until(c, ['Cancelled']);
    expect(e.StepExecutions!.map((s) => [s.StepName, s.StepStatus])).toEqual([
      ['hold', 'Cancelled'],
      ['tidy', 'Success'],
      ['next', 'Pending'],
    ]);
  });

  it('a reset drops running executions: their later steps never run', async () => {
    await server.control('POST', '/_emulator/clock', { freeze: true });
    await runbook('Later', {
      mainSteps: [
        // Even a clean-up step (onCancel) must not run after a reset.
        { name: 'wait', action: 'aws:sleep', inputs: { Duration: 'PT1H' }, onCancel: 'step:send' },
        {
          name: 'send',
          action: 'aws:runCommand',
          inputs: {
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: ['i-0123456789abcdef0'],
            Parameters: { commands: ['echo late'] },
          },
        },
      ],
    });
    const id = await start('Later');
    await until(id, ['InProgress']);
    await server.control('POST', '/_emulator/reset', {});
    await server.control('POST', '/_emulator/clock', { advance: 7200 });
    await new Promise((r) => setTimeout(r, 50));
    const { Commands } = await server.ssm.send(new ListCommandsCommand({}));
    expect(Commands).toEqual([]);
    const gone = await sdkError(() => get(id));
    expect(gone.name).toBe('AutomationExecutionNotFoundException');
  });

  it('ClientToken returns the same execution for the same request and refuses a different one', async () => {
    await runbook('Once', { mainSteps: [nap('x')] });
    const a = await start('Once', { ClientToken: '11111111-2222-3333-4444-555555555555' });
    expect(await start('Once', { ClientToken: '11111111-2222-3333-4444-555555555555' })).toBe(a);
    const err = await sdkError(() =>
      start('Once', { ClientToken: '11111111-2222-3333-4444-555555555555', Mode: 'Interactive' }),
    );
    expect(err.name).toBe('IdempotentParameterMismatch');
    expect(err.message).toBe(
      'Error occurred during operation StartAutomationExecution. ClientToken is already used with different parameters.',
    );
  });
});

describe('parameters, TargetMaps and events', () => {
  it('a parameter default may read Parameter Store; TargetMaps run one child per map', async () => {
    await server.ssm.send(
      new (await import('@aws-sdk/client-ssm')).PutParameterCommand({
        Name: '/app/color',
        Value: 'teal',
        Type: 'String',
      }),
    );
    await runbook('Colors', {
      parameters: {
        Color: { type: 'String', default: '{{ ssm:/app/color }}' },
        Size: { type: 'String', default: 'M' },
      },
      mainSteps: [nap('x')],
    });
    const single = await until(await start('Colors'), ['Success']);
    expect(single.Parameters).toEqual({ Color: ['teal'], Size: ['M'] });
    const parent = await start('Colors', {
      TargetMaps: [{ Color: ['red'] }, { Color: ['blue'], Size: ['L'] }],
    });
    const done = await until(parent, ['Success', 'Failed']);
    expect(done.AutomationExecutionStatus).toBe('Success');
    const kids = await server.ssm.send(
      new DescribeAutomationExecutionsCommand({ Filters: [{ Key: 'ParentExecutionId', Values: [parent] }] }),
    );
    const params = await Promise.all(
      kids.AutomationExecutionMetadataList!.map(
        async (k) => (await get(k.AutomationExecutionId!)).Parameters,
      ),
    );
    expect(params).toEqual(
      expect.arrayContaining([
        { Color: ['red'], Size: ['M'] },
        { Color: ['blue'], Size: ['L'] },
      ]),
    );
  });

  it('emits execution and step status-change events as EventBridge would', async () => {
    await runbook('Evented', { mainSteps: [nap('only')] });
    const id = await start('Evented');
    await until(id, ['Success']);
    const { json } = await server.control('GET', '/_emulator/events');
    const mine = json.events.filter((e: { detail: { ExecutionId?: string } }) => e.detail.ExecutionId === id);
    const exec = mine.filter(
      (e: { 'detail-type': string }) =>
        e['detail-type'] === 'EC2 Automation Execution Status-change Notification',
    );
    expect(exec.map((e: { detail: { Status: string } }) => e.detail.Status)).toEqual([
      'Pending',
      'InProgress',
      'Success',
    ]);
    const final = exec[exec.length - 1];
    expect(final.resources).toEqual([
      `arn:aws:ssm:us-east-1:000000000000:automation-execution/${id}`,
      'arn:aws:ssm:us-east-1:000000000000:automation-definition/Evented:1',
    ]);
    expect(final.detail).toMatchObject({
      Definition: 'Evented',
      DefinitionVersion: 1,
      ExecutedBy: 'arn:aws:iam::000000000000:root',
    });
    expect(final.detail.EndTime).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
    const steps = mine.filter(
      (e: { 'detail-type': string }) => e['detail-type'] === 'EC2 Automation Step Status-change Notification',
    );
    expect(
      steps.map((e: { detail: { StepName: string; Status: string } }) => [
        e.detail.StepName,
        e.detail.Status,
      ]),
    ).toEqual([
      ['only', 'InProgress'],
      ['only', 'Success'],
    ]);
  });
});

describe('DescribeAutomationExecutions', () => {
  it('lists newest first, filters by prefix and status, pages with NextToken', async () => {
    await runbook('ListMeA', { mainSteps: [nap('x')] });
    await runbook('ListMeB', { mainSteps: [nap('x')] });
    await runbook('Other', { mainSteps: [nap('x')] });
    const ids = [];
    for (const d of ['ListMeA', 'ListMeB', 'Other', 'ListMeA']) {
      ids.push(await start(d));
      await until(ids[ids.length - 1], ['Success']);
    }
    const page1 = await server.ssm.send(
      new DescribeAutomationExecutionsCommand({
        Filters: [
          { Key: 'DocumentNamePrefix', Values: ['ListMe'] },
          { Key: 'ExecutionStatus', Values: ['Success'] },
        ],
        MaxResults: 2,
      }),
    );
    expect(page1.AutomationExecutionMetadataList!.map((e) => e.AutomationExecutionId)).toEqual([
      ids[3],
      ids[1],
    ]);
    expect(page1.AutomationExecutionMetadataList![0]).toMatchObject({
      DocumentName: 'ListMeA',
      AutomationType: 'Local',
      LogFile: '',
      Mode: 'Auto',
    });
    const page2 = await server.ssm.send(
      new DescribeAutomationExecutionsCommand({
        Filters: [{ Key: 'DocumentNamePrefix', Values: ['ListMe'] }],
        MaxResults: 2,
        NextToken: page1.NextToken,
      }),
    );
    expect(page2.AutomationExecutionMetadataList!.map((e) => e.AutomationExecutionId)).toEqual([ids[0]]);
    expect(page2.NextToken).toBeUndefined();
    const bad = await sdkError(() =>
      server.ssm.send(
        new DescribeAutomationExecutionsCommand({
          Filters: [{ Key: 'StartTimeAfter', Values: ['yesterday'] }],
        }),
      ),
    );
    expect(bad.name).toBe('InvalidFilterValue');
    expect(bad.message).toBe('The filter StartTimeAfter takes one date such as 2020-05-08T15:16:43Z.');
  });
});

describe('StartChangeRequestExecution', () => {
  it('waits for approval (PendingApproval), then runs its runbooks (CompletedWithSuccess)', async () => {
    await runbook('Work', { mainSteps: [nap('do')] });
    await runbook(
      'Template',
      {
        templateInformation: 'a change',
        mainSteps: [
          {
            name: 'approve',
            action: 'aws:approve',
            inputs: { Approvers: ['admin'], MinRequiredApprovals: 1 },
          },
        ],
      },
      'Automation.ChangeTemplate',
    );
    const { AutomationExecutionId: id } = await server.ssm.send(
      new StartChangeRequestExecutionCommand({
        DocumentName: 'Template',
        ChangeRequestName: 'My change',
        Runbooks: [{ DocumentName: 'Work' }],
      }),
    );
    const pending = await until(id!, ['PendingApproval']);
    expect(pending).toMatchObject({ AutomationSubtype: 'ChangeRequest', ChangeRequestName: 'My change' });
    await signal(id!, 'Approve', { Comment: ['ok'] });
    const done = await until(id!, ['CompletedWithSuccess', 'CompletedWithFailure']);
    expect(done.AutomationExecutionStatus).toBe('CompletedWithSuccess');
    const kids = await server.ssm.send(
      new DescribeAutomationExecutionsCommand({ Filters: [{ Key: 'ParentExecutionId', Values: [id!] }] }),
    );
    expect(
      kids.AutomationExecutionMetadataList!.map((k) => [k.DocumentName, k.AutomationExecutionStatus]),
    ).toEqual([['Work', 'Success']]);

    const { AutomationExecutionId: no } = await server.ssm.send(
      new StartChangeRequestExecutionCommand({
        DocumentName: 'Template',
        Runbooks: [{ DocumentName: 'Work' }],
      }),
    );
    await until(no!, ['PendingApproval']);
    await signal(no!, 'Reject');
    expect((await until(no!, ['Rejected'])).AutomationExecutionStatus).toBe('Rejected');
  });
});
