// The SSM guide's section 2.3 "Maintenance Window Patching", verbatim but for --endpoint-url and the ids each
// call returned (AWS-RunShellScript stands in for AWS-RunPatchBaseline until Patch Manager lands), through AWS CLI
// v1 and v2, then the same flow through boto3. The clock is set a minute before the next opening and advanced.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { AWS_CLI_ENV, AWS_CLIS, cliWorks } from '../helpers/aws-cli.js';

const run = promisify(execFile);
const SLOW = 90_000;
const WEB = 'i-0123456789abcdef0';
const DB = 'i-0a1b2c3d4e5f60718';
// Sunday 1 March 2026, 12:00 UTC: the first Sunday's 03:00 in New York (08:00Z) has passed.
const NOW = '2026-03-01T12:00:00Z';
// The next first Sunday, 5 April 2026, 03:00 EDT = 07:00Z; a minute before it.
const MINUTE_BEFORE = '2026-04-05T06:59:00Z';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
  await server.control('POST', '/_emulator/clock', { set: NOW });
});

for (const [label, bin] of AWS_CLIS) {
  describe.skipIf(!cliWorks(bin))(`${label} (${bin}): the guide's maintenance window patching`, () => {
    const aws = async (...args: string[]) => {
      const r = await run(bin, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], {
        env: AWS_CLI_ENV,
        timeout: SLOW,
      });
      return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    };

    it(
      'creates the window, registers the Production target and the task, and runs them at the next opening',
      async () => {
        const { WindowId } = await aws(
          'ssm',
          'create-maintenance-window',
          '--name',
          'Production-Patching-Window',
          '--schedule',
          'cron(0 3 ? * SUN#1 *)',
          '--schedule-timezone',
          'America/New_York',
          '--duration',
          '4',
          '--cutoff',
          '1',
          '--allow-unassociated-targets',
        );
        expect(WindowId).toMatch(/^mw-[0-9a-f]{17}$/);
        const { WindowTargetId } = await aws(
          'ssm',
          'register-target-with-maintenance-window',
          '--window-id',
          WindowId,
          '--resource-type',
          'INSTANCE',
          '--targets',
          'Key=tag:Environment,Values=Production',
        );
        const { WindowTaskId } = await aws(
          'ssm',
          'register-task-with-maintenance-window',
          '--window-id',
          WindowId,
          '--targets',
          `Key=WindowTargetIds,Values=${WindowTargetId}`,
          '--task-arn',
          'AWS-RunShellScript',
          '--service-role-arn',
          'arn:aws:iam::123456789012:role/MaintenanceWindowRole',
          '--task-type',
          'RUN_COMMAND',
          '--max-concurrency',
          '10%',
          '--max-errors',
          '5%',
          '--priority',
          '1',
          '--task-invocation-parameters',
          'RunCommand={Comment=Security patching,Parameters={commands=[yum -y update]}}',
        );
        expect(WindowTaskId).toMatch(/^[0-9a-f-]{36}$/);

        const schedule = await aws(
          'ssm',
          'describe-maintenance-window-schedule',
          '--window-id',
          WindowId,
          '--max-items',
          '3',
        );
        expect(
          schedule.ScheduledWindowExecutions.map((x: { ExecutionTime: string }) => x.ExecutionTime),
        ).toEqual(['2026-04-05T03:00-04:00', '2026-05-03T03:00-04:00', '2026-06-07T03:00-04:00']);

        await server.control('POST', '/_emulator/clock', { set: MINUTE_BEFORE });
        expect(
          (await aws('ssm', 'describe-maintenance-window-executions', '--window-id', WindowId))
            .WindowExecutions,
        ).toEqual([]);
        await server.control('POST', '/_emulator/clock', { advance: 120 });

        const { WindowExecutions } = await aws(
          'ssm',
          'describe-maintenance-window-executions',
          '--window-id',
          WindowId,
        );
        expect(WindowExecutions).toHaveLength(1);
        expect(WindowExecutions[0]).toMatchObject({ WindowId, Status: 'SUCCESS' });
        const executionId = WindowExecutions[0].WindowExecutionId;
        const { WindowExecutionTaskIdentities: tasks } = await aws(
          'ssm',
          'describe-maintenance-window-execution-tasks',
          '--window-execution-id',
          executionId,
        );
        expect(tasks).toHaveLength(1);
        expect(tasks[0]).toMatchObject({
          Status: 'SUCCESS',
          TaskArn: 'AWS-RunShellScript',
          TaskType: 'RUN_COMMAND',
        });
        const { WindowExecutionTaskInvocationIdentities: invocations } = await aws(
          'ssm',
          'describe-maintenance-window-execution-task-invocations',
          '--window-execution-id',
          executionId,
          '--task-id',
          tasks[0].TaskExecutionId,
        );
        expect(invocations).toHaveLength(1);
        expect(invocations[0]).toMatchObject({ Status: 'SUCCESS', WindowTargetId, TaskType: 'RUN_COMMAND' });
        // The invocation is a real command, with the task's comment, on the Production nodes only.
        const { Commands } = await aws('ssm', 'list-commands', '--command-id', invocations[0].ExecutionId);
        expect(Commands[0]).toMatchObject({
          Comment: 'Security patching',
          DocumentName: 'AWS-RunShellScript',
          Status: 'Success',
          MaxConcurrency: '10%',
          MaxErrors: '5%',
          ServiceRole: '',
        });
        const { CommandInvocations } = await aws(
          'ssm',
          'list-command-invocations',
          '--command-id',
          invocations[0].ExecutionId,
        );
        expect(CommandInvocations.map((i: { InstanceId: string }) => i.InstanceId).sort()).toEqual(
          [WEB, DB].sort(),
        );
        expect(CommandInvocations.every((i: { Comment: string }) => i.Comment === 'Security patching')).toBe(
          true,
        );
      },
      SLOW * 4,
    );
  });
}

const PYTHON = `
import json, os, sys, urllib.request
import boto3
endpoint = os.environ['EMULATOR']
ssm = boto3.client('ssm', endpoint_url=endpoint, region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
def clock(body):
    req = urllib.request.Request(endpoint + '/_emulator/clock', data=json.dumps(body).encode(),
                                 headers={'content-type': 'application/json'}, method='POST')
    urllib.request.urlopen(req).read()
w = ssm.create_maintenance_window(Name='Production-Patching-Window', Schedule='cron(0 3 ? * SUN#1 *)',
    ScheduleTimezone='America/New_York', Duration=4, Cutoff=1, AllowUnassociatedTargets=True)['WindowId']
t = ssm.register_target_with_maintenance_window(WindowId=w, ResourceType='INSTANCE',
    Targets=[{'Key': 'tag:Environment', 'Values': ['Production']}])['WindowTargetId']
ssm.register_task_with_maintenance_window(WindowId=w, Targets=[{'Key': 'WindowTargetIds', 'Values': [t]}],
    TaskArn='AWS-RunShellScript', TaskType='RUN_COMMAND', MaxConcurrency='10%', MaxErrors='5%', Priority=1,
    TaskInvocationParameters={'RunCommand': {'Comment': 'Security patching',
                                             'Parameters': {'commands': ['yum -y update']}}})
nxt = ssm.get_maintenance_window(WindowId=w)['NextExecutionTime']
clock({'set': sys.argv[1]})
clock({'advance': 120})
pages = ssm.get_paginator('describe_maintenance_window_executions').paginate(WindowId=w)
runs = [e for p in pages for e in p['WindowExecutions']]
tasks = ssm.describe_maintenance_window_execution_tasks(WindowExecutionId=runs[0]['WindowExecutionId'])
print(json.dumps({'next': nxt, 'statuses': [e['Status'] for e in runs],
                  'start': runs[0]['StartTime'].isoformat(),
                  'tasks': [x['Status'] for x in tasks['WindowExecutionTaskIdentities']]}))
`;

/** Whether python3 can import boto3 (the test is skipped, with its name, when it cannot). */
const hasBoto3 = (() => {
  try {
    execFileSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasBoto3)('boto3: the same flow', () => {
  it(
    'NextExecutionTime is the first Sunday in New York; advancing over it runs once, SUCCESS',
    async () => {
      const r = await run('python3', ['-c', PYTHON, MINUTE_BEFORE], {
        env: { ...AWS_CLI_ENV, EMULATOR: server.endpoint },
        timeout: SLOW,
      });
      expect(JSON.parse(r.stdout)).toEqual({
        next: '2026-04-05T03:00-04:00',
        statuses: ['SUCCESS'],
        start: '2026-04-05T07:00:00+00:00',
        tasks: ['SUCCESS'],
      });
    },
    SLOW * 2,
  );
});
