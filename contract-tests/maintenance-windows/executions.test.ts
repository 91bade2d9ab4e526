// Windows that open on the emulator clock and run real commands on the demo fleet: the run history operations
// (executions, task executions, invocations, Get*, Cancel), DescribeMaintenanceWindowSchedule, pseudo parameters
// in the commands, SKIPPED_OVERLAPPING, the events, and reset ending live work.
import {
  CancelMaintenanceWindowExecutionCommand,
  CreateMaintenanceWindowCommand,
  DescribeMaintenanceWindowExecutionTaskInvocationsCommand,
  DescribeMaintenanceWindowExecutionTasksCommand,
  DescribeMaintenanceWindowExecutionsCommand,
  DescribeMaintenanceWindowScheduleCommand,
  GetCommandInvocationCommand,
  GetMaintenanceWindowExecutionCommand,
  GetMaintenanceWindowExecutionTaskCommand,
  GetMaintenanceWindowExecutionTaskInvocationCommand,
  ListCommandsCommand,
  RegisterTargetWithMaintenanceWindowCommand,
  RegisterTaskWithMaintenanceWindowCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkError, startServer, type TestServer } from '../helpers/server.js';

const WEB = 'i-0123456789abcdef0';
const DB = 'i-0a1b2c3d4e5f60718';
const SLOW = 'i-00000000000000abc';
const NOW = '2026-03-01T12:00:00.000Z';
const HOUR = 3600;
let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
  await server.control('POST', '/_emulator/clock', { set: NOW });
});

/** A window with a target and one Run Command task; returns their ids. */
async function hourlyWindow(opts: {
  targets?: { Key: string; Values: string[] }[];
  commands?: string[];
  comment?: string;
  schedule?: string;
}) {
  const { WindowId } = await ssm.send(
    new CreateMaintenanceWindowCommand({
      Name: 'Hourly-Window',
      Schedule: opts.schedule ?? 'rate(1 hour)',
      Duration: 2,
      Cutoff: 1,
      AllowUnassociatedTargets: false,
    }),
  );
  const { WindowTargetId } = await ssm.send(
    new RegisterTargetWithMaintenanceWindowCommand({
      WindowId,
      ResourceType: 'INSTANCE',
      Targets: opts.targets ?? [{ Key: 'tag:Environment', Values: ['Production'] }],
      OwnerInformation: 'ops-team',
    }),
  );
  const { WindowTaskId } = await ssm.send(
    new RegisterTaskWithMaintenanceWindowCommand({
      WindowId,
      Targets: [{ Key: 'WindowTargetIds', Values: [WindowTargetId!] }],
      TaskArn: 'AWS-RunShellScript',
      TaskType: 'RUN_COMMAND',
      MaxConcurrency: '10',
      MaxErrors: '0',
      TaskInvocationParameters: {
        RunCommand: {
          Comment: opts.comment ?? 'hourly check',
          Parameters: { commands: opts.commands ?? ['uptime'] },
        },
      },
    }),
  );
  return { WindowId: WindowId!, WindowTargetId: WindowTargetId!, WindowTaskId: WindowTaskId! };
}

const advance = (seconds: number) => server.control('POST', '/_emulator/clock', { advance: seconds });
const executions = async (WindowId: string) =>
  (await ssm.send(new DescribeMaintenanceWindowExecutionsCommand({ WindowId }))).WindowExecutions!;

describe('a rate(1 hour) window advanced 6 hours', () => {
  it('has 6 executions; {{RESOURCE_ID}} and {{WINDOW_EXECUTION_ID}} reach each command', async () => {
    const { WindowId } = await hourlyWindow({
      commands: ['echo node={{RESOURCE_ID}} run={{WINDOW_EXECUTION_ID}}'],
      comment: 'run {{WINDOW_EXECUTION_ID}}',
    });
    await advance(6 * HOUR);
    const runs = await executions(WindowId);
    expect(runs).toHaveLength(6);
    expect(runs.map((e) => e.Status)).toEqual(Array(6).fill('SUCCESS'));
    // Newest first, an hour apart.
    expect(runs.map((e) => e.StartTime!.toISOString())).toEqual(
      [6, 5, 4, 3, 2, 1].map((h) => new Date(Date.parse(NOW) + h * HOUR * 1000).toISOString()),
    );
    const run = runs[5];
    const [task] = (
      await ssm.send(
        new DescribeMaintenanceWindowExecutionTasksCommand({ WindowExecutionId: run.WindowExecutionId }),
      )
    ).WindowExecutionTaskIdentities!;
    const invocations = (
      await ssm.send(
        new DescribeMaintenanceWindowExecutionTaskInvocationsCommand({
          WindowExecutionId: run.WindowExecutionId,
          TaskId: task.TaskExecutionId,
        }),
      )
    ).WindowExecutionTaskInvocationIdentities!;
    // A per-node pseudo parameter: one command per Production node, each with its own id.
    expect(invocations).toHaveLength(2);
    for (const [i, node] of [WEB, DB].entries()) {
      const out = await ssm.send(
        new GetCommandInvocationCommand({ CommandId: invocations[i].ExecutionId, InstanceId: node }),
      );
      expect(out.StandardOutputContent).toBe(`node=${node} run=${run.WindowExecutionId}\n`);
    }
    const { Commands } = await ssm.send(new ListCommandsCommand({ CommandId: invocations[0].ExecutionId }));
    expect(Commands![0].Comment).toBe(`run ${run.WindowExecutionId}`);
  });
});

describe('cron(0 3 ? * * *) in America/New_York', () => {
  it('opens at 03:00 local on both sides of the March DST change (08:00Z, then 07:00Z)', async () => {
    await server.control('POST', '/_emulator/clock', { set: '2026-03-06T12:00:00Z' });
    const { WindowId } = await ssm.send(
      new CreateMaintenanceWindowCommand({
        Name: 'New-York-Nights',
        Schedule: 'cron(0 3 ? * * *)',
        ScheduleTimezone: 'America/New_York',
        Duration: 1,
        Cutoff: 0,
        AllowUnassociatedTargets: true,
      }),
    );
    await advance(4 * 24 * HOUR);
    const runs = await executions(WindowId!);
    expect(runs.map((e) => e.StartTime!.toISOString()).reverse()).toEqual([
      '2026-03-07T08:00:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T07:00:00.000Z',
      '2026-03-10T07:00:00.000Z',
    ]);
    expect(runs.every((e) => e.Status === 'SUCCESS' && e.StatusDetails === 'No tasks to execute.')).toBe(
      true,
    );
  });
});

describe('the run history', () => {
  it('Get/Describe executions, task executions and invocations with AWS shapes', async () => {
    const { WindowId, WindowTargetId } = await hourlyWindow({});
    await advance(HOUR);
    const [e] = await executions(WindowId);
    expect(e).toMatchObject({ WindowId, Status: 'SUCCESS' });
    expect(e.StartTime!.toISOString()).toBe('2026-03-01T13:00:00.000Z');
    const got = await ssm.send(
      new GetMaintenanceWindowExecutionCommand({ WindowExecutionId: e.WindowExecutionId }),
    );
    expect(got).toMatchObject({ WindowExecutionId: e.WindowExecutionId, Status: 'SUCCESS' });
    expect(got.TaskIds).toHaveLength(1);
    const task = await ssm.send(
      new GetMaintenanceWindowExecutionTaskCommand({
        WindowExecutionId: e.WindowExecutionId,
        TaskId: got.TaskIds![0],
      }),
    );
    expect(task).toMatchObject({
      WindowExecutionId: e.WindowExecutionId,
      TaskExecutionId: got.TaskIds![0],
      TaskArn: 'AWS-RunShellScript',
      Type: 'RUN_COMMAND',
      TaskParameters: [{ 'aws:InstanceId': { Values: [WEB, DB] }, commands: { Values: ['uptime'] } }],
      Priority: 1,
      MaxConcurrency: '10',
      MaxErrors: '0',
      Status: 'SUCCESS',
    });
    const { WindowExecutionTaskInvocationIdentities: [inv] = [] } = await ssm.send(
      new DescribeMaintenanceWindowExecutionTaskInvocationsCommand({
        WindowExecutionId: e.WindowExecutionId,
        TaskId: got.TaskIds![0],
      }),
    );
    expect(inv).toMatchObject({
      WindowExecutionId: e.WindowExecutionId,
      TaskExecutionId: got.TaskIds![0],
      TaskType: 'RUN_COMMAND',
      Status: 'SUCCESS',
      StatusDetails: 'Success',
      OwnerInformation: 'ops-team',
      WindowTargetId,
    });
    expect(JSON.parse(inv.Parameters!)).toEqual({
      comment: 'hourly check',
      documentName: 'AWS-RunShellScript',
      instanceIds: [WEB, DB],
      maxConcurrency: '10',
      maxErrors: '0',
      parameters: { commands: ['uptime'] },
    });
    // The invocation's ExecutionId is a real command, with the task's comment, on the Production nodes only.
    const { Commands } = await ssm.send(new ListCommandsCommand({ CommandId: inv.ExecutionId }));
    expect(Commands![0]).toMatchObject({
      Comment: 'hourly check',
      InstanceIds: [WEB, DB],
      Status: 'Success',
    });
    const one = await ssm.send(
      new GetMaintenanceWindowExecutionTaskInvocationCommand({
        WindowExecutionId: e.WindowExecutionId,
        TaskId: got.TaskIds![0],
        InvocationId: inv.InvocationId,
      }),
    );
    expect(one).toEqual({ ...inv, $metadata: one.$metadata });
  });

  it('filters: ExecutedBefore / ExecutedAfter, STATUS; pages newest first', async () => {
    const { WindowId } = await hourlyWindow({});
    await advance(12 * HOUR);
    const after = await ssm.send(
      new DescribeMaintenanceWindowExecutionsCommand({
        WindowId,
        Filters: [
          { Key: 'ExecutedAfter', Values: ['2026-03-01T20:00:00Z'] },
          { Key: 'ExecutedBefore', Values: ['2026-03-01T23:00:00Z'] },
        ],
      }),
    );
    expect(after.WindowExecutions!.map((x) => x.StartTime!.toISOString())).toEqual([
      '2026-03-01T22:00:00.000Z',
      '2026-03-01T21:00:00.000Z',
      '2026-03-01T20:00:00.000Z',
    ]);
    const first = await ssm.send(
      new DescribeMaintenanceWindowExecutionsCommand({ WindowId, MaxResults: 10 }),
    );
    const second = await ssm.send(
      new DescribeMaintenanceWindowExecutionsCommand({
        WindowId,
        MaxResults: 10,
        NextToken: first.NextToken,
      }),
    );
    expect([first.WindowExecutions!.length, second.WindowExecutions!.length, second.NextToken]).toEqual([
      10,
      2,
      undefined,
    ]);
    const e = first.WindowExecutions![0];
    const failedOnly = await ssm.send(
      new DescribeMaintenanceWindowExecutionTasksCommand({
        WindowExecutionId: e.WindowExecutionId,
        Filters: [{ Key: 'STATUS', Values: ['FAILED'] }],
      }),
    );
    expect(failedOnly.WindowExecutionTaskIdentities).toEqual([]);
    const bad = await sdkError(() =>
      ssm.send(
        new DescribeMaintenanceWindowExecutionsCommand({
          WindowId,
          Filters: [{ Key: 'ExecutedAfter', Values: ['soon'] }],
        }),
      ),
    );
    expect([bad.name, bad.message]).toEqual([
      'ValidationException',
      'Filter value soon is not valid for key ExecutedAfter.',
    ]);
  });

  it('DoesNotExistException for unknown executions, tasks and invocations', async () => {
    const id = '00000000-0000-0000-0000-000000000000';
    let e = await sdkError(() =>
      ssm.send(new GetMaintenanceWindowExecutionCommand({ WindowExecutionId: id })),
    );
    expect([e.name, e.message]).toEqual([
      'DoesNotExistException',
      `Maintenance window execution ${id} does not exist`,
    ]);
    e = await sdkError(() =>
      ssm.send(new CancelMaintenanceWindowExecutionCommand({ WindowExecutionId: id })),
    );
    expect(e.name).toBe('DoesNotExistException');
    const { WindowId } = await hourlyWindow({});
    await advance(HOUR);
    const [run] = await executions(WindowId);
    e = await sdkError(() =>
      ssm.send(
        new GetMaintenanceWindowExecutionTaskCommand({
          WindowExecutionId: run.WindowExecutionId,
          TaskId: id,
        }),
      ),
    );
    expect([e.name, e.message]).toEqual([
      'DoesNotExistException',
      `Maintenance window execution task ${id} does not exist`,
    ]);
    // An unknown window has no executions (the model lists no DoesNotExistException here).
    expect(await executions('mw-00000000000000000')).toEqual([]);
  });
});

describe('long runs', () => {
  beforeEach(async () => {
    const r = await server.control('POST', '/_emulator/nodes', {
      id: SLOW,
      name: 'slow-1',
      os: 'amazon-linux-2023',
      tags: { Role: 'Slow' },
      // 50 minutes: within AWS-RunShellScript's executionTimeout of 3600 s.
      rules: [{ match: 'long-job', stdout: 'done\n', durationSeconds: 3000 }],
    });
    expect(r.status).toBe(201);
  });

  it('an opening while the previous run still works is SKIPPED_OVERLAPPING', async () => {
    const { WindowId } = await hourlyWindow({
      targets: [{ Key: 'tag:Role', Values: ['Slow'] }],
      commands: ['long-job'],
      schedule: 'rate(30 minutes)',
    });
    await advance(HOUR + HOUR / 2 + 60); // openings at 12:30 (ends 13:20), 13:00, 13:30
    const runs = await executions(WindowId);
    expect(runs.map((e) => e.Status)).toEqual(['IN_PROGRESS', 'SKIPPED_OVERLAPPING', 'SUCCESS']);
    expect(runs[1].StatusDetails).toBe(
      'The maintenance window execution was skipped: the previous execution of this window was still running.',
    );
    expect([runs[1].StartTime!.toISOString(), runs[1].EndTime!.toISOString()]).toEqual([
      '2026-03-01T13:00:00.000Z',
      '2026-03-01T13:00:00.000Z',
    ]);
    expect(runs[2].EndTime!.toISOString()).toBe('2026-03-01T13:20:00.000Z');
  });

  it('CancelMaintenanceWindowExecution: CANCELLING while the running task finishes, then CANCELLED', async () => {
    const { WindowId } = await hourlyWindow({
      targets: [{ Key: 'tag:Role', Values: ['Slow'] }],
      commands: ['long-job'],
    });
    await advance(HOUR);
    const [run] = await executions(WindowId);
    expect(run.Status).toBe('IN_PROGRESS');
    const out = await ssm.send(
      new CancelMaintenanceWindowExecutionCommand({ WindowExecutionId: run.WindowExecutionId }),
    );
    expect(out.WindowExecutionId).toBe(run.WindowExecutionId);
    expect((await executions(WindowId))[0].Status).toBe('CANCELLING');
    await advance(3000 + 1); // the command ends at 13:50
    const after = await ssm.send(
      new GetMaintenanceWindowExecutionCommand({ WindowExecutionId: run.WindowExecutionId }),
    );
    expect(after).toMatchObject({
      Status: 'CANCELLED',
      StatusDetails: 'The maintenance window execution was cancelled.',
    });
  });

  it('reset ends live work: no execution survives it and no command is sent afterwards', async () => {
    const { WindowId } = await hourlyWindow({
      targets: [{ Key: 'tag:Role', Values: ['Slow'] }],
      commands: ['long-job'],
    });
    await advance(HOUR);
    expect((await executions(WindowId))[0].Status).toBe('IN_PROGRESS');
    await server.control('POST', '/_emulator/reset', {});
    await advance(5 * HOUR);
    expect(await executions(WindowId)).toEqual([]);
    expect((await ssm.send(new ListCommandsCommand({}))).Commands).toEqual([]);
  });
});

describe('DescribeMaintenanceWindowSchedule', () => {
  it("lists a window's next openings in its time zone, paging with NextToken", async () => {
    const { WindowId } = await ssm.send(
      new CreateMaintenanceWindowCommand({
        Name: 'First-Sundays',
        Schedule: 'cron(0 3 ? * SUN#1 *)',
        ScheduleTimezone: 'America/New_York',
        Duration: 4,
        Cutoff: 1,
        AllowUnassociatedTargets: true,
      }),
    );
    const first = await ssm.send(new DescribeMaintenanceWindowScheduleCommand({ WindowId, MaxResults: 3 }));
    // 03:00 EST on Sunday 1 March was 08:00Z, before now (12:00Z): the next are April, May and June, in EDT.
    expect(first.ScheduledWindowExecutions).toEqual([
      { WindowId, Name: 'First-Sundays', ExecutionTime: '2026-04-05T03:00-04:00' },
      { WindowId, Name: 'First-Sundays', ExecutionTime: '2026-05-03T03:00-04:00' },
      { WindowId, Name: 'First-Sundays', ExecutionTime: '2026-06-07T03:00-04:00' },
    ]);
    const next = await ssm.send(
      new DescribeMaintenanceWindowScheduleCommand({ WindowId, MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(next.ScheduledWindowExecutions!.map((x) => x.ExecutionTime)).toEqual([
      '2026-07-05T03:00-04:00',
      '2026-08-02T03:00-04:00',
    ]);
  });

  it('by Targets: the windows whose targets reach the node; neither or both subjects is a ValidationException', async () => {
    const { WindowId } = await hourlyWindow({});
    const r = await ssm.send(
      new DescribeMaintenanceWindowScheduleCommand({
        ResourceType: 'INSTANCE',
        Targets: [{ Key: 'InstanceIds', Values: [DB] }],
        MaxResults: 2,
      }),
    );
    expect(r.ScheduledWindowExecutions).toEqual([
      { WindowId, Name: 'Hourly-Window', ExecutionTime: '2026-03-01T13:00Z' },
      { WindowId, Name: 'Hourly-Window', ExecutionTime: '2026-03-01T14:00Z' },
    ]);
    const e = await sdkError(() => ssm.send(new DescribeMaintenanceWindowScheduleCommand({})));
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'Specify either WindowId or Targets with ResourceType, but not both.',
    ]);
  });
});

describe('events', () => {
  it('the bus carries the execution, task and invocation state changes', async () => {
    const { WindowId } = await hourlyWindow({});
    await advance(HOUR);
    const { json } = await server.control('GET', '/_emulator/events');
    const mine = (json.events as { 'detail-type': string; detail: Record<string, string> }[]).filter((e) =>
      e['detail-type'].startsWith('Maintenance Window'),
    );
    expect(mine.map((e) => `${e['detail-type']}:${e.detail.status}`)).toEqual([
      'Maintenance Window Target Registration Notification:REGISTERED',
      'Maintenance Window Execution State-change Notification:PENDING',
      'Maintenance Window Execution State-change Notification:IN_PROGRESS',
      'Maintenance Window Task Execution State-change Notification:IN_PROGRESS',
      'Maintenance Window Task Target Invocation State-change Notification:IN_PROGRESS',
      'Maintenance Window Task Target Invocation State-change Notification:SUCCESS',
      'Maintenance Window Task Execution State-change Notification:SUCCESS',
      'Maintenance Window Execution State-change Notification:SUCCESS',
    ]);
    expect(mine.every((e) => e.detail['window-id'] === WindowId)).toBe(true);
  });
});
