// Associations on the emulator clock: a schedule advanced on a frozen clock runs every occurrence, a reset ends
// live work, and a restart leaves nothing Pending or InProgress.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAssociationCommand,
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  ListAssociationsCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';
import { associationSuite, settledExecutions } from './association-helpers.js';

const t = associationSuite('freeze');
const MINUTE = 60_000;

async function create(ssm: SSMClient, commands: string[], schedule = 'rate(30 minutes)') {
  const r = await ssm.send(
    new CreateAssociationCommand({
      Name: 'AWS-RunShellScript',
      Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
      Parameters: { commands },
      ScheduleExpression: schedule,
    }),
  );
  return r.AssociationDescription!.AssociationId!;
}

async function executions(ssm: SSMClient, id: string) {
  return (
    (await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: id }))).AssociationExecutions ??
    []
  );
}

/** Polls until the association's first run has sent its command and waits (InProgress). */
async function inProgress(ssm: SSMClient, id: string) {
  for (let i = 0; i < 200; i++) {
    const [e] = await executions(ssm, id);
    if (e?.Status === 'InProgress') return e;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no run in progress');
}

describe('schedules on a frozen clock', () => {
  it('a rate(30 minutes) association advanced 2 hours has 5 executions, 30 minutes apart', async () => {
    const id = await create(t.ssm, ['echo hi']);
    await settledExecutions(t.ssm, id);
    await t.server.control('POST', '/_emulator/clock', { advance: 7200 });
    // The clock answers once what fell due has run: every execution has ended by now.
    const list = await executions(t.ssm, id);
    expect(list).toHaveLength(5);
    expect(list.every((e) => e.Status === 'Success')).toBe(true);
    const times = list.map((e) => e.CreatedTime!.getTime()).reverse();
    expect(times.slice(1).map((x, i) => (x - times[i]) / MINUTE)).toEqual([30, 30, 30, 30]);
  });

  it('a cron association with ApplyOnlyAtCronInterval runs only at its times', async () => {
    await t.server.control('POST', '/_emulator/clock', { set: '2026-03-02T09:10:00Z' });
    const r = await t.ssm.send(
      new CreateAssociationCommand({
        Name: 'AWS-RunShellScript',
        Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
        Parameters: { commands: ['echo hi'] },
        ScheduleExpression: 'cron(0 0/4 * * ? *)',
        ApplyOnlyAtCronInterval: true,
      }),
    );
    const id = r.AssociationDescription!.AssociationId!;
    await t.server.control('POST', '/_emulator/clock', { advance: 12 * 3600 });
    const list = await executions(t.ssm, id);
    expect(list.map((e) => e.CreatedTime!.toISOString()).reverse()).toEqual([
      '2026-03-02T12:00:00.000Z',
      '2026-03-02T16:00:00.000Z',
      '2026-03-02T20:00:00.000Z',
    ]);
  });
});

describe('/_emulator/reset', () => {
  it('ends live runs: nothing of them remains or runs later', async () => {
    // yum update takes 20 s of emulator time on web-prod-1 (demo fleet): on a frozen clock the run waits.
    const id = await create(t.ssm, ['yum update -y']);
    await inProgress(t.ssm, id);
    expect(t.server.emulator.services.associations.liveRuns).toBe(1);
    await t.server.control('POST', '/_emulator/reset', {});
    expect(t.server.emulator.services.associations.liveRuns).toBe(0);
    await t.server.control('POST', '/_emulator/clock', { advance: 3600 });
    expect((await t.ssm.send(new ListAssociationsCommand({}))).Associations).toEqual([]);
  });
});

describe('restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-emulator-associations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the runs a stopped emulator left unfinished, and keeps scheduling', async () => {
    const first = await startServer({ inMemory: false, dataDir: dir });
    const ssm1 = first.client();
    await first.control('POST', '/_emulator/clock', { freeze: true });
    const id = await create(ssm1, ['yum update -y']);
    const running = await inProgress(ssm1, id);
    await first.close();

    const second = await startServer({ inMemory: false, dataDir: dir });
    try {
      const ssm2 = second.client();
      const [after] = await executions(ssm2, id);
      expect(after).toMatchObject({
        ExecutionId: running.ExecutionId,
        Status: 'Failed',
        DetailedStatus: 'Interrupted',
      });
      const targets = await ssm2.send(
        new DescribeAssociationExecutionTargetsCommand({
          AssociationId: id,
          ExecutionId: running.ExecutionId,
        }),
      );
      expect(targets.AssociationExecutionTargets?.map((x) => [x.Status, x.DetailedStatus])).toEqual([
        ['Failed', 'Interrupted'],
        ['Failed', 'Interrupted'],
      ]);
      // The schedule goes on: 30 minutes on, the next run starts.
      await second.control('POST', '/_emulator/clock', { freeze: true });
      await second.control('POST', '/_emulator/clock', { advance: 1800 });
      const list = await executions(ssm2, id);
      expect(list).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
});
