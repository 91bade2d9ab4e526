// State survives a restart of the emulator: the fleet reloads its nodes Online, and the simulated EC2 takes
// the stopped ones down again and finishes the transitions that fell due meanwhile.
import { afterEach, describe, expect, it } from 'vitest';
import { Ec2Simulator, ec2Limits } from '../../../src/engine/ec2/index.js';
import { CONNECTION_LOST_AFTER_MS } from '../../../src/engine/fleet/ping-status.js';
import { DB, SCOPE, WEB, newFleet, setup, stateOf, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.dispose());

describe('start()', () => {
  it('re-applies a stop to the reloaded fleet, backdated to the moment the agent went away', async () => {
    env = setup();
    await env.call('StopInstances', { InstanceIds: [WEB] });
    await env.clock.advance(CONNECTION_LOST_AFTER_MS / 1000 + 1);
    // A restart: a new fleet over the same store loads the demo nodes Online again.
    env.clock.dispose();
    const fleet = newFleet(env.store, env.clock);
    fleet.start();
    expect(fleet.isReachable({ ...SCOPE, instanceId: WEB })).toBe(true);
    const ec2 = new Ec2Simulator({ store: env.store, clock: env.clock, fleet });
    ec2.start();
    const node = fleet.node({ ...SCOPE, instanceId: WEB })!;
    expect(fleet.isReachable(node)).toBe(false);
    expect(fleet.pingStatus(node)).toBe('ConnectionLost');
    expect(fleet.isReachable({ ...SCOPE, instanceId: DB })).toBe(true);
  });

  it('finishes transitions whose time passed while it was down, and re-arms the others', async () => {
    env = setup();
    await env.call('StopInstances', { InstanceIds: [WEB] });
    await env.clock.advance(ec2Limits.STOPPING_SECONDS / 2);
    await env.call('CreateImage', { InstanceId: DB, Name: 'while-down', NoReboot: true });
    env.clock.dispose(); // the timers are lost, as in a process that exits
    await env.clock.advance(ec2Limits.STOPPING_SECONDS / 2);
    const fleet = newFleet(env.store, env.clock);
    fleet.start();
    const ec2 = new Ec2Simulator({ store: env.store, clock: env.clock, fleet });
    ec2.start();
    env = { ...env, ec2, fleet, call: (api, p = {}) => ec2.call(SCOPE, api, p) };
    expect(await stateOf(env, WEB)).toBe('stopped');
    const image = async () =>
      ((await env.call('DescribeImages', { Owners: ['self'] })).Images as { State: string }[])[0].State;
    expect(await image()).toBe('pending');
    expect(env.clock.pendingTimers()).toBeGreaterThan(0);
    await env.clock.advance(ec2Limits.IMAGE_SECONDS - ec2Limits.STOPPING_SECONDS / 2);
    expect(await image()).toBe('available');
  });

  it('after a reset the instances are back to running with their agents', async () => {
    env = setup();
    await env.call('StopInstances', { InstanceIds: [WEB] });
    env.store.reset(SCOPE);
    env.fleet.reset(SCOPE);
    expect(await stateOf(env, WEB)).toBe('running');
    expect(env.fleet.isReachable({ ...SCOPE, instanceId: WEB })).toBe(true);
    await env.clock.advance(ec2Limits.STOPPING_SECONDS); // the old timer finds nothing to do
    expect(await stateOf(env, WEB)).toBe('running');
  });
});
