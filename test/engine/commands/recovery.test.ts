// Run Command across a restart: a second engine on the same store takes up what the first left unfinished,
// as AWS's service and a restarted agent would (src/engine/commands/recovery.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRoot } from '../../../src/engine/files.js';
import { Store } from '../../../src/store/index.js';
import { Clock } from '../../../src/engine/clock.js';
import { EventBus } from '../../../src/engine/events.js';
import { silentLogger } from '../../../src/engine/logger.js';
import { CommandEngine } from '../../../src/engine/commands/engine.js';
import { COMMAND_RETRY_LIMIT } from '../../../src/engine/commands/limits.js';
import type { KeyRegistry } from '../../../src/engine/parameters/kms.js';
import type { SendCommandRequest } from '../../../src/model/generated/types.js';
import { FakeFleet } from './fake-fleet.js';

const SCOPE = { account: '000000000000', region: 'us-east-1' };
const T0 = Date.parse('2026-03-01T00:00:00Z');
const A = 'i-00000000000000001';
const B = 'i-00000000000000002';

let store: Store;
let clock: Clock;
let files: FileRoot;
const engines: CommandEngine[] = [];
const turn = () => new Promise<void>((r) => setImmediate(r));

/** An engine on the shared store (what a restarted emulator finds on disk), with a fresh fleet of agents. */
function startEngine(fleet = fleetOf([A, B])): { engine: CommandEngine; fleet: FakeFleet } {
  const engine = new CommandEngine({
    config: { dataDir: '', inMemory: true },
    files,
    store,
    clock,
    events: new EventBus(clock),
    fleet,
    keys: {} as KeyRegistry,
    log: silentLogger,
  });
  engines.push(engine);
  engine.start();
  return { engine, fleet };
}

function fleetOf(ids: string[]): FakeFleet {
  const f = new FakeFleet();
  for (const id of ids) f.add(id);
  return f;
}

beforeEach(() => {
  store = Store.open({ dataDir: '', inMemory: true });
  clock = new Clock(() => T0);
  clock.freeze();
  files = new FileRoot({ dataDir: '', inMemory: true });
});
afterEach(() => {
  for (const e of engines.splice(0)) e.close();
  clock.dispose();
  store.close();
  files.close();
});

const send = (engine: CommandEngine, input: Partial<SendCommandRequest> = {}) =>
  engine.send(SCOPE, {
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: [A, B],
    Parameters: { commands: ['echo hi'] },
    ...input,
  });

/** The first engine stops (its writes flushed, as SIGTERM does) with the command in flight. */
async function inFlight(input: Partial<SendCommandRequest> = {}, fleet?: FakeFleet) {
  const first = startEngine(fleet);
  const cmd = send(first.engine, input);
  await turn();
  first.engine.close();
  return { commandId: cmd.commandId, first };
}

const stored = (commandId: string, id: string) =>
  store.commands.getInvocation(SCOPE.account, SCOPE.region, commandId, id)!;

describe('after a restart', () => {
  it('the invocation that was running is run again by the restarted agent; the rest follow; the command ends', async () => {
    const { commandId, first } = await inFlight({ MaxConcurrency: '1' });
    expect(first.fleet.deliveries.map((d) => d.instanceId)).toEqual([A]);
    expect([stored(commandId, A).status, stored(commandId, B).status]).toEqual(['InProgress', 'Pending']);

    const { engine, fleet } = startEngine();
    // Active at once: the command is known to CancelCommand and to waiters before anything is sent.
    const done = engine.whenFinished(SCOPE, commandId);
    await turn();
    expect(fleet.deliveries.map((d) => d.instanceId)).toEqual([A]); // within MaxConcurrency 1, A first
    fleet.deliveries[0].answer('Success', 0, 'again\n');
    await turn();
    expect(fleet.deliveries.map((d) => d.instanceId)).toEqual([A, B]);
    fleet.deliveries[1].answer('Success');
    expect(await done).toMatchObject({ status: 'Success', completedCount: 2, errorCount: 0 });
    expect(engine.getInvocation(SCOPE, commandId, A)).toMatchObject({
      status: 'Success',
      agentRunCount: 2,
      plugins: [{ status: 'Success', stdout: 'again\n' }],
    });
  });

  it('a Pending invocation whose agent stays away ends DeliveryTimedOut at the moment set before the restart', async () => {
    const away = fleetOf([A, B]);
    away.unreachable.add(A);
    away.unreachable.add(B);
    const { commandId } = await inFlight({ TimeoutSeconds: 60 }, away);
    expect(stored(commandId, A).status).toBe('Delayed');
    await clock.advance(30);
    const still = fleetOf([A, B]);
    still.unreachable.add(A);
    still.unreachable.add(B);
    const { engine } = startEngine(still);
    await turn();
    await clock.advance(29);
    expect(engine.getInvocation(SCOPE, commandId, A)!.status).toBe('Delayed');
    await clock.advance(1); // 60 s after SendCommand, as before the restart
    expect(engine.getCommand(SCOPE, commandId)).toMatchObject({
      status: 'TimedOut',
      statusDetails: 'DeliveryTimedOut',
    });
    expect(engine.getInvocation(SCOPE, commandId, A)).toMatchObject({
      status: 'TimedOut',
      statusDetails: 'DeliveryTimedOut',
    });
  });

  it('a re-run its agent never answers ends at ExpiresAfter, and the agent is told to stop', async () => {
    const { commandId } = await inFlight({ TimeoutSeconds: 60 });
    const { engine, fleet } = startEngine();
    await turn();
    expect(fleet.deliveries).toHaveLength(2);
    const cmd = engine.getCommand(SCOPE, commandId)!;
    await clock.advance((cmd.expiresAfterMs - T0) / 1000);
    expect(engine.getCommand(SCOPE, commandId)).toMatchObject({ status: 'TimedOut' });
    expect(fleet.cancelled.sort()).toEqual([`${A}/${commandId}`, `${B}/${commandId}`]);
  });

  it('CancelCommand cancels a recovered command', async () => {
    const { commandId } = await inFlight();
    const { engine, fleet } = startEngine();
    expect(engine.cancel(SCOPE, commandId)).toBe(true);
    expect(await engine.whenFinished(SCOPE, commandId)).toMatchObject({ status: 'Cancelled' });
    await turn();
    expect(fleet.deliveries).toEqual([]);
  });

  it('an invocation on a standalone agent (another process) is not run again: it waits for its report or ExpiresAfter', async () => {
    const { commandId } = await inFlight({ InstanceIds: [A] });
    const fleet = fleetOf([A, B]);
    fleet.nodes.get(A)!.agentKind = 'standalone';
    const { engine } = startEngine(fleet);
    await turn();
    expect(fleet.deliveries).toEqual([]);
    expect(engine.getInvocation(SCOPE, commandId, A)!.status).toBe('InProgress');
    await clock.advance((engine.getCommand(SCOPE, commandId)!.expiresAfterMs - T0) / 1000);
    expect(engine.getInvocation(SCOPE, commandId, A)).toMatchObject({
      status: 'TimedOut',
      statusDetails: 'DeliveryTimedOut',
    });
  });

  it("past the agent's retry limit a running invocation is given up: nothing is sent, ExpiresAfter ends it", async () => {
    const { commandId } = await inFlight({ InstanceIds: [A] });
    store.commands.putInvocation({ ...stored(commandId, A), agentRunCount: COMMAND_RETRY_LIMIT });
    const { engine, fleet } = startEngine();
    await turn();
    expect(fleet.deliveries).toEqual([]);
    await clock.advance((engine.getCommand(SCOPE, commandId)!.expiresAfterMs - T0) / 1000);
    expect(engine.getCommand(SCOPE, commandId)!.status).toBe('TimedOut');
  });

  it('a command whose invocations all ended before the stop gets its final status', async () => {
    const { commandId } = await inFlight();
    for (const id of [A, B]) {
      const inv = stored(commandId, id);
      store.commands.putInvocation({ ...inv, status: 'Success', statusDetails: 'Success' });
    }
    const { engine, fleet } = startEngine();
    await turn();
    expect(fleet.deliveries).toEqual([]);
    expect(engine.getCommand(SCOPE, commandId)).toMatchObject({ status: 'Success' });
  });

  it('finished commands are left alone', async () => {
    const first = startEngine();
    const cmd = send(first.engine);
    await turn();
    for (const d of first.fleet.deliveries) d.answer('Success');
    await first.engine.whenFinished(SCOPE, cmd.commandId);
    first.engine.close();
    const { fleet } = startEngine();
    await turn();
    expect(fleet.deliveries).toEqual([]);
  });
});
