// The Run Command engine's parts together, on a fake fleet and the virtual clock: sending, rate control,
// status tracking, write-behind persistence behind the read methods, timeouts, cancel and reset.
import { FileRoot } from '../../../src/engine/files.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/index.js';
import { Clock } from '../../../src/engine/clock.js';
import { EventBus } from '../../../src/engine/events.js';
import { silentLogger } from '../../../src/engine/logger.js';
import { CommandEngine } from '../../../src/engine/commands/engine.js';
import { DELIVERY_RETRY_SECONDS } from '../../../src/engine/commands/limits.js';
import type { KeyRegistry } from '../../../src/engine/parameters/kms.js';
import type { SendCommandRequest } from '../../../src/model/generated/types.js';
import { FakeFleet } from './fake-fleet.js';

const SCOPE = { account: '000000000000', region: 'us-east-1' };
const T0 = Date.parse('2026-03-01T00:00:00Z');
const NODES = ['i-00000000000000001', 'i-00000000000000002', 'i-00000000000000003', 'i-00000000000000004'];

let store: Store;
let clock: Clock;
let events: EventBus;
let fleet: FakeFleet;
let engine: CommandEngine;

/** Lets setImmediate work (the engine's background start, its batched writes) run. */
const turn = () => new Promise<void>((r) => setImmediate(r));

const files = new FileRoot({ dataDir: '', inMemory: true });

beforeEach(() => {
  store = Store.open({ dataDir: '', inMemory: true });
  clock = new Clock(() => T0);
  clock.freeze();
  events = new EventBus(clock);
  fleet = new FakeFleet();
  for (const id of NODES) fleet.add(id);
  engine = new CommandEngine({
    config: { dataDir: '', inMemory: true },
    files,
    store,
    clock,
    events,
    fleet,
    keys: {} as KeyRegistry,
    log: silentLogger,
  });
  engine.start();
});

afterEach(() => {
  engine.close();
  clock.dispose();
  store.close();
  files.close();
});

const send = (input: Partial<SendCommandRequest> = {}) =>
  engine.send(SCOPE, {
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: NODES,
    Parameters: { commands: ['echo hi'] },
    ...input,
  });
const invocation = (commandId: string, id: string) => engine.getInvocation(SCOPE, commandId, id)!;
const statuses = (commandId: string) =>
  NODES.map((id) => {
    const i = invocation(commandId, id);
    return `${i.status}/${i.statusDetails}`;
  });

describe('send and rate control', () => {
  it('answers Pending, then sends no more than MaxConcurrency targets at once', async () => {
    const cmd = send({ MaxConcurrency: '2' });
    expect(cmd).toMatchObject({ status: 'Pending', targetCount: 4, maxConcurrency: '2', maxErrors: '0' });
    expect(statuses(cmd.commandId)).toEqual(Array(4).fill('Pending/Pending'));
    await turn();
    expect(fleet.deliveries.map((d) => d.instanceId)).toEqual(NODES.slice(0, 2));
    // The reads see the batched writes at once: no flush by the caller.
    expect(engine.getCommand(SCOPE, cmd.commandId)!.status).toBe('InProgress');
    expect(statuses(cmd.commandId)).toEqual([
      'InProgress/InProgress',
      'InProgress/InProgress',
      'Pending/Pending',
      'Pending/Pending',
    ]);
    // In virtual time the next target starts at the instant one completes.
    fleet.deliveries[0].answer('Success', 0, 'hi\n');
    await turn();
    expect(fleet.deliveries.map((d) => d.instanceId)).toEqual(NODES.slice(0, 3));
    for (const d of fleet.deliveries.slice(1)) d.answer('Success');
    await turn();
    fleet.deliveries[3].answer('Success');
    const done = await engine.whenFinished(SCOPE, cmd.commandId);
    expect(done).toMatchObject({
      status: 'Success',
      statusDetails: 'Success',
      completedCount: 4,
      errorCount: 0,
    });
    expect(engine.peakInProgress(cmd.commandId)).toBe(2);
    expect(invocation(cmd.commandId, NODES[0]).plugins[0]).toMatchObject({
      status: 'Success',
      responseCode: 0,
      stdout: 'hi\n',
    });
    expect(engine.counters.CommandsSucceeded).toBe(1);
  });

  it('stops sending once errors pass MaxErrors: the rest are Cancelled / Terminated and the command Failed', async () => {
    const cmd = send({ MaxConcurrency: '1', MaxErrors: '0' });
    await turn();
    fleet.deliveries[0].answer('Failed', 2);
    const done = await engine.whenFinished(SCOPE, cmd.commandId);
    expect(done).toMatchObject({ status: 'Failed', statusDetails: 'Failed', errorCount: 1 });
    expect(fleet.deliveries).toHaveLength(1);
    expect(statuses(cmd.commandId)).toEqual([
      'Failed/Failed',
      'Cancelled/Terminated',
      'Cancelled/Terminated',
      'Cancelled/Terminated',
    ]);
    expect(engine.counters.CommandsFailed).toBe(1);
  });

  it('an offline node is Undeliverable, and does not count against MaxErrors', async () => {
    fleet.offline.add(NODES[3]);
    const cmd = send();
    await turn();
    for (const d of fleet.deliveries) d.answer('Success');
    const done = await engine.whenFinished(SCOPE, cmd.commandId);
    expect(done).toMatchObject({ status: 'Success', errorCount: 0, completedCount: 4 });
    expect(invocation(cmd.commandId, NODES[3])).toMatchObject({
      status: 'Failed',
      statusDetails: 'Undeliverable',
    });
  });
});

describe('timeouts on the virtual clock', () => {
  it('an unreachable agent is Delayed, tried again, and delivery times out after TimeoutSeconds', async () => {
    fleet.unreachable.add(NODES[0]);
    const cmd = send({ InstanceIds: [NODES[0]], TimeoutSeconds: 60 });
    await turn();
    expect(invocation(cmd.commandId, NODES[0]).status).toBe('Delayed');
    // Still unreachable after a retry.
    await clock.advance(DELIVERY_RETRY_SECONDS);
    expect(invocation(cmd.commandId, NODES[0]).status).toBe('Delayed');
    await clock.advance(60);
    const done = await engine.whenFinished(SCOPE, cmd.commandId);
    expect(done).toMatchObject({
      status: 'TimedOut',
      statusDetails: 'DeliveryTimedOut',
      deliveryTimedOutCount: 1,
    });
    expect(invocation(cmd.commandId, NODES[0]).plugins[0]).toMatchObject({
      status: 'TimedOut',
      statusDetails: 'DeliveryTimedOut',
      responseCode: -1,
    });
  });

  it('a Delayed agent that comes back before the deadline runs the command', async () => {
    fleet.unreachable.add(NODES[0]);
    const cmd = send({ InstanceIds: [NODES[0]] });
    await turn();
    fleet.unreachable.delete(NODES[0]);
    await clock.advance(DELIVERY_RETRY_SECONDS);
    expect(invocation(cmd.commandId, NODES[0]).status).toBe('InProgress');
    fleet.deliveries[0].answer('Success');
    expect((await engine.whenFinished(SCOPE, cmd.commandId)).status).toBe('Success');
  });
});

describe('cancel and reset', () => {
  it('CancelCommand ends every target Cancelled and tells running agents to stop', async () => {
    const cmd = send({ MaxConcurrency: '1' });
    await turn();
    expect(engine.cancel(SCOPE, cmd.commandId)).toBe(true);
    expect(fleet.cancelled).toEqual([`${NODES[0]}/${cmd.commandId}`]);
    const done = await engine.whenFinished(SCOPE, cmd.commandId);
    expect(done).toMatchObject({ status: 'Cancelled', statusDetails: 'Cancelled' });
    expect(statuses(cmd.commandId)).toEqual(Array(4).fill('Cancelled/Cancelled'));
    // A late result changes nothing.
    fleet.deliveries[0].answer('Success');
    await turn();
    expect(invocation(cmd.commandId, NODES[0]).status).toBe('Cancelled');
    expect(engine.cancel(SCOPE, 'no-such-command')).toBe(false);
  });

  it('a reset forgets running commands of the scope: their timers stop and nothing of them is written again', async () => {
    const cmd = send({ MaxConcurrency: '1', TimeoutSeconds: 60 });
    await turn();
    store.reset(SCOPE);
    engine.reset(SCOPE);
    fleet.deliveries[0].answer('Success');
    await clock.advance(3600);
    await turn();
    expect(engine.getCommand(SCOPE, cmd.commandId)).toBeUndefined();
    expect(engine.getInvocation(SCOPE, cmd.commandId, NODES[0])).toBeUndefined();
    expect(fleet.deliveries).toHaveLength(1);
  });
});

describe('events', () => {
  it('announce each command and invocation status change', async () => {
    const cmd = send({ InstanceIds: [NODES[0]] });
    await turn();
    fleet.deliveries[0].answer('Success');
    await engine.whenFinished(SCOPE, cmd.commandId);
    const seen = events
      .recent()
      .map(
        (e) => `${e['detail-type'].replace(/ Status-change Notification$/, '')}:${String(e.detail.status)}`,
      );
    expect(seen).toEqual([
      'EC2 Command:Pending',
      'EC2 Command Invocation:InProgress',
      'EC2 Command:InProgress',
      'EC2 Command Invocation:Success',
      'EC2 Command:Success',
    ]);
  });
});
