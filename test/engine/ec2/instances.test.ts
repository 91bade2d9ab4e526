// Instances of the simulated EC2 are the fleet's EC2 nodes: described as boto3 does, with power states that
// move on the emulator clock and take the node's agent down and up.
import { afterEach, describe, expect, it } from 'vitest';
import { A, DB, R, SCOPE, WEB, WIN, setup, stateOf, T0, type Env } from './helpers.js';
import { CONNECTION_LOST_AFTER_MS } from '../../../src/engine/fleet/ping-status.js';
import { ec2Limits } from '../../../src/engine/ec2/index.js';

let env: Env;
afterEach(() => env?.dispose());

interface Instance {
  InstanceId: string;
  State: { Code: number; Name: string };
  [k: string]: unknown;
}
const instancesOf = (r: Record<string, unknown>) =>
  (r.Reservations as { Instances: Instance[] }[]).flatMap((x) => x.Instances);

describe('DescribeInstances', () => {
  it('lists every EC2 node of the fleet as a running instance, one reservation each', async () => {
    env = setup();
    const r = await env.call('DescribeInstances');
    const reservations = r.Reservations as {
      ReservationId: string;
      OwnerId: string;
      Instances: Instance[];
    }[];
    expect(reservations).toHaveLength(5);
    expect(reservations[0].ReservationId).toMatch(/^r-0[0-9a-f]{16}$/);
    expect(reservations[0].OwnerId).toBe(A);
    expect(r.NextToken).toBeUndefined();
    const web = instancesOf(r).find((i) => i.InstanceId === WEB)!;
    expect(web).toMatchObject({
      InstanceId: WEB,
      InstanceType: 't3.medium',
      State: { Code: 16, Name: 'running' },
      PrivateIpAddress: '10.0.1.10',
      PrivateDnsName: 'ip-10-0-1-10.ec2.internal',
      Placement: { AvailabilityZone: 'us-east-1a' },
      PlatformDetails: 'Linux/UNIX',
      RootDeviceName: '/dev/xvda',
      RootDeviceType: 'ebs',
      LaunchTime: new Date(T0).toISOString(),
      IamInstanceProfile: { Arn: `arn:aws:iam::${A}:instance-profile/SSMInstanceProfile` },
      Tags: expect.arrayContaining([{ Key: 'Environment', Value: 'Production' }]) as unknown,
    });
    expect(web.ImageId).toMatch(/^ami-0[0-9a-f]{16}$/);
    expect(web.Platform).toBeUndefined();
    const bdm = web.BlockDeviceMappings as { DeviceName: string; Ebs: Record<string, unknown> }[];
    expect(bdm).toEqual([
      {
        DeviceName: '/dev/xvda',
        Ebs: {
          AttachTime: new Date(T0).toISOString(),
          DeleteOnTermination: true,
          Status: 'attached',
          VolumeId: expect.stringMatching(/^vol-0[0-9a-f]{16}$/) as unknown,
        },
      },
    ]);
    const win = instancesOf(r).find((i) => i.InstanceId === WIN)!;
    expect(win).toMatchObject({
      Platform: 'windows',
      PlatformDetails: 'Windows',
      UsageOperation: 'RunInstances:0002',
      RootDeviceName: '/dev/sda1',
    });
  });

  it('describes named instances, and refuses unknown, malformed and hybrid ids with EC2 errors', async () => {
    env = setup();
    expect(
      instancesOf(await env.call('DescribeInstances', { InstanceIds: [DB, WEB] })).map((i) => i.InstanceId),
    ).toEqual([DB, WEB]);
    expect(await env.error('DescribeInstances', { InstanceIds: ['i-0000000000000dead'] })).toEqual({
      code: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0000000000000dead' does not exist",
    });
    expect(
      await env.error('DescribeInstances', {
        InstanceIds: ['i-0000000000000dead', 'i-0000000000000beef', WEB],
      }),
    ).toEqual({
      code: 'InvalidInstanceID.NotFound',
      message: "The instance IDs 'i-0000000000000dead, i-0000000000000beef' do not exist",
    });
    expect(await env.error('DescribeInstances', { InstanceIds: ['web-1'] })).toEqual({
      code: 'InvalidInstanceID.Malformed',
      message: 'Invalid id: "web-1"',
    });
    expect((await env.error('DescribeInstances', { InstanceIds: ['mi-0123456789abcdef0'] })).code).toBe(
      'InvalidInstanceID.Malformed',
    );
  });

  it('filters by state, tags, tag keys and instance id, with wildcards', async () => {
    env = setup();
    const ids = async (Filters: unknown) =>
      instancesOf(await env.call('DescribeInstances', { Filters }))
        .map((i) => i.InstanceId)
        .sort();
    expect(await ids([{ Name: 'tag:Environment', Values: ['Production'] }])).toEqual([WEB, DB].sort());
    expect(await ids([{ Name: 'tag:Name', Values: ['dev-*'] }])).toHaveLength(2);
    expect(await ids([{ Name: 'tag-key', Values: ['Role'] }])).toHaveLength(5);
    expect(await ids([{ Name: 'instance-state-name', Values: ['stopped'] }])).toEqual([]);
    expect(
      await ids([
        { Name: 'instance-id', Values: [WEB] },
        { Name: 'instance-state-name', Values: ['running'] },
      ]),
    ).toEqual([WEB]);
    expect(await ids([{ Name: 'platform', Values: ['windows'] }])).toEqual([WIN]);
    const reservation = (
      (await env.call('DescribeInstances', { InstanceIds: [DB] })).Reservations as { ReservationId: string }[]
    )[0].ReservationId;
    expect(
      await ids([
        { Name: 'reservation-id', Values: [reservation] },
        { Name: 'owner-id', Values: [A] },
      ]),
    ).toEqual([DB]);
    expect(await env.error('DescribeInstances', { Filters: [{ Name: 'colour', Values: ['blue'] }] })).toEqual(
      {
        code: 'InvalidParameterValue',
        message: "The filter 'colour' is invalid",
      },
    );
  });

  it('pages with MaxResults and NextToken, and refuses MaxResults with InstanceIds', async () => {
    env = setup();
    const first = await env.call('DescribeInstances', {
      MaxResults: 5,
      Filters: [{ Name: 'tag-key', Values: ['Name'] }],
    });
    expect(instancesOf(first)).toHaveLength(5);
    expect(first.NextToken).toBeUndefined();
    env.fleet.seed(
      Array.from({ length: 4 }, (_, k) => ({
        ...env.fleet.node({ ...SCOPE, instanceId: WEB })!,
        instanceId: `i-0000000000000000${k}`,
        tags: {},
        faults: { offline: false, latencySeconds: 0, failureProbability: 0, hang: false },
        profile: env.fleet.profile(env.fleet.node({ ...SCOPE, instanceId: WEB })!)!,
        platformType: 'Linux' as const,
        source: 'control' as const,
      })),
    );
    const p1 = await env.call('DescribeInstances', { MaxResults: 5 });
    expect(instancesOf(p1)).toHaveLength(5);
    const p2 = await env.call('DescribeInstances', { MaxResults: 5, NextToken: p1.NextToken });
    expect(instancesOf(p2)).toHaveLength(4);
    expect(p2.NextToken).toBeUndefined();
    expect(new Set([...instancesOf(p1), ...instancesOf(p2)].map((i) => i.InstanceId)).size).toBe(9);
    expect((await env.error('DescribeInstances', { MaxResults: 5, InstanceIds: [WEB] })).code).toBe(
      'InvalidParameterCombination',
    );
    expect((await env.error('DescribeInstances', { MaxResults: 2 })).code).toBe('InvalidParameterValue');
  });
});

describe('StopInstances and StartInstances', () => {
  it('stops on the clock (stopping -> stopped), takes the agent away, and starts it again', async () => {
    env = setup();
    const ref = { ...SCOPE, instanceId: WEB };
    expect(env.fleet.isReachable(ref)).toBe(true);
    const stop = await env.call('StopInstances', { InstanceIds: [WEB] });
    expect(stop).toEqual({
      StoppingInstances: [
        {
          CurrentState: { Code: 64, Name: 'stopping' },
          InstanceId: WEB,
          PreviousState: { Code: 16, Name: 'running' },
        },
      ],
    });
    // The OS shuts down at once: Run Command cannot deliver to it any more.
    expect(env.fleet.isReachable(ref)).toBe(false);
    expect(
      env.fleet.runCommand(ref, { commandId: 'c1', documentName: 'AWS-RunShellScript', steps: [] }),
    ).toBeUndefined();
    await env.clock.advance(ec2Limits.STOPPING_SECONDS - 1);
    expect(await stateOf(env, WEB)).toBe('stopping');
    await env.clock.advance(1);
    expect(await stateOf(env, WEB)).toBe('stopped');
    const described = instancesOf(await env.call('DescribeInstances', { InstanceIds: [WEB] }))[0];
    expect(described.StateReason).toEqual({
      Code: 'Client.UserInitiatedShutdown',
      Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
    });
    expect(described.StateTransitionReason).toBe('User initiated (2026-03-01 00:00:00 GMT)');
    // The agent is gone: its node turns ConnectionLost once two pings are missed, as any silent agent.
    expect(env.fleet.pingStatus(env.fleet.node(ref)!)).toBe('Online');
    await env.clock.advance(CONNECTION_LOST_AFTER_MS / 1000);
    expect(env.fleet.pingStatus(env.fleet.node(ref)!)).toBe('ConnectionLost');

    const start = await env.call('StartInstances', { InstanceIds: [WEB] });
    expect(start.StartingInstances).toEqual([
      {
        CurrentState: { Code: 0, Name: 'pending' },
        InstanceId: WEB,
        PreviousState: { Code: 80, Name: 'stopped' },
      },
    ]);
    expect(env.fleet.isReachable(ref)).toBe(false);
    await env.clock.advance(ec2Limits.PENDING_SECONDS);
    expect(await stateOf(env, WEB)).toBe('running');
    expect(env.fleet.isReachable(ref)).toBe(true);
    expect(env.fleet.pingStatus(env.fleet.node(ref)!)).toBe('Online');
    const restarted = instancesOf(await env.call('DescribeInstances', { InstanceIds: [WEB] }))[0];
    expect(restarted.LaunchTime).toBe(
      new Date(env.clock.nowMs() - ec2Limits.PENDING_SECONDS * 1000).toISOString(),
    );
    expect(restarted.StateReason).toBeUndefined();
  });

  it('is idempotent on instances already there, and Force hurries a stop', async () => {
    env = setup();
    expect((await env.call('StartInstances', { InstanceIds: [WEB] })).StartingInstances).toEqual([
      {
        CurrentState: { Code: 16, Name: 'running' },
        InstanceId: WEB,
        PreviousState: { Code: 16, Name: 'running' },
      },
    ]);
    await env.call('StopInstances', { InstanceIds: [WEB] });
    await env.call('StopInstances', { InstanceIds: [WEB], Force: true });
    await env.clock.advance(ec2Limits.FORCED_STOPPING_SECONDS);
    expect(await stateOf(env, WEB)).toBe('stopped');
    expect((await env.call('StopInstances', { InstanceIds: [WEB] })).StoppingInstances).toEqual([
      {
        CurrentState: { Code: 80, Name: 'stopped' },
        InstanceId: WEB,
        PreviousState: { Code: 80, Name: 'stopped' },
      },
    ]);
  });

  it('refuses transitions EC2 refuses, changing nothing', async () => {
    env = setup();
    await env.call('StopInstances', { InstanceIds: [WEB] });
    expect(await env.error('StartInstances', { InstanceIds: [DB, WEB] })).toEqual({
      code: 'IncorrectInstanceState',
      message: `The instance '${WEB}' is not in a state from which it can be started.`,
    });
    expect(await stateOf(env, DB)).toBe('running');
    await env.clock.advance(60);
    await env.call('StartInstances', { InstanceIds: [WEB] });
    expect(await env.error('StopInstances', { InstanceIds: [WEB] })).toEqual({
      code: 'IncorrectInstanceState',
      message: `Instance '${WEB}' cannot be stopped as it has never reached the 'running' state.`,
    });
    expect(await env.error('StopInstances', {})).toEqual({
      code: 'MissingParameter',
      message: 'The request must contain the parameter InstanceId',
    });
  });
});

describe('RebootInstances', () => {
  it('keeps the state running while the agent is away for the reboot', async () => {
    env = setup();
    const ref = { ...SCOPE, instanceId: DB };
    expect(await env.call('RebootInstances', { InstanceIds: [DB] })).toEqual({});
    expect(await stateOf(env, DB)).toBe('running');
    expect(env.fleet.isReachable(ref)).toBe(false);
    await env.clock.advance(ec2Limits.REBOOT_SECONDS);
    expect(env.fleet.isReachable(ref)).toBe(true);
  });

  it('refuses an instance that is not running', async () => {
    env = setup();
    await env.call('StopInstances', { InstanceIds: [DB] });
    expect(await env.error('RebootInstances', { InstanceIds: [DB] })).toEqual({
      code: 'IncorrectInstanceState',
      message: `The instance '${DB}' is not in a state from which it can be rebooted.`,
    });
  });
});

describe('TerminateInstances', () => {
  it('shuts down, stays terminated, deletes the root volume and cannot start again', async () => {
    env = setup();
    const ref = { ...SCOPE, instanceId: WEB };
    const rootVolume = (
      instancesOf(await env.call('DescribeInstances', { InstanceIds: [WEB] }))[0].BlockDeviceMappings as {
        Ebs: { VolumeId: string };
      }[]
    )[0].Ebs.VolumeId;
    expect((await env.call('TerminateInstances', { InstanceIds: [WEB] })).TerminatingInstances).toEqual([
      {
        CurrentState: { Code: 32, Name: 'shutting-down' },
        InstanceId: WEB,
        PreviousState: { Code: 16, Name: 'running' },
      },
    ]);
    expect(env.fleet.isReachable(ref)).toBe(false);
    await env.clock.advance(ec2Limits.SHUTTING_DOWN_SECONDS);
    const gone = instancesOf(await env.call('DescribeInstances', { InstanceIds: [WEB] }))[0];
    expect(gone.State).toEqual({ Code: 48, Name: 'terminated' });
    expect(gone.PrivateIpAddress).toBeUndefined();
    expect(gone.BlockDeviceMappings).toEqual([]);
    expect((await env.error('DescribeVolumes', { VolumeIds: [rootVolume] })).code).toBe(
      'InvalidVolume.NotFound',
    );
    expect((await env.error('StartInstances', { InstanceIds: [WEB] })).code).toBe('IncorrectInstanceState');
    expect(await env.error('StopInstances', { InstanceIds: [WEB] })).toEqual({
      code: 'IncorrectInstanceState',
      message: `This instance '${WEB}' is not in a state from which it can be stopped.`,
    });
    expect((await env.call('TerminateInstances', { InstanceIds: [WEB] })).TerminatingInstances).toEqual([
      {
        CurrentState: { Code: 48, Name: 'terminated' },
        InstanceId: WEB,
        PreviousState: { Code: 48, Name: 'terminated' },
      },
    ]);
    await env.clock.advance(3600);
    expect(env.fleet.isReachable(ref)).toBe(false);
  });
});

describe('DescribeInstanceStatus', () => {
  it('reports running instances ok, initializing after a start, and the others only with IncludeAllInstances', async () => {
    env = setup();
    const statuses = async (p: Record<string, unknown> = {}) =>
      (await env.call('DescribeInstanceStatus', p)).InstanceStatuses as {
        InstanceId: string;
        InstanceStatus: { Status: string };
        SystemStatus: { Status: string };
      }[];
    expect(await statuses()).toHaveLength(5);
    expect((await statuses({ InstanceIds: [WEB] }))[0]).toEqual({
      AvailabilityZone: 'us-east-1a',
      InstanceId: WEB,
      InstanceState: { Code: 16, Name: 'running' },
      InstanceStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
      SystemStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
    });
    await env.call('StopInstances', { InstanceIds: [WEB] });
    expect(await statuses({ InstanceIds: [WEB] })).toEqual([]);
    expect((await statuses({ InstanceIds: [WEB], IncludeAllInstances: true }))[0].InstanceStatus).toEqual({
      Status: 'not-applicable',
    });
    await env.clock.advance(60);
    await env.call('StartInstances', { InstanceIds: [WEB] });
    await env.clock.advance(ec2Limits.PENDING_SECONDS);
    expect((await statuses({ InstanceIds: [WEB] }))[0].InstanceStatus.Status).toBe('initializing');
    await env.clock.advance(ec2Limits.STATUS_INITIALIZING_SECONDS);
    expect((await statuses({ InstanceIds: [WEB] }))[0].InstanceStatus.Status).toBe('ok');
    expect(await statuses({ Filters: [{ Name: 'instance-status.status', Values: ['impaired'] }] })).toEqual(
      [],
    );
  });
});

describe('the call entry point', () => {
  it('answers an unknown API with InvalidAction', async () => {
    env = setup();
    expect(await env.error('RunInstances', {})).toEqual({
      code: 'InvalidAction',
      message: 'The action RunInstances is not valid for this web service.',
    });
  });

  it('keeps regions apart', async () => {
    env = setup();
    const other = await env.ec2.call({ account: A, region: 'eu-west-1' }, 'DescribeInstances', {});
    expect(other.Reservations).toEqual([]);
    expect(R).toBe('us-east-1');
  });
});
