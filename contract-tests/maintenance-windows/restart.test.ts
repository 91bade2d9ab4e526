// A restart in the middle of a run: the emulator stops while a window's task still runs, a new one starts on the
// same data dir. Nothing stays IN_PROGRESS (the run ends FAILED, saying why), the window keeps its schedule,
// and the openings missed while it was down are skipped, not replayed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateMaintenanceWindowCommand,
  DescribeMaintenanceWindowExecutionsCommand,
  GetMaintenanceWindowCommand,
  GetMaintenanceWindowExecutionCommand,
  GetMaintenanceWindowExecutionTaskCommand,
  RegisterTargetWithMaintenanceWindowCommand,
  RegisterTaskWithMaintenanceWindowCommand,
} from '@aws-sdk/client-ssm';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'mw-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restart recovery', () => {
  it('ends the interrupted run and keeps the window on its schedule', async () => {
    const first = await startServer({ inMemory: false, dataDir: dir });
    let windowId: string;
    let executionId: string;
    try {
      await first.control('POST', '/_emulator/nodes', {
        id: 'i-00000000000000abc',
        name: 'slow-1',
        os: 'amazon-linux-2023',
        tags: { Role: 'Slow' },
        rules: [{ match: 'long-job', durationSeconds: 3000 }],
      });
      await first.control('POST', '/_emulator/clock', { set: '2026-03-01T12:00:00Z' });
      const ssm = first.client();
      windowId = (
        await ssm.send(
          new CreateMaintenanceWindowCommand({
            Name: 'Restart-Window',
            Schedule: 'rate(1 hour)',
            Duration: 2,
            Cutoff: 1,
            AllowUnassociatedTargets: false,
          }),
        )
      ).WindowId!;
      const { WindowTargetId } = await ssm.send(
        new RegisterTargetWithMaintenanceWindowCommand({
          WindowId: windowId,
          ResourceType: 'INSTANCE',
          Targets: [{ Key: 'tag:Role', Values: ['Slow'] }],
        }),
      );
      await ssm.send(
        new RegisterTaskWithMaintenanceWindowCommand({
          WindowId: windowId,
          Targets: [{ Key: 'WindowTargetIds', Values: [WindowTargetId!] }],
          TaskArn: 'AWS-RunShellScript',
          TaskType: 'RUN_COMMAND',
          MaxConcurrency: '1',
          MaxErrors: '0',
          TaskInvocationParameters: { RunCommand: { Parameters: { commands: ['long-job'] } } },
        }),
      );
      await first.control('POST', '/_emulator/clock', { advance: 3600 + 60 });
      const [run] = (await ssm.send(new DescribeMaintenanceWindowExecutionsCommand({ WindowId: windowId })))
        .WindowExecutions!;
      expect(run.Status).toBe('IN_PROGRESS');
      executionId = run.WindowExecutionId!;
    } finally {
      await first.close(); // mid-execution
    }

    const second = await startServer({ inMemory: false, dataDir: dir });
    try {
      const ssm = second.client();
      const runs = (await ssm.send(new DescribeMaintenanceWindowExecutionsCommand({ WindowId: windowId })))
        .WindowExecutions!;
      expect(runs).toHaveLength(1); // the hours between the two clocks' times were not replayed
      expect(runs[0]).toMatchObject({
        WindowExecutionId: executionId,
        Status: 'FAILED',
        StatusDetails:
          'The maintenance window execution was interrupted because ssm-emulator stopped while it ran.',
      });
      expect(runs[0].EndTime).toBeDefined();
      const got = await ssm.send(new GetMaintenanceWindowCommand({ WindowId: windowId }));
      // The second emulator runs on the wall clock: the next opening is the first on the hourly grid after now.
      const next = Date.parse(got.NextExecutionTime!);
      expect(next).toBeGreaterThan(Date.now());
      expect(next - Date.now()).toBeLessThanOrEqual(3600_000);
      expect((next - Date.parse('2026-03-01T13:00:00Z')) % 3600_000).toBe(0);
      const { TaskIds } = await ssm.send(
        new GetMaintenanceWindowExecutionCommand({ WindowExecutionId: executionId }),
      );
      const task = await ssm.send(
        new GetMaintenanceWindowExecutionTaskCommand({ WindowExecutionId: executionId, TaskId: TaskIds![0] }),
      );
      expect(task.Status).toBe('FAILED');
    } finally {
      await second.close();
    }
  });
});
