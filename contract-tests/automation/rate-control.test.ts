// Executions with Targets: one child execution per target, at most MaxConcurrency at once, none started once
// more than MaxErrors have failed; the parent lists one aws:executeAutomation step per target.
import {
  DescribeAutomationExecutionsCommand,
  PutParameterCommand,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';
import { createRunbook, getExecution, waitForStatus } from './automation-helpers.js';

const server = useServer({ resetEach: true, clock: 'freeze' });

const tick = () => new Promise<void>((r) => setTimeout(r, 5));
const get = (id: string) => getExecution(server.ssm, id);

async function children(parent: string, status?: string) {
  const out = [];
  let token: string | undefined;
  do {
    const page = await server.ssm.send(
      new DescribeAutomationExecutionsCommand({
        Filters: [
          { Key: 'ParentExecutionId', Values: [parent] },
          ...(status ? [{ Key: 'ExecutionStatus' as const, Values: [status] }] : []),
        ],
        NextToken: token,
      }),
    );
    out.push(...page.AutomationExecutionMetadataList!);
    token = page.NextToken;
  } while (token);
  return out;
}

const settle = (id: string) => waitForStatus(server.ssm, id, undefined, { tries: 400, between: tick });

const runbook = (name: string, mainSteps: unknown[]) =>
  createRunbook(server.ssm, name, { parameters: { InstanceId: { type: 'String' } }, mainSteps });

describe('rate control', () => {
  it('MaxConcurrency 5 over 20 tagged nodes: one child per node, never more than 5 at once', async () => {
    const added = await server.control('POST', '/_emulator/nodes', {
      namePrefix: 'au',
      count: 20,
      tags: { Fleet: 'au' },
    });
    expect(added.status).toBe(201);
    await runbook('Wait10', [{ name: 'wait', action: 'aws:sleep', inputs: { Duration: 'PT10S' } }]);
    const { AutomationExecutionId: parent } = await server.ssm.send(
      new StartAutomationExecutionCommand({
        DocumentName: 'Wait10',
        TargetParameterName: 'InstanceId',
        Targets: [{ Key: 'tag:Fleet', Values: ['au'] }],
        MaxConcurrency: '5',
      }),
    );
    let peak = 0;
    for (let round = 0; round < 8; round++) {
      await tick();
      await tick();
      peak = Math.max(peak, (await children(parent!, 'InProgress')).length);
      await server.control('POST', '/_emulator/clock', { advance: 10 });
    }
    const e = await settle(parent!);
    expect(peak).toBe(5);
    expect(e).toMatchObject({
      AutomationExecutionStatus: 'Success',
      TargetParameterName: 'InstanceId',
      Targets: [{ Key: 'tag:Fleet', Values: ['au'] }],
      MaxConcurrency: '5',
      MaxErrors: '0',
      ProgressCounters: { TotalSteps: 20, SuccessSteps: 20, FailedSteps: 0 },
    });
    expect(e.ResolvedTargets!.ParameterValues).toHaveLength(20);
    expect(e.StepExecutions).toHaveLength(20);
    const step = e.StepExecutions![0];
    expect(step).toMatchObject({ Action: 'aws:executeAutomation', StepStatus: 'Success' });
    expect(step.StepName).toMatch(/^mi-|^i-/);
    expect(step.Inputs).toEqual({ InstanceId: step.StepName });
    const kids = await children(parent!);
    expect(kids).toHaveLength(20);
    expect(new Set(kids.map((k) => k.Target))).toEqual(new Set(e.ResolvedTargets!.ParameterValues));
    expect(
      kids.every(
        (k) => k.ParentAutomationExecutionId === parent && k.AutomationExecutionStatus === 'Success',
      ),
    ).toBe(true);
  });

  it('MaxErrors 2 with ParameterValues: the third failure stops new children; the parent fails', async () => {
    await server.ssm.send(new PutParameterCommand({ Name: '/rc/good', Value: 'x', Type: 'String' }));
    await runbook('Lookup', [
      {
        name: 'read',
        action: 'aws:executeAwsApi',
        inputs: { Service: 'ssm', Api: 'GetParameter', Name: '/rc/{{ InstanceId }}' },
      },
    ]);
    const values = ['bad1', 'good', 'bad2', 'bad3', 'bad4', 'good'];
    const { AutomationExecutionId: parent } = await server.ssm.send(
      new StartAutomationExecutionCommand({
        DocumentName: 'Lookup',
        TargetParameterName: 'InstanceId',
        Targets: [{ Key: 'ParameterValues', Values: values }],
        MaxConcurrency: '1',
        MaxErrors: '2',
      }),
    );
    const e = await settle(parent!);
    expect(e.AutomationExecutionStatus).toBe('Failed');
    expect(e.StepExecutions!.map((s) => [s.StepName, s.StepStatus])).toEqual([
      ['bad1', 'Failed'],
      ['good', 'Success'],
      ['bad2', 'Failed'],
      ['bad3', 'Failed'],
    ]);
    expect(await children(parent!)).toHaveLength(4);
  });

  it('the guide 3.5 form: --parameters may also carry the target parameter; each child gets its own node', async () => {
    await runbook('Echo', [{ name: 'nap', action: 'aws:sleep', inputs: { Duration: 'PT0S' } }]);
    await server.control('POST', '/_emulator/clock', { real: true });
    const { AutomationExecutionId: parent } = await server.ssm.send(
      new StartAutomationExecutionCommand({
        DocumentName: 'Echo',
        Parameters: { InstanceId: ['i-0123456789abcdef0'] },
        TargetParameterName: 'InstanceId',
        Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
        MaxConcurrency: '10%',
        MaxErrors: '5',
      }),
    );
    const e = await settle(parent!);
    expect(e.AutomationExecutionStatus).toBe('Success');
    expect(e.ResolvedTargets!.ParameterValues!.sort()).toEqual([
      'i-0123456789abcdef0',
      'i-0a1b2c3d4e5f60718',
    ]);
    const kids = await children(parent!);
    for (const k of kids) {
      const child = await get(k.AutomationExecutionId!);
      expect(child.Parameters!.InstanceId).toEqual([k.Target]);
    }
  });

  it('validation: Targets need a TargetParameterName that the runbook declares; one tag at a time', async () => {
    await runbook('Echo2', [{ name: 'nap', action: 'aws:sleep', inputs: { Duration: 'PT0S' } }]);
    const base = { DocumentName: 'Echo2', Targets: [{ Key: 'tag:Environment', Values: ['Production'] }] };
    const noName = await sdkError(() => server.ssm.send(new StartAutomationExecutionCommand(base)));
    expect(noName.name).toBe('InvalidAutomationExecutionParametersException');
    expect(noName.message).toBe('TargetParameterName must be specified when Targets is specified.');
    const wrong = await sdkError(() =>
      server.ssm.send(new StartAutomationExecutionCommand({ ...base, TargetParameterName: 'instanceid' })),
    );
    expect(wrong.name).toBe('InvalidAutomationExecutionParametersException');
    expect(wrong.message).toBe('TargetParameterName instanceid is not a parameter of the document Echo2.');
    const two = await sdkError(() =>
      server.ssm.send(
        new StartAutomationExecutionCommand({
          ...base,
          TargetParameterName: 'InstanceId',
          Targets: [...base.Targets, { Key: 'tag:Role', Values: ['WebServer'] }],
        }),
      ),
    );
    expect(two.name).toBe('InvalidAutomationExecutionParametersException');
    expect(two.message).toBe('Only one resource group or tag can be specified at a time');
  });
});
