// The association engine on a virtual clock: one timer for every schedule, runs in order as the clock advances,
// schedules restarted by updates, nodes that join, deletion and reset.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../../src/app.js';
import { newConfig } from '../../../src/engine/associations/config.js';
import { nextRun } from '../../../src/engine/associations/engine.js';
import type { Services } from '../../../src/services.js';
import type { CreateAssociationBatchRequestEntry } from '../../../src/model/generated/types.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const MINUTE = 60_000;
let emulator: Emulator;
let s: Services;

beforeEach(async () => {
  emulator = createEmulator({ inMemory: true, logLevel: 'silent' });
  s = emulator.services;
  await s.clock.set(new Date('2026-06-01T00:00:00Z'));
});
afterEach(() => emulator.close());

const config = (extra: Partial<CreateAssociationBatchRequestEntry> = {}) =>
  newConfig({
    Name: 'AWS-RunShellScript',
    Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
    Parameters: { commands: ['echo hi'] },
    ...extra,
  });

/** Lets the work that takes no emulator time finish (it ends within a few turns of the event loop). */
async function drain(): Promise<void> {
  for (let i = 0; i < 200 && s.associations.liveRuns > 0; i++) await new Promise((r) => setImmediate(r));
}

function executions(associationId: string) {
  return s.store.associationExecutions.listExecutions(scope.account, scope.region, associationId, [], 50)!
    .items;
}

describe('scheduling', () => {
  it('keeps one clock timer however many associations are scheduled (nothing polls)', async () => {
    const before = s.clock.pendingTimers();
    for (let i = 0; i < 20; i++)
      s.associations.create(
        scope,
        config({ ScheduleExpression: `cron(${i} 2 ? * SUN *)`, ApplyOnlyAtCronInterval: true }),
      );
    expect(s.clock.pendingTimers()).toBe(before + 1);
    expect(s.associations.liveRuns).toBe(0);
  });

  it('runs at creation and every 30 minutes after, as the clock advances', async () => {
    const a = s.associations.create(scope, config({ ScheduleExpression: 'rate(30 minutes)' }));
    await drain();
    await s.clock.advance(2 * 3600);
    const list = executions(a.associationId);
    expect(list.map((e) => (e.createdMs - a.createdMs) / MINUTE).reverse()).toEqual([0, 30, 60, 90, 120]);
    expect(list.every((e) => e.status === 'Success')).toBe(true);
    expect(s.store.associations.get(scope.account, scope.region, a.associationId)?.lastExecutionMs).toBe(
      a.createdMs + 120 * MINUTE,
    );
  });

  it('restarts a rate schedule at an update, and runs the update at once', async () => {
    const a = s.associations.create(scope, config({ ScheduleExpression: 'rate(1 hour)' }));
    await drain();
    await s.clock.advance(20 * 60);
    const u = s.associations.update(scope, a.associationId, {
      Parameters: { commands: ['echo two'] },
      ScheduleExpression: 'rate(1 hour)',
    });
    expect(u.nextMs).toBe(a.createdMs + 80 * MINUTE);
    await drain();
    expect(executions(a.associationId).map((e) => e.associationVersion)).toEqual([2, 1]);
  });

  it('computes the next run from the schedule, its offset and its start', () => {
    const base = s.associations.create(
      scope,
      config({ ScheduleExpression: 'rate(1 day)', ApplyOnlyAtCronInterval: false }),
    );
    expect(nextRun(base, base.createdMs)).toBe(base.createdMs + 24 * 60 * MINUTE);
    const cron = {
      ...base,
      config: {
        ...base.config,
        ScheduleExpression: 'cron(30 23 ? * TUE#3 *)',
        ScheduleOffset: 2,
        ApplyOnlyAtCronInterval: true,
      },
    };
    // The third Tuesday of June 2026 is the 16th; two days later at 23:30.
    expect(new Date(nextRun(cron, base.createdMs)!).toISOString()).toBe('2026-06-18T23:30:00.000Z');
    expect(
      nextRun({ ...base, config: { ...base.config, ScheduleExpression: undefined } }, base.createdMs),
    ).toBeUndefined();
  });
});

describe('nodes that join', () => {
  it('applies a matching association to a node that joins, once', async () => {
    const a = s.associations.create(scope, config());
    await drain();
    const [first] = executions(a.associationId);
    s.fleet.seed([
      { ...seedOf('i-00000000000000aaa'), tags: { Environment: 'Production' } },
      { ...seedOf('i-00000000000000bbb'), tags: { Environment: 'Development' } },
    ]);
    await new Promise((r) => setImmediate(r));
    await drain();
    // Both runs have the same time on the frozen clock: the new one is the other one.
    const latest = executions(a.associationId).find((e) => e.executionId !== first.executionId)!;
    const targets = s.store.associationExecutions.listTargets(
      scope.account,
      scope.region,
      a.associationId,
      latest.executionId,
      [],
      50,
    )!;
    expect(targets.items.map((t) => t.resourceId)).toEqual(['i-00000000000000aaa']);
    // Tagged again: it has run the association already, so nothing new runs.
    s.fleet.nodesChanged([{ ...scope, instanceId: 'i-00000000000000aaa' }]);
    await new Promise((r) => setImmediate(r));
    await drain();
    expect(executions(a.associationId)).toHaveLength(2);
  });
});

describe('deletion and reset', () => {
  it('deleting an association removes its history and its Association compliance items', async () => {
    const a = s.associations.create(scope, config());
    await drain();
    expect(
      s.store.compliance.items(scope.account, scope.region, 'i-0123456789abcdef0', 'Association'),
    ).toHaveLength(1);
    s.associations.delete(scope, a.associationId);
    expect(
      s.store.compliance.items(scope.account, scope.region, 'i-0123456789abcdef0', 'Association'),
    ).toEqual([]);
    expect(
      s.store.compliance.getSummary(scope.account, scope.region, 'i-0123456789abcdef0', 'Association'),
    ).toBeUndefined();
    expect(executions(a.associationId)).toEqual([]);
  });

  it('reset drops live runs of the scope and the timer follows the store', async () => {
    // yum update takes 20 s of emulator time on web-prod-1 (demo fleet): the run waits on the frozen clock.
    s.associations.create(
      scope,
      config({ Parameters: { commands: ['yum update -y'] }, ScheduleExpression: 'rate(1 hour)' }),
    );
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(s.associations.liveRuns).toBe(1);
    s.store.reset(scope);
    s.commands.reset(scope);
    s.associations.reset(scope);
    expect(s.associations.liveRuns).toBe(0);
    expect(s.store.associations.earliestNextMs()).toBeUndefined();
    await s.clock.advance(7200);
    expect(s.store.associationExecutions.unfinishedExecutions()).toEqual([]);
  });
});

function seedOf(instanceId: string) {
  const demo = s.fleet.node({ ...scope, instanceId: 'i-0123456789abcdef0' })!;
  return {
    account: scope.account,
    region: scope.region,
    instanceId,
    name: instanceId,
    computerName: instanceId,
    ipAddress: '10.0.9.9',
    platformType: demo.platformType as 'Linux',
    platformName: demo.platformName,
    platformVersion: demo.platformVersion,
    agentVersion: demo.agentVersion,
    source: 'control' as const,
    profileId: demo.profileId,
    profile: s.fleet.profile(demo)!,
    faults: { offline: false, latencySeconds: 0, failureProbability: 0, hang: false },
    tags: {},
  };
}
