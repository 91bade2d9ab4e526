// SendCommand, GetCommandInvocation, ListCommands, ListCommandInvocations, CancelCommand on the demo fleet.
import { existsSync, readFileSync } from 'node:fs';
import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';

const WEB = 'i-0123456789abcdef0';
const DB = 'i-0a1b2c3d4e5f60718';
const WIN = 'i-0abcdef1234567890';
const server = useServer({ resetEach: true });

/** Polls until the command is terminal (scripted nodes answer within milliseconds of real time). */
async function settled(commandId: string) {
  for (let i = 0; i < 200; i++) {
    const { Commands } = await server.ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    const c = Commands![0];
    if (!['Pending', 'InProgress', 'Cancelling'].includes(c.Status!)) return c;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`command ${commandId} did not finish`);
}

const shell = (commands: string[], extra: Record<string, unknown> = {}) =>
  server.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      Parameters: { commands },
      ...extra,
    }),
  );

describe('SendCommand', () => {
  describe('serialization', () => {
    it('answers at once with the command Pending and AWS defaults filled in', async () => {
      const { Command } = await shell(['df -h', 'free -m'], {
        InstanceIds: [WEB],
        Comment: 'Check disk space',
      });
      expect(Command).toMatchObject({
        DocumentName: 'AWS-RunShellScript',
        DocumentVersion: '',
        Comment: 'Check disk space',
        Parameters: { commands: ['df -h', 'free -m'] },
        InstanceIds: [WEB],
        Targets: [],
        Status: 'Pending',
        StatusDetails: 'Pending',
        OutputS3BucketName: '',
        OutputS3KeyPrefix: '',
        MaxConcurrency: '50',
        MaxErrors: '0',
        TargetCount: 1,
        CompletedCount: 0,
        ErrorCount: 0,
        DeliveryTimedOutCount: 0,
        ServiceRole: '',
        NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
        CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
        TimeoutSeconds: 3600,
      });
      expect(Command!.CommandId).toMatch(/^[0-9a-f-]{36}$/);
      // 3600 s delivery timeout + 3600 s executionTimeout default, as in the CLI reference example.
      expect(Command!.ExpiresAfter!.getTime() - Command!.RequestedDateTime!.getTime()).toBe(7_200_000);
    });
  });

  describe('validation', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      [
        'unknown document',
        { DocumentName: 'NoSuchDoc', InstanceIds: [WEB] },
        'InvalidDocument',
        'The specified document does not exist.',
      ],
      [
        'unknown version',
        {
          DocumentName: 'AWS-RunShellScript',
          DocumentVersion: '7',
          InstanceIds: [WEB],
          Parameters: { commands: ['ls'] },
        },
        'InvalidDocumentVersion',
        'The document version is not valid or does not exist.',
      ],
      [
        'wrong hash',
        {
          DocumentName: 'AWS-RunShellScript',
          DocumentHash: 'a'.repeat(64),
          InstanceIds: [WEB],
          Parameters: { commands: ['ls'] },
        },
        'InvalidDocument',
        'The document hash does not match the document.',
      ],
      [
        'missing required parameter',
        { DocumentName: 'AWS-RunShellScript', InstanceIds: [WEB] },
        'InvalidParameters',
        'Parameter "commands" is required but was not provided.',
      ],
      [
        'undeclared parameter',
        {
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: [WEB],
          Parameters: { commands: ['ls'], nope: ['x'] },
        },
        'InvalidParameters',
        '',
      ],
      [
        'value outside allowedPattern',
        {
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: [WEB],
          Parameters: { commands: ['ls'], executionTimeout: ['0'] },
        },
        'InvalidParameters',
        'Parameter "executionTimeout" has value "0", which does not match the allowed pattern ([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800).',
      ],
      [
        'unknown instance id',
        {
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: ['i-0000000000000dead'],
          Parameters: { commands: ['ls'] },
        },
        'InvalidInstanceId',
        'Instances [[i-0000000000000dead]] not in a valid state for account 000000000000',
      ],
      [
        'instance id listed twice',
        { DocumentName: 'AWS-RunShellScript', InstanceIds: [WEB, WEB], Parameters: { commands: ['ls'] } },
        'DuplicateInstanceId',
        '',
      ],
      [
        'target key AWS rejects',
        {
          DocumentName: 'AWS-RunShellScript',
          Targets: [{ Key: 'Name', Values: ['x'] }],
          Parameters: { commands: ['ls'] },
        },
        'InvalidParameters',
        'Target key Name is not supported.',
      ],
      [
        'Linux document on Windows',
        { DocumentName: 'AWS-RunShellScript', InstanceIds: [WIN], Parameters: { commands: ['ls'] } },
        'UnsupportedPlatformType',
        `Cannot perform operation for instance id ${WIN} of platform type Windows`,
      ],
      [
        'malformed MaxConcurrency',
        {
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: [WEB],
          MaxConcurrency: '-1',
          Parameters: { commands: ['ls'] },
        },
        'ValidationException',
        "1 validation error detected: Value '-1' at 'maxConcurrency' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$",
      ],
      [
        'more than 50 instance ids',
        {
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: Array.from({ length: 51 }, (_, i) => `i-${String(i).padStart(17, '0')}`),
          Parameters: { commands: ['ls'] },
        },
        'ValidationException',
        '',
      ],
    ];
    for (const [label, input, type, message] of cases) {
      it(`${label}: ${type}, and no command is created`, async () => {
        const err = await sdkError(() => server.ssm.send(new SendCommandCommand(input as never)));
        expect(err.name).toBe(type);
        if (message === '' && type !== 'ValidationException') {
          // No message member at all: the SDK fills in UnknownError, so check the raw body too.
          const raw = await server.raw('AmazonSSM.SendCommand', JSON.stringify(input));
          expect(raw.json).toEqual({ __type: type });
        } else if (type === 'ValidationException' && message === '')
          expect(err.message).toMatch(
            /^1 validation error detected: Value '\[.*\]' at 'instanceIds' failed to satisfy constraint: Member must have length less than or equal to 50$/,
          );
        else expect(err.message).toBe(message);
        const { Commands } = await server.ssm.send(new ListCommandsCommand({}));
        expect(Commands).toEqual([]);
      });
    }
  });

  describe('functionality', () => {
    it('runs on a node by instance id and reports the output', async () => {
      const { Command } = await shell(['hostname', 'whoami'], { InstanceIds: [WEB] });
      const done = await settled(Command!.CommandId!);
      expect(done).toMatchObject({
        Status: 'Success',
        StatusDetails: 'Success',
        CompletedCount: 1,
        ErrorCount: 0,
      });
      const inv = await server.ssm.send(
        new GetCommandInvocationCommand({ CommandId: Command!.CommandId, InstanceId: WEB }),
      );
      expect(inv).toMatchObject({
        Status: 'Success',
        StatusDetails: 'Success',
        ResponseCode: 0,
        PluginName: 'aws:runShellScript',
        StandardOutputContent: 'web-prod-1\nroot\n',
        StandardErrorContent: '',
      });
      expect(inv.ExecutionElapsedTime).toMatch(/^PT\d+\.\d{3}S$/);
      expect(inv.ExecutionStartDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('runs by tag, records a failure and ends Failed when errors pass MaxErrors', async () => {
      const { Command } = await shell(['systemctl restart nginx'], {
        Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
        MaxConcurrency: '10',
        MaxErrors: '2',
      });
      expect(Command!.TargetCount).toBe(0); // tag targets are resolved after the call returns
      const done = await settled(Command!.CommandId!);
      expect(done).toMatchObject({
        TargetCount: 2,
        CompletedCount: 2,
        ErrorCount: 1,
        Status: 'Failed',
        StatusDetails: 'Incomplete',
      });
      const { CommandInvocations } = await server.ssm.send(
        new ListCommandInvocationsCommand({ CommandId: Command!.CommandId, Details: true }),
      );
      const byId = Object.fromEntries(CommandInvocations!.map((i) => [i.InstanceId, i]));
      expect(byId[WEB]).toMatchObject({ Status: 'Success', InstanceName: '' });
      expect(byId[DB].Status).toBe('Failed');
      expect(byId[DB].CommandPlugins![0]).toMatchObject({
        Name: 'aws:runShellScript',
        Status: 'Failed',
        ResponseCode: 5,
      });
    });

    it('PowerShell on the Windows node', async () => {
      const { Command } = await server.ssm.send(
        new SendCommandCommand({
          InstanceIds: [WIN],
          DocumentName: 'AWS-RunPowerShellScript',
          Parameters: { commands: ['hostname'] },
        }),
      );
      await settled(Command!.CommandId!);
      const inv = await server.ssm.send(
        new GetCommandInvocationCommand({ CommandId: Command!.CommandId, InstanceId: WIN }),
      );
      expect(inv).toMatchObject({ Status: 'Success', PluginName: 'aws:runPowerShellScript' });
      expect(inv.StandardOutputContent).toContain('WIN-APP-1');
    });

    it('writes output to the bucket folder with AWS key layout and reports the URL', async () => {
      const { Command } = await shell(['echo hello'], {
        InstanceIds: [WEB],
        OutputS3BucketName: 'my-command-output',
        OutputS3KeyPrefix: 'logs/',
        CloudWatchOutputConfig: { CloudWatchOutputEnabled: true },
      });
      const id = Command!.CommandId!;
      await settled(id);
      const key = `logs/${id}/${WEB}/awsrunShellScript/0.awsrunShellScript/stdout`;
      const file = server.emulator.services.commands.outputs.s3Path('my-command-output', key);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('hello\n');
      const inv = await server.ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: WEB }));
      expect(inv.StandardOutputUrl).toBe(`https://s3.us-east-1.amazonaws.com/my-command-output/${key}`);
      const log = server.emulator.services.commands.outputs.cloudWatchPath(
        '/aws/ssm/AWS-RunShellScript',
        `${id}/${WEB}/awsrunShellScript/stdout`,
      );
      expect(readFileSync(log, 'utf8')).toBe('hello\n');
    });

    it('emits command and invocation status-change events', async () => {
      const { Command } = await shell(['echo hi'], { InstanceIds: [WEB] });
      await settled(Command!.CommandId!);
      const events = server.emulator.services.events.recent();
      const cmd = events.filter((e) => e['detail-type'] === 'EC2 Command Status-change Notification');
      const inv = events.filter(
        (e) => e['detail-type'] === 'EC2 Command Invocation Status-change Notification',
      );
      expect(cmd.map((e) => e.detail.status)).toEqual(['Pending', 'InProgress', 'Success']);
      expect(inv.map((e) => e.detail.status)).toEqual(['InProgress', 'Success']);
      expect(inv[0].detail).toMatchObject({ 'command-id': Command!.CommandId, 'instance-id': WEB });
    });

    it('tag target matching nothing ends with NoInstancesInTag', async () => {
      const { Command } = await shell(['ls'], { Targets: [{ Key: 'tag:Environment', Values: ['Nowhere'] }] });
      const done = await settled(Command!.CommandId!);
      expect(done).toMatchObject({ Status: 'Success', StatusDetails: 'NoInstancesInTag', TargetCount: 0 });
    });
  });
});

describe('GetCommandInvocation', () => {
  it('validation: InvocationDoesNotExist for an instance the command did not target', async () => {
    const { Command } = await shell(['ls'], { InstanceIds: [WEB] });
    const err = await sdkError(() =>
      server.ssm.send(new GetCommandInvocationCommand({ CommandId: Command!.CommandId, InstanceId: DB })),
    );
    expect(err.name).toBe('InvocationDoesNotExist');
  });
  it('validation: InvalidPluginName for a plugin the document does not have', async () => {
    const { Command } = await shell(['ls'], { InstanceIds: [WEB] });
    const err = await sdkError(() =>
      server.ssm.send(
        new GetCommandInvocationCommand({
          CommandId: Command!.CommandId,
          InstanceId: WEB,
          PluginName: 'nope',
        }),
      ),
    );
    expect(err.name).toBe('InvalidPluginName');
  });
  it('functionality: cuts output at 24,000 characters; Details Output at 2,500', async () => {
    const { Command } = await shell([`echo ${'x'.repeat(30000)}`], { InstanceIds: [WEB] });
    await settled(Command!.CommandId!);
    const inv = await server.ssm.send(
      new GetCommandInvocationCommand({ CommandId: Command!.CommandId, InstanceId: WEB }),
    );
    expect(inv.StandardOutputContent).toHaveLength(24000);
    const { CommandInvocations } = await server.ssm.send(
      new ListCommandInvocationsCommand({ CommandId: Command!.CommandId, Details: true }),
    );
    expect(CommandInvocations![0].CommandPlugins![0].Output).toHaveLength(2500);
  });
});

describe('ListCommands / ListCommandInvocations', () => {
  it('filters by status and pages with NextToken', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await shell(['ls'], { InstanceIds: [WEB] })).Command!.CommandId!);
    for (const id of ids) await settled(id);
    const p1 = await server.ssm.send(new ListCommandsCommand({ MaxResults: 2 }));
    expect(p1.Commands).toHaveLength(2);
    const p2 = await server.ssm.send(new ListCommandsCommand({ MaxResults: 2, NextToken: p1.NextToken }));
    expect(p2.Commands).toHaveLength(1);
    expect(p2.NextToken).toBeUndefined();
    expect(new Set([...p1.Commands!, ...p2.Commands!].map((c) => c.CommandId))).toEqual(new Set(ids));
    const ok = await server.ssm.send(
      new ListCommandsCommand({ Filters: [{ key: 'Status', value: 'Success' }] }),
    );
    expect(ok.Commands).toHaveLength(3);
    const running = await server.ssm.send(
      new ListCommandsCommand({ Filters: [{ key: 'ExecutionStage', value: 'Executing' }] }),
    );
    expect(running.Commands).toEqual([]);
    const byNode = await server.ssm.send(new ListCommandsCommand({ InstanceId: DB }));
    expect(byNode.Commands).toEqual([]);
    const invs = await server.ssm.send(new ListCommandInvocationsCommand({ InstanceId: WEB }));
    expect(invs.CommandInvocations).toHaveLength(3);
    expect(invs.CommandInvocations![0].CommandPlugins).toEqual([]);
  });
  it('validation: a bad filter value is InvalidFilterKey; a bad token InvalidNextToken', async () => {
    const err = await sdkError(() =>
      server.ssm.send(new ListCommandsCommand({ Filters: [{ key: 'Status', value: 'Nope' }] })),
    );
    expect(err.name).toBe('InvalidFilterKey');
    const bad = await sdkError(() =>
      server.ssm.send(new ListCommandInvocationsCommand({ NextToken: 'garbage' })),
    );
    expect(bad.name).toBe('InvalidNextToken');
    expect(bad.message).toBe('The nextToken is not valid.');
  });
});

describe('CancelCommand', () => {
  it('cancels a command whose node is slow; an unknown command is InvalidCommandId', async () => {
    await server.control('POST', '/_emulator/clock', { freeze: true });
    await fetch(`${server.endpoint}/_emulator/nodes/${WEB}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: { latencySeconds: 60 } }),
    });
    const { Command } = await shell(['ls'], { InstanceIds: [WEB] });
    await new Promise((r) => setTimeout(r, 20));
    await server.ssm.send(new CancelCommandCommand({ CommandId: Command!.CommandId }));
    const done = await settled(Command!.CommandId!);
    expect(done).toMatchObject({ Status: 'Cancelled', StatusDetails: 'Cancelled', CompletedCount: 1 });
    const inv = await server.ssm.send(
      new GetCommandInvocationCommand({ CommandId: Command!.CommandId, InstanceId: WEB }),
    );
    expect(inv).toMatchObject({ Status: 'Cancelled', StatusDetails: 'Cancelled' });
    const err = await sdkError(() =>
      server.ssm.send(new CancelCommandCommand({ CommandId: '00000000-0000-0000-0000-000000000000' })),
    );
    expect(err.name).toBe('InvalidCommandId');
    await server.control('POST', '/_emulator/clock', { real: true });
  });
});
