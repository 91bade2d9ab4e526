// Register/Update/Deregister targets and tasks, DescribeMaintenanceWindowTargets / Tasks, GetMaintenanceWindowTask,
// DescribeMaintenanceWindowsForTarget: serialization, validation (exact texts), functionality.
import {
  CreateMaintenanceWindowCommand,
  DeregisterTargetFromMaintenanceWindowCommand,
  DeregisterTaskFromMaintenanceWindowCommand,
  DescribeMaintenanceWindowTargetsCommand,
  DescribeMaintenanceWindowTasksCommand,
  DescribeMaintenanceWindowsForTargetCommand,
  GetMaintenanceWindowTaskCommand,
  RegisterTargetWithMaintenanceWindowCommand,
  RegisterTaskWithMaintenanceWindowCommand,
  UpdateMaintenanceWindowTargetCommand,
  UpdateMaintenanceWindowTaskCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkError, startServer, type TestServer } from '../helpers/server.js';
import { MAX_TARGETS_PER_WINDOW, MAX_TASKS_PER_WINDOW } from '../../src/engine/maintenance-windows/limits.js';

const WEB = 'i-0123456789abcdef0'; // demo fleet: web-prod-1, Environment=Production
const DB = 'i-0a1b2c3d4e5f60718'; // db-prod-1, Environment=Production
const DEV = 'i-0fedcba9876543210'; // dev-1, Environment=Development
let server: TestServer;
let ssm: SSMClient;
let windowId: string;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
  windowId = (await window(false)).WindowId!;
});

function window(allowUnassociatedTargets: boolean, name = 'Patch-Window') {
  return ssm.send(
    new CreateMaintenanceWindowCommand({
      Name: name,
      Schedule: 'cron(0 3 ? * SUN *)',
      Duration: 4,
      Cutoff: 1,
      AllowUnassociatedTargets: allowUnassociatedTargets,
    }),
  );
}

const registerTarget = (extra: Record<string, unknown> = {}) =>
  ssm.send(
    new RegisterTargetWithMaintenanceWindowCommand({
      WindowId: windowId,
      ResourceType: 'INSTANCE',
      Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
      ...extra,
    }),
  );

const registerTask = (targetId: string, extra: Record<string, unknown> = {}) =>
  ssm.send(
    new RegisterTaskWithMaintenanceWindowCommand({
      WindowId: windowId,
      Targets: [{ Key: 'WindowTargetIds', Values: [targetId] }],
      TaskArn: 'AWS-RunShellScript',
      TaskType: 'RUN_COMMAND',
      MaxConcurrency: '10%',
      MaxErrors: '5%',
      Priority: 1,
      TaskInvocationParameters: {
        RunCommand: { Comment: 'Security patching', Parameters: { commands: ['yum -y update'] } },
      },
      ...extra,
    }),
  );

describe('RegisterTargetWithMaintenanceWindow / DescribeMaintenanceWindowTargets', () => {
  it('answers a target id; Describe lists it as registered; filters Type, WindowTargetId, OwnerInformation', async () => {
    const { WindowTargetId } = await registerTarget({ OwnerInformation: 'CostCenter1', Name: 'Target1' });
    expect(WindowTargetId).toMatch(/^[0-9a-f-]{36}$/);
    await registerTarget({ Targets: [{ Key: 'InstanceIds', Values: [DEV] }] });
    const { Targets } = await ssm.send(
      new DescribeMaintenanceWindowTargetsCommand({
        WindowId: windowId,
        Filters: [{ Key: 'OwnerInformation', Values: ['CostCenter1'] }],
      }),
    );
    expect(Targets).toEqual([
      {
        WindowId: windowId,
        WindowTargetId,
        ResourceType: 'INSTANCE',
        Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
        OwnerInformation: 'CostCenter1',
        Name: 'Target1',
      },
    ]);
    const all = await ssm.send(new DescribeMaintenanceWindowTargetsCommand({ WindowId: windowId }));
    expect(all.Targets).toHaveLength(2);
    const byType = await ssm.send(
      new DescribeMaintenanceWindowTargetsCommand({
        WindowId: windowId,
        Filters: [{ Key: 'Type', Values: ['RESOURCE_GROUP'] }],
      }),
    );
    expect(byType.Targets).toEqual([]);
  });

  it('validation: unknown window, empty values, a key the resource type does not take, the quota', async () => {
    let e = await sdkError(() => registerTarget({ WindowId: 'mw-00000000000000000' }));
    expect([e.name, e.message]).toEqual([
      'DoesNotExistException',
      'Maintenance window mw-00000000000000000 does not exist',
    ]);
    e = await sdkError(() => registerTarget({ Targets: [{ Key: 'tag:Patch Group', Values: [] }] }));
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      "Please specify at least one target.  Filter values can't be null and tag:Patch Group is.",
    ]);
    e = await sdkError(() =>
      registerTarget({ ResourceType: 'RESOURCE_GROUP', Targets: [{ Key: 'InstanceIds', Values: [WEB] }] }),
    );
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'Target key InstanceIds is not supported for resource type RESOURCE_GROUP.',
    ]);
    for (let i = 0; i < MAX_TARGETS_PER_WINDOW; i++)
      await registerTarget({ Targets: [{ Key: 'InstanceIds', Values: [`i-${i}`] }] });
    e = await sdkError(() => registerTarget());
    expect([e.name, e.message]).toEqual([
      'ResourceLimitExceededException',
      `Maintenance window target limit exceeded: window ${windowId} can have at most ${MAX_TARGETS_PER_WINDOW} targets.`,
    ]);
  });

  it('ClientToken idempotency', async () => {
    const a = await registerTarget({ ClientToken: 'tok' });
    expect((await registerTarget({ ClientToken: 'tok' })).WindowTargetId).toBe(a.WindowTargetId);
    const e = await sdkError(() => registerTarget({ ClientToken: 'tok', OwnerInformation: 'changed' }));
    expect(e.name).toBe('IdempotentParameterMismatch');
  });
});

describe('UpdateMaintenanceWindowTarget / DeregisterTargetFromMaintenanceWindow', () => {
  it('updates the given fields; Replace drops the ones not given', async () => {
    const { WindowTargetId } = await registerTarget({ Description: 'first', Name: 'Web' });
    const out = await ssm.send(
      new UpdateMaintenanceWindowTargetCommand({
        WindowId: windowId,
        WindowTargetId,
        Name: 'My-Maintenance-Window-Target',
      }),
    );
    expect(out).toEqual(
      expect.objectContaining({
        WindowId: windowId,
        WindowTargetId,
        Name: 'My-Maintenance-Window-Target',
        Description: 'first',
      }),
    );
    const replaced = await ssm.send(
      new UpdateMaintenanceWindowTargetCommand({
        WindowId: windowId,
        WindowTargetId,
        Targets: [{ Key: 'InstanceIds', Values: [WEB, DB] }],
        Name: 'My-Maintenance-Window-Target',
        Replace: true,
      }),
    );
    expect(replaced.Description).toBeUndefined();
    expect(replaced.Targets).toEqual([{ Key: 'InstanceIds', Values: [WEB, DB] }]);
    const e = await sdkError(() =>
      ssm.send(
        new UpdateMaintenanceWindowTargetCommand({
          WindowId: windowId,
          WindowTargetId: '00000000-0000-0000-0000-000000000000',
          Name: 'x-target',
        }),
      ),
    );
    expect([e.name, e.message]).toEqual([
      'DoesNotExistException',
      'Maintenance window target 00000000-0000-0000-0000-000000000000 does not exist',
    ]);
  });

  it('Safe deregistration is refused while a task uses the target; without Safe it goes', async () => {
    const { WindowTargetId } = await registerTarget();
    await registerTask(WindowTargetId!);
    const e = await sdkError(() =>
      ssm.send(
        new DeregisterTargetFromMaintenanceWindowCommand({ WindowId: windowId, WindowTargetId, Safe: true }),
      ),
    );
    expect([e.name, e.message]).toEqual([
      'TargetInUseException',
      `Window target ${WindowTargetId} is referenced by a task of the maintenance window and cannot be deregistered while Safe is true.`,
    ]);
    const out = await ssm.send(
      new DeregisterTargetFromMaintenanceWindowCommand({ WindowId: windowId, WindowTargetId }),
    );
    expect(out).toMatchObject({ WindowId: windowId, WindowTargetId });
    expect(
      (await ssm.send(new DescribeMaintenanceWindowTargetsCommand({ WindowId: windowId }))).Targets,
    ).toEqual([]);
  });
});

describe('RegisterTaskWithMaintenanceWindow / GetMaintenanceWindowTask / DescribeMaintenanceWindowTasks', () => {
  it('stores the task as given, CutoffBehavior CONTINUE_TASK by default', async () => {
    const { WindowTargetId } = await registerTarget();
    const { WindowTaskId } = await registerTask(WindowTargetId!, {
      ServiceRoleArn: 'arn:aws:iam::123456789012:role/MaintenanceWindowRole',
      LoggingInfo: { S3BucketName: 'logs', S3Region: 'us-east-1' },
      Name: 'Patch',
    });
    const t = await ssm.send(new GetMaintenanceWindowTaskCommand({ WindowId: windowId, WindowTaskId }));
    expect(t).toMatchObject({
      WindowId: windowId,
      WindowTaskId,
      Targets: [{ Key: 'WindowTargetIds', Values: [WindowTargetId] }],
      TaskArn: 'AWS-RunShellScript',
      ServiceRoleArn: 'arn:aws:iam::123456789012:role/MaintenanceWindowRole',
      TaskType: 'RUN_COMMAND',
      TaskParameters: {},
      TaskInvocationParameters: {
        RunCommand: { Comment: 'Security patching', Parameters: { commands: ['yum -y update'] } },
      },
      Priority: 1,
      MaxConcurrency: '10%',
      MaxErrors: '5%',
      LoggingInfo: { S3BucketName: 'logs', S3Region: 'us-east-1' },
      Name: 'Patch',
      CutoffBehavior: 'CONTINUE_TASK',
    });
    const { Tasks } = await ssm.send(
      new DescribeMaintenanceWindowTasksCommand({
        WindowId: windowId,
        Filters: [
          { Key: 'Priority', Values: ['1'] },
          { Key: 'TaskType', Values: ['RUN_COMMAND'] },
        ],
      }),
    );
    expect(Tasks).toHaveLength(1);
    expect(Tasks![0]).toMatchObject({ WindowTaskId, Type: 'RUN_COMMAND', TaskArn: 'AWS-RunShellScript' });
    expect(Tasks![0]).not.toHaveProperty('TaskInvocationParameters');
  });

  it('a task without targets (Automation) gets the placeholder rates "1"; rates given to one are refused', async () => {
    const { WindowTaskId } = await ssm.send(
      new RegisterTaskWithMaintenanceWindowCommand({
        WindowId: windowId,
        TaskArn: 'AWS-RestartEC2Instance',
        TaskType: 'AUTOMATION',
        TaskInvocationParameters: { Automation: { Parameters: { InstanceId: [WEB] } } },
      }),
    );
    const t = await ssm.send(new GetMaintenanceWindowTaskCommand({ WindowId: windowId, WindowTaskId }));
    expect([t.MaxConcurrency, t.MaxErrors, t.Targets]).toEqual(['1', '1', []]);
    const e = await sdkError(() =>
      ssm.send(
        new RegisterTaskWithMaintenanceWindowCommand({
          WindowId: windowId,
          TaskArn: 'AWS-RestartEC2Instance',
          TaskType: 'AUTOMATION',
          MaxConcurrency: '1',
          MaxErrors: '0',
        }),
      ),
    );
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'Maintenance window tasks without targets do not support MaxErrors values. Maintenance window tasks without targets do not support MaxConcurrency values.',
    ]);
  });

  it('validation: Run Command needs targets; targets must be registered; InstanceIds need AllowUnassociatedTargets', async () => {
    let e = await sdkError(() => registerTask('x', { Targets: undefined }));
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'One or more targets must be specified for maintenance window Run Command-type tasks.',
    ]);
    e = await sdkError(() => registerTask('11111111-2222-3333-4444-555555555555'));
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      `Window target 11111111-2222-3333-4444-555555555555 is not registered with maintenance window ${windowId}.`,
    ]);
    e = await sdkError(() => registerTask('x', { Targets: [{ Key: 'InstanceIds', Values: [WEB] }] }));
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      `Maintenance window ${windowId} does not allow unassociated targets: register the targets with the window and specify them by WindowTargetIds.`,
    ]);
    const { WindowTargetId } = await registerTarget();
    e = await sdkError(() =>
      registerTask(WindowTargetId!, { TaskInvocationParameters: { Automation: { DocumentVersion: '1' } } }),
    );
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'TaskInvocationParameters.Automation cannot be used with a task of type RUN_COMMAND.',
    ]);
    e = await sdkError(() => registerTask(WindowTargetId!, { MaxConcurrency: undefined }));
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'MaxConcurrency is required for a maintenance window task with targets.',
    ]);
    for (let i = 0; i < MAX_TASKS_PER_WINDOW; i++) await registerTask(WindowTargetId!);
    e = await sdkError(() => registerTask(WindowTargetId!));
    expect([e.name, e.message]).toEqual([
      'ResourceLimitExceededException',
      `Maintenance window task limit exceeded: window ${windowId} can have at most ${MAX_TASKS_PER_WINDOW} tasks.`,
    ]);
  });

  it('a window with AllowUnassociatedTargets takes InstanceIds directly; LAMBDA tasks are stored', async () => {
    windowId = (await window(true, 'Open-Window')).WindowId!;
    const { WindowTaskId } = await registerTask('x', { Targets: [{ Key: 'InstanceIds', Values: [WEB] }] });
    expect(WindowTaskId).toMatch(/^[0-9a-f-]{36}$/);
    const lambda = await ssm.send(
      new RegisterTaskWithMaintenanceWindowCommand({
        WindowId: windowId,
        TaskArn: 'arn:aws:lambda:us-east-1:123456789012:function:SSMTest',
        TaskType: 'LAMBDA',
        TaskInvocationParameters: {
          Lambda: { Payload: new TextEncoder().encode('{"a":1}'), Qualifier: '$LATEST' },
        },
      }),
    );
    const t = await ssm.send(
      new GetMaintenanceWindowTaskCommand({ WindowId: windowId, WindowTaskId: lambda.WindowTaskId }),
    );
    expect(new TextDecoder().decode(t.TaskInvocationParameters!.Lambda!.Payload)).toBe('{"a":1}');
    expect(t.TaskInvocationParameters!.Lambda!.Qualifier).toBe('$LATEST');
  });
});

describe('UpdateMaintenanceWindowTask / DeregisterTaskFromMaintenanceWindow', () => {
  it('updates the given fields and answers the task; Replace needs TaskArn; deregister then Get fails', async () => {
    const { WindowTargetId } = await registerTarget();
    const { WindowTaskId } = await registerTask(WindowTargetId!);
    const out = await ssm.send(
      new UpdateMaintenanceWindowTaskCommand({
        WindowId: windowId,
        WindowTaskId,
        Priority: 3,
        MaxErrors: '4',
        TaskInvocationParameters: {
          RunCommand: { Comment: 'Revising my Run Command task', Parameters: { commands: ['df'] } },
        },
      }),
    );
    expect(out).toMatchObject({
      WindowId: windowId,
      WindowTaskId,
      Priority: 3,
      MaxConcurrency: '10%',
      MaxErrors: '4',
      TaskArn: 'AWS-RunShellScript',
      TaskInvocationParameters: {
        RunCommand: { Comment: 'Revising my Run Command task', Parameters: { commands: ['df'] } },
      },
    });
    const e = await sdkError(() =>
      ssm.send(new UpdateMaintenanceWindowTaskCommand({ WindowId: windowId, WindowTaskId, Replace: true })),
    );
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'When Replace is true, these fields are required: TaskArn.',
    ]);
    await ssm.send(new DeregisterTaskFromMaintenanceWindowCommand({ WindowId: windowId, WindowTaskId }));
    const gone = await sdkError(() =>
      ssm.send(new GetMaintenanceWindowTaskCommand({ WindowId: windowId, WindowTaskId })),
    );
    expect([gone.name, gone.message]).toEqual([
      'DoesNotExistException',
      `Maintenance window task ${WindowTaskId} does not exist`,
    ]);
  });
});

describe('DescribeMaintenanceWindowsForTarget', () => {
  it('finds the windows whose targets reach a node, tag targets included', async () => {
    await registerTarget(); // tag:Environment=Production reaches WEB and DB
    const other = (await window(false, 'Dev-Window')).WindowId!;
    await ssm.send(
      new RegisterTargetWithMaintenanceWindowCommand({
        WindowId: other,
        ResourceType: 'INSTANCE',
        Targets: [{ Key: 'InstanceIds', Values: [DEV] }],
      }),
    );
    const web = await ssm.send(
      new DescribeMaintenanceWindowsForTargetCommand({
        ResourceType: 'INSTANCE',
        Targets: [{ Key: 'InstanceIds', Values: [WEB] }],
      }),
    );
    expect(web.WindowIdentities).toEqual([{ WindowId: windowId, Name: 'Patch-Window' }]);
    const dev = await ssm.send(
      new DescribeMaintenanceWindowsForTargetCommand({
        ResourceType: 'INSTANCE',
        Targets: [{ Key: 'tag:Environment', Values: ['Development'] }],
      }),
    );
    expect(dev.WindowIdentities).toEqual([{ WindowId: other, Name: 'Dev-Window' }]);
  });
});
