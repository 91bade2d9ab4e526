// When windows open on the emulator clock: rate() and cron() in a time zone across a DST change, one timer
// for all windows, SKIPPED_OVERLAPPING, the concurrent-executions quota, EndDate and Enabled, reset, and a
// restart on the same data dir (unfinished runs end, missed openings are skipped).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_DETAILS } from '../../../src/engine/maintenance-windows/engine.js';
import { MAX_CONCURRENT_EXECUTIONS } from '../../../src/engine/maintenance-windows/limits.js';
import { HOUR, Harness, MINUTE, SCOPE, START, iso } from './harness.js';

let h: Harness;
afterEach(() => h?.close());

describe('openings on a virtual clock', () => {
  it('rate(1 hour) advanced 6 hours opens 6 times, an hour apart from creation, each run to SUCCESS', async () => {
    h = new Harness();
    const w = h.window({ schedule: 'rate(1 hour)' });
    h.task(w, {
      targets: [{ Key: 'WindowTargetIds', Values: [h.target(w, ['i-1', 'i-2']).windowTargetId] }],
    });
    await h.advance(6 * HOUR);
    const runs = h.executions(w);
    expect(runs.map((e) => iso(e.startMs))).toEqual([1, 2, 3, 4, 5, 6].map((k) => iso(START + k * HOUR)));
    expect(runs.every((e) => e.status === 'SUCCESS')).toBe(true);
    expect(h.sent.map((c) => c.InstanceIds)).toEqual(Array(6).fill(['i-1', 'i-2']));
    expect(h.store.maintenanceWindows.getWindow(SCOPE.account, SCOPE.region, w.windowId)!.nextMs).toBe(
      START + 7 * HOUR,
    );
  });

  it('advancing less than an interval opens nothing; the opening comes exactly on time', async () => {
    h = new Harness();
    const w = h.window({ schedule: 'rate(30 minutes)' });
    await h.advance(30 * MINUTE - 1);
    expect(h.executions(w)).toHaveLength(0);
    await h.advance(1);
    expect(h.executions(w).map((e) => iso(e.startMs))).toEqual([iso(START + 30 * MINUTE)]);
  });

  it('cron(0 3 ? * * *) in America/New_York opens at 03:00 local on both sides of the March DST change', async () => {
    h = new Harness({ now: Date.parse('2026-03-06T12:00:00Z') });
    const w = h.window({ schedule: 'cron(0 3 ? * * *)', scheduleTimezone: 'America/New_York' });
    await h.advance(4 * 24 * HOUR);
    expect(h.executions(w).map((e) => iso(e.startMs))).toEqual([
      '2026-03-07T08:00:00.000Z', // 03:00 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT, the day clocks jump
      '2026-03-09T07:00:00.000Z',
      '2026-03-10T07:00:00.000Z',
    ]);
  });

  it('and on both sides of the November change back', async () => {
    h = new Harness({ now: Date.parse('2026-10-30T12:00:00Z') });
    const w = h.window({ schedule: 'cron(0 3 ? * * *)', scheduleTimezone: 'America/New_York' });
    await h.advance(3 * 24 * HOUR);
    expect(h.executions(w).map((e) => iso(e.startMs))).toEqual([
      '2026-10-31T07:00:00.000Z', // 03:00 EDT
      '2026-11-01T08:00:00.000Z', // 03:00 EST, after 02:00 came twice
      '2026-11-02T08:00:00.000Z',
    ]);
  });

  it('openings of several windows run in time order across one advance', async () => {
    h = new Harness();
    const a = h.window({ schedule: 'rate(2 hours)', name: 'win-a' });
    h.window({ schedule: 'rate(3 hours)', name: 'win-b' });
    const order: string[] = [];
    h.events.subscribe((e) => {
      if (
        e['detail-type'] === 'Maintenance Window Execution State-change Notification' &&
        e.detail.status === 'PENDING'
      )
        order.push(
          `${e.detail['window-id'] === a.windowId ? 'a' : 'b'}@${(Date.parse(String(e.time)) - START) / HOUR}`,
        );
    });
    await h.advance(6 * HOUR);
    expect(order.slice(0, 3)).toEqual(['a@2', 'b@3', 'a@4']);
    expect(order.slice(3).sort()).toEqual(['a@6', 'b@6']); // the same instant: by window id
  });

  it('one timer serves every window: 1,000 idle windows hold one clock timer, and none polls', async () => {
    h = new Harness();
    for (let i = 0; i < 1000; i++) h.window({ schedule: `rate(${10 + (i % 50)} days)` });
    expect(h.clock.pendingTimers()).toBe(1);
    await h.advance(9 * 24 * HOUR); // no opening falls due: nothing runs, nothing re-arms
    expect(h.clock.pendingTimers()).toBe(1);
  });

  it('a disabled window does not open; EndDate ends the schedule', async () => {
    h = new Harness();
    const off = h.window({ schedule: 'rate(1 hour)', enabled: false });
    const ending = h.window({ schedule: 'rate(1 hour)', endDate: iso(START + 2 * HOUR + MINUTE) });
    await h.advance(5 * HOUR);
    expect(h.executions(off)).toHaveLength(0);
    expect(h.executions(ending)).toHaveLength(2);
    expect(
      h.store.maintenanceWindows.getWindow(SCOPE.account, SCOPE.region, ending.windowId)!.nextMs,
    ).toBeUndefined();
  });

  it('at() opens once, in ScheduleTimezone', async () => {
    h = new Harness();
    const w = h.window({ schedule: 'at(2026-03-01T05:30:00)', scheduleTimezone: 'Asia/Tokyo' });
    await h.advance(24 * HOUR);
    expect(h.executions(w).map((e) => iso(e.startMs))).toEqual([]); // 05:30 in Tokyo was 20:30Z the day before
    const utc = h.window({ schedule: 'at(2026-03-02T05:30:00)' });
    await h.advance(24 * HOUR);
    expect(h.executions(utc).map((e) => iso(e.startMs))).toEqual(['2026-03-02T05:30:00.000Z']);
  });
});

describe('overlaps and the concurrent-executions quota', () => {
  it('an opening while the previous execution still runs is SKIPPED_OVERLAPPING', async () => {
    h = new Harness();
    h.behaviour = () => ({ ms: 90 * MINUTE });
    const w = h.window({ schedule: 'rate(1 hour)' });
    h.task(w, { targets: [{ Key: 'InstanceIds', Values: ['i-1'] }] });
    await h.advance(3 * HOUR + MINUTE);
    const runs = h.executions(w);
    expect(runs.map((e) => [iso(e.startMs), e.status])).toEqual([
      [iso(START + HOUR), 'SUCCESS'],
      [iso(START + 2 * HOUR), 'SKIPPED_OVERLAPPING'],
      [iso(START + 3 * HOUR), 'IN_PROGRESS'],
    ]);
    expect(runs[1].statusDetails).toBe(ENGINE_DETAILS.overlapping);
  });

  it(`at most ${MAX_CONCURRENT_EXECUTIONS} executions run at once in an account; the others wait PENDING`, async () => {
    h = new Harness();
    h.behaviour = () => ({ ms: 10 * MINUTE });
    const windows = Array.from({ length: MAX_CONCURRENT_EXECUTIONS + 2 }, (_, i) => {
      const w = h.window({ schedule: 'rate(1 hour)', name: `win-${i}` });
      h.task(w, { targets: [{ Key: 'InstanceIds', Values: [`i-${i}`] }] });
      return w;
    });
    await h.advance(HOUR);
    const statuses = windows.map((w) => h.executions(w)[0].status);
    expect(statuses.filter((s) => s === 'IN_PROGRESS')).toHaveLength(MAX_CONCURRENT_EXECUTIONS);
    expect(statuses.filter((s) => s === 'PENDING')).toHaveLength(2);
    await h.advance(10 * MINUTE);
    await h.advance(10 * MINUTE);
    expect(windows.map((w) => h.executions(w)[0].status)).toEqual(Array(windows.length).fill('SUCCESS'));
    // The waiting ones started when slots freed, ten minutes after the opening.
    expect(h.sent.slice(-2).map((c) => iso(c.at))).toEqual(Array(2).fill(iso(START + HOUR + 10 * MINUTE)));
  });
});

describe('reset and restart', () => {
  it('reset ends live work: runs stop, their timers go, nothing more is written', async () => {
    h = new Harness();
    h.behaviour = () => ({ ms: 30 * MINUTE });
    const w = h.window({ schedule: 'rate(1 hour)' });
    h.task(w, { targets: [{ Key: 'InstanceIds', Values: ['i-1'] }] });
    await h.advance(HOUR);
    expect(h.executions(w)[0].status).toBe('IN_PROGRESS');
    h.store.reset();
    h.engine.reset();
    expect(h.clock.pendingTimers()).toBe(1); // the stand-in command's own timer; the engine holds none
    await h.advance(2 * HOUR);
    expect(h.executions(w)).toHaveLength(0);
    expect(h.sent).toHaveLength(1);
  });

  it('reset of one account leaves the other account running', async () => {
    h = new Harness();
    const mine = h.window({ schedule: 'rate(1 hour)' });
    const other = h.window({ schedule: 'rate(1 hour)', account: '111111111111' });
    h.store.reset({ account: SCOPE.account });
    h.engine.reset({ account: SCOPE.account });
    await h.advance(HOUR);
    expect(h.executions(mine)).toHaveLength(0);
    const page = h.store.windowExecutions.listExecutions(
      { account: '111111111111', region: SCOPE.region },
      other.windowId,
      {},
      10,
      undefined,
    );
    expect(page !== 'bad-token' && page.items.length).toBe(1);
  });

  it('after a restart on the same data dir nothing stays IN_PROGRESS and missed openings are skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-restart-'));
    try {
      h = new Harness({ dataDir: dir });
      h.behaviour = () => ({ ms: 30 * MINUTE });
      const w = h.window({ schedule: 'rate(1 hour)' });
      h.task(w, { targets: [{ Key: 'InstanceIds', Values: ['i-1'] }] });
      await h.advance(HOUR + MINUTE);
      const [run] = h.executions(w);
      expect(run.status).toBe('IN_PROGRESS');
      h.close();
      // Down for five hours and a half: five openings pass while nothing runs.
      h = new Harness({ dataDir: dir, now: START + 6 * HOUR + 30 * MINUTE });
      const [after] = h.executions(w);
      expect(after).toMatchObject({ status: 'FAILED', statusDetails: ENGINE_DETAILS.interrupted });
      expect(h.taskExecutions(run.windowExecutionId).map((t) => t.status)).toEqual(['FAILED']);
      expect(h.invocations(run.windowExecutionId, run.taskExecutionIds[0]).map((i) => i.status)).toEqual([
        'FAILED',
      ]);
      // The next opening is the first after now, on the window's hourly grid; none of the missed ones runs.
      expect(h.store.maintenanceWindows.getWindow(SCOPE.account, SCOPE.region, w.windowId)!.nextMs).toBe(
        START + 7 * HOUR,
      );
      await h.advance(31 * MINUTE);
      expect(h.executions(w).map((e) => iso(e.startMs))).toEqual([iso(START + HOUR), iso(START + 7 * HOUR)]);
    } finally {
      h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
