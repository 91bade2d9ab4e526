// StartAutomationExecution / GetAutomationExecution / StopAutomationExecution / SendAutomationSignal on the demo
// fleet: runbooks that really run (aws:runCommand through Run Command, aws:sleep on the emulator clock).
import {
  GetAutomationExecutionCommand,
  SendAutomationSignalCommand,
  StopAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';
import { createRunbook, getExecution, startExecution, waitForStatus } from './automation-helpers.js';

const WEB = 'i-0123456789abcdef0';
const DB = 'i-0a1b2c3d4e5f60718';
const server = useServer({ resetEach: true, clock: 'real' });
const runbook = (name: string, content: Record<string, unknown>) => createRunbook(server.ssm, name, content);
const execution = (id: string) => getExecution(server.ssm, id);
const until = (id: string, statuses: string[]) => waitForStatus(server.ssm, id, statuses);
const start = (DocumentName: string, Parameters?: Record<string, string[]>, extra = {}) =>
  startExecution(server.ssm, DocumentName, { Parameters, ...extra });

describe('StartAutomationExecution', () => {
  describe('functionality', () => {
    it('runs aws:runCommand for real and reports its outputs, then the runbook outputs', async () => {
      await runbook('Hello', {
        parameters: { InstanceId: { type: 'String' }, Who: { type: 'String', default: 'world' } },
        mainSteps: [
          {
            name: 'say',
            action: 'aws:runCommand',
            inputs: {
              DocumentName: 'AWS-RunShellScript',
              InstanceIds: ['{{ InstanceId }}'],
              Parameters: { commands: ['echo hello {{ Who }}'] },
            },
          },
        ],
        outputs: ['say.Output', 'say.Status'],
      });
      const id = await start('Hello', { InstanceId: [WEB] });
      const e = await until(id, ['Success', 'Failed']);
      expect(e).toMatchObject({
        AutomationExecutionStatus: 'Success',
        DocumentName: 'Hello',
        DocumentVersion: '1',
        Mode: 'Auto',
        Parameters: { InstanceId: [WEB], Who: ['world'] },
        Outputs: { 'say.Output': ['hello world\n'], 'say.Status': ['Success'] },
        Targets: [],
        ResolvedTargets: { ParameterValues: [], Truncated: false },
      });
      const [step] = e.StepExecutions!;
      expect(step).toMatchObject({
        StepName: 'say',
        Action: 'aws:runCommand',
        StepStatus: 'Success',
        Inputs: {
          DocumentName: '"AWS-RunShellScript"',
          InstanceIds: `["${WEB}"]`,
          Parameters: '{"commands":["echo hello world"]}',
        },
        Outputs: { Status: ['Success'], ResponseCode: ['0'], Output: ['hello world\n'] },
      });
      expect(step.Outputs!.CommandId[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(step.ExecutionEndTime!.getTime()).toBeGreaterThanOrEqual(step.ExecutionStartTime!.getTime());
    });

    it('aws:sleep waits on the emulator clock: a frozen clock holds it until the test advances it', async () => {
      await runbook('Nap', {
        mainSteps: [{ name: 'nap', action: 'aws:sleep', inputs: { Duration: 'PT5M' } }],
      });
      await server.control('POST', '/_emulator/clock', { freeze: true });
      const id = await start('Nap');
      await until(id, ['InProgress']);
      await server.control('POST', '/_emulator/clock', { advance: 299 });
      expect((await execution(id)).AutomationExecutionStatus).toBe('InProgress');
      await server.control('POST', '/_emulator/clock', { advance: 1 });
      expect((await until(id, ['Success'])).StepExecutions![0]).toMatchObject({
        StepStatus: 'Success',
        Inputs: { Duration: '"PT5M"' },
      });
    });

    it('a failed step aborts the execution; steps that did not run are listed as Pending', async () => {
      await runbook('Breaks', {
        mainSteps: [
          {
            name: 'fail',
            action: 'aws:runCommand',
            // The demo database node has no nginx: its fleet rule answers exit code 5.
            inputs: {
              DocumentName: 'AWS-RunShellScript',
              InstanceIds: [DB],
              Parameters: { commands: ['systemctl restart nginx'] },
            },
          },
          { name: 'never', action: 'aws:sleep', inputs: { Duration: 'PT1S' } },
        ],
      });
      const e = await until(await start('Breaks'), ['Failed', 'Success']);
      expect(e.AutomationExecutionStatus).toBe('Failed');
      expect(e.FailureMessage).toMatch(
        /^Step fails when it is verifying the command has completed\. .*\. Please refer to Automation Service Troubleshooting Guide for more diagnosis details\.$/s,
      );
      expect(e.StepExecutions![0]).toMatchObject({
        StepName: 'fail',
        StepStatus: 'Failed',
        Outputs: { ResponseCode: ['5'] },
      });
      expect(e.StepExecutions![1]).toEqual({ StepName: 'never', Action: 'aws:sleep', StepStatus: 'Pending' });
    });

    it('onFailure Continue goes on and the execution succeeds unless the step is marked isCritical', async () => {
      const steps = (critical?: boolean) => [
        {
          name: 'bad',
          action: 'aws:executeAwsApi',
          onFailure: 'Continue',
          ...(critical === undefined ? {} : { isCritical: critical }),
          inputs: { Service: 'ssm', Api: 'GetParameter', Name: '/missing' },
        },
        { name: 'after', action: 'aws:sleep', inputs: { Duration: 'PT0S' } },
      ];
      await runbook('Soft', { mainSteps: steps() });
      await runbook('Hard', { mainSteps: steps(true) });
      const soft = await until(await start('Soft'), ['Success', 'Failed']);
      expect(soft.AutomationExecutionStatus).toBe('Success');
      expect(soft.StepExecutions!.map((s) => s.StepStatus)).toEqual(['Failed', 'Success']);
      expect(soft.StepExecutions![0].FailureMessage).toBe(
        'Step fails when it is Execute/Cancelling action. An error occurred (ParameterNotFound) when calling the GetParameter operation: . Please refer to Automation Service Troubleshooting Guide for more diagnosis details.',
      );
      const hard = await until(await start('Hard'), ['Success', 'Failed']);
      expect(hard.AutomationExecutionStatus).toBe('Failed');
      expect(hard.StepExecutions!.map((s) => s.StepStatus)).toEqual(['Failed', 'Success']);
    });

    it('aws:branch follows the first matching choice, and executeAwsApi outputs feed it', async () => {
      await server.ssm.send(
        new (await import('@aws-sdk/client-ssm')).PutParameterCommand({
          Name: '/app/mode',
          Value: 'blue',
          Type: 'String',
        }),
      );
      await runbook('Branchy', {
        mainSteps: [
          {
            name: 'read',
            action: 'aws:executeAwsApi',
            inputs: { Service: 'ssm', Api: 'GetParameter', Name: '/app/mode' },
            outputs: [{ Name: 'Mode', Selector: '$.Parameter.Value', Type: 'String' }],
          },
          {
            name: 'choose',
            action: 'aws:branch',
            inputs: {
              Choices: [
                { NextStep: 'green', Variable: '{{ read.Mode }}', StringEquals: 'green' },
                {
                  Or: [
                    { Variable: '{{ read.Mode }}', StartsWith: 'bl' },
                    { Variable: '1', NumericGreater: 5 },
                  ],
                  NextStep: 'blue',
                },
              ],
              Default: 'green',
            },
          },
          { name: 'green', action: 'aws:sleep', inputs: { Duration: 'PT0S' }, isEnd: true },
          { name: 'blue', action: 'aws:sleep', inputs: { Duration: 'PT0S' } },
        ],
      });
      const e = await until(await start('Branchy'), ['Success', 'Failed']);
      expect(e.AutomationExecutionStatus).toBe('Success');
      expect(e.StepExecutions!.map((s) => [s.StepName, s.StepStatus])).toEqual([
        ['read', 'Success'],
        ['choose', 'Success'],
        ['blue', 'Success'],
        ['green', 'Pending'],
      ]);
      expect(e.StepExecutions![0].Outputs).toEqual({ Mode: ['blue'] });
    });

    it('aws:approve waits until Approve; Reject fails the step and the execution', async () => {
      await runbook('Gate', {
        mainSteps: [
          {
            name: 'approval',
            action: 'aws:approve',
            inputs: { Approvers: ['arn:aws:iam::000000000000:root'] },
          },
          { name: 'go', action: 'aws:sleep', inputs: { Duration: 'PT0S' } },
        ],
      });
      const ok = await start('Gate');
      const waiting = await until(ok, ['Waiting']);
      expect(waiting.StepExecutions![0]).toMatchObject({ StepName: 'approval', StepStatus: 'Waiting' });
      await server.ssm.send(
        new SendAutomationSignalCommand({
          AutomationExecutionId: ok,
          SignalType: 'Approve',
          Payload: { Comment: ['ship it'] },
        }),
      );
      const done = await until(ok, ['Success', 'Failed']);
      expect(done.AutomationExecutionStatus).toBe('Success');
      expect(done.StepExecutions![0].Outputs!.ApprovalStatus).toEqual(['Approved']);

      const no = await start('Gate');
      await until(no, ['Waiting']);
      await server.ssm.send(
        new SendAutomationSignalCommand({ AutomationExecutionId: no, SignalType: 'Reject' }),
      );
      const rejected = await until(no, ['Success', 'Failed']);
      expect(rejected.AutomationExecutionStatus).toBe('Failed');
      expect(rejected.StepExecutions![0].Outputs!.ApprovalStatus).toEqual(['Rejected']);
    });

    it('StopAutomationExecution cancels the running step', async () => {
      await runbook('Long', {
        mainSteps: [{ name: 'wait', action: 'aws:sleep', inputs: { Duration: 'PT1H' } }],
      });
      const id = await start('Long');
      await until(id, ['InProgress']);
      await server.ssm.send(new StopAutomationExecutionCommand({ AutomationExecutionId: id }));
      const e = await until(id, ['Cancelled']);
      expect(e.StepExecutions![0].StepStatus).toBe('Cancelled');
      const err = await sdkError(() =>
        server.ssm.send(new StopAutomationExecutionCommand({ AutomationExecutionId: id })),
      );
      expect(err.name).toBe('InvalidAutomationStatusUpdateException');
    });
  });

  describe('validation', () => {
    it('answers AWS errors for bad parameters and starts nothing', async () => {
      await runbook('Typed', {
        parameters: {
          InstanceId: { type: 'String' },
          Action: { type: 'String', allowedValues: ['Install', 'Uninstall'], default: 'Install' },
        },
        mainSteps: [{ name: 'nap', action: 'aws:sleep', inputs: { Duration: 'PT0S' } }],
      });
      const cases: [Record<string, string[]> | undefined, string][] = [
        [undefined, 'Missing required parameter: InstanceId in user inputs.'],
        [{ InstanceId: ['i-1'], Nope: ['x'] }, 'Undefined execution inputs: [Nope]'],
        [
          { InstanceId: ['i-1'], Action: ['install'] },
          'Parameter "Action" has value "install" not found in [Install, Uninstall].',
        ],
        [
          { InstanceId: ['a', 'b'] },
          'Parameter type error. The value supplied for InstanceId is not a valid String.',
        ],
      ];
      for (const [Parameters, message] of cases) {
        const err = await sdkError(() => start('Typed', Parameters));
        expect(err.name).toBe('InvalidAutomationExecutionParametersException');
        expect(err.message).toBe(message);
      }
    });

    it('a runbook whose step names a missing step is refused at CreateDocument, so nothing can start', async () => {
      const err = await sdkError(() =>
        runbook('Dangling', {
          mainSteps: [{ name: 'a', action: 'aws:sleep', nextStep: 'ghost', inputs: { Duration: 'PT0S' } }],
        }),
      );
      expect(err.name).toBe('InvalidDocumentContent');
      expect(err.message).toBe('Step "ghost" named by nextStep at mainSteps[0] is not defined.');
      const none = await sdkError(() => start('Dangling'));
      expect(none.name).toBe('AutomationDefinitionNotFoundException');
    });

    it('an unknown runbook or version is refused', async () => {
      const err = await sdkError(() => start('NoSuchRunbook'));
      expect(err.name).toBe('AutomationDefinitionNotFoundException');
      expect(err.message).toBe('The specified document does not exist.');
      await runbook('One', {
        mainSteps: [{ name: 'nap', action: 'aws:sleep', inputs: { Duration: 'PT0S' } }],
      });
      const v = await sdkError(() => start('One', undefined, { DocumentVersion: '7' }));
      expect(v.name).toBe('AutomationDefinitionVersionNotFoundException');
      expect(v.message).toBe('Document version 7 of document One was not found.');
    });

    it('a signal to an execution that is not waiting is refused', async () => {
      await runbook('Quick', {
        mainSteps: [{ name: 'nap', action: 'aws:sleep', inputs: { Duration: 'PT1H' } }],
      });
      const id = await start('Quick');
      await until(id, ['InProgress']);
      const err = await sdkError(() =>
        server.ssm.send(
          new SendAutomationSignalCommand({ AutomationExecutionId: id, SignalType: 'Approve' }),
        ),
      );
      expect(err.name).toBe('InvalidAutomationSignalException');
      expect(err.message).toBe(`The execution ${id} is not waiting for a Approve signal.`);
      const gone = await sdkError(() =>
        server.ssm.send(
          new GetAutomationExecutionCommand({
            AutomationExecutionId: '00000000-0000-0000-0000-000000000000',
          }),
        ),
      );
      expect(gone.name).toBe('AutomationExecutionNotFoundException');
    });
  });
});
