// The simulated AMI registry: CreateImage snapshots the attached volumes, reboots the node unless NoReboot,
// and the image turns available on the emulator clock; DescribeImages, DeregisterImage, CopyImage.
import { afterEach, describe, expect, it } from 'vitest';
import { A, DB, SCOPE, WEB, WIN, setup, stateOf, type Env } from './helpers.js';
import { ec2Limits } from '../../../src/engine/ec2/index.js';

let env: Env;
afterEach(() => env?.dispose());

interface Image {
  ImageId: string;
  State: string;
  Name: string;
  OwnerId: string;
  BlockDeviceMappings: { DeviceName: string; Ebs: { SnapshotId: string; VolumeSize: number } }[];
  [k: string]: unknown;
}
const images = async (p: Record<string, unknown>) => (await env.call('DescribeImages', p)).Images as Image[];

describe('CreateImage', () => {
  it('registers a pending image with one snapshot per volume, reboots the node, then turns available', async () => {
    env = setup();
    const ref = { ...SCOPE, instanceId: DB };
    const { ImageId } = (await env.call('CreateImage', {
      InstanceId: DB,
      Name: 'db-backup (1)',
      Description: 'nightly',
    })) as { ImageId: string };
    expect(ImageId).toMatch(/^ami-0[0-9a-f]{16}$/);
    expect(env.fleet.isReachable(ref)).toBe(false); // rebooting
    expect(await stateOf(env, DB)).toBe('running');
    const [image] = await images({ ImageIds: [ImageId] });
    expect(image).toMatchObject({
      ImageId,
      Name: 'db-backup (1)',
      Description: 'nightly',
      State: 'pending',
      OwnerId: A,
      Public: false,
      ImageLocation: `${A}/db-backup (1)`,
      RootDeviceName: '/dev/xvda',
      PlatformDetails: 'Linux/UNIX',
      SourceInstanceId: DB,
    });
    expect(image.BlockDeviceMappings).toHaveLength(1);
    expect(image.BlockDeviceMappings[0]).toMatchObject({
      DeviceName: '/dev/xvda',
      Ebs: { VolumeSize: 200, DeleteOnTermination: true },
    });
    const snapshotId = image.BlockDeviceMappings[0].Ebs.SnapshotId;
    const snap = (
      (await env.call('DescribeSnapshots', { SnapshotIds: [snapshotId] })).Snapshots as Record<
        string,
        unknown
      >[]
    )[0];
    expect(snap).toMatchObject({
      State: 'pending',
      Progress: '0%',
      VolumeSize: 200,
      Description: `Created by CreateImage(${DB}) for ${ImageId}`,
    });

    await env.clock.advance(ec2Limits.REBOOT_SECONDS);
    expect(env.fleet.isReachable(ref)).toBe(true);
    expect((await images({ ImageIds: [ImageId] }))[0].State).toBe('pending');
    await env.clock.advance(ec2Limits.IMAGE_SECONDS);
    expect((await images({ ImageIds: [ImageId] }))[0].State).toBe('available');
    expect(
      (
        (await env.call('DescribeSnapshots', { SnapshotIds: [snapshotId] })).Snapshots as {
          State: string;
          Progress: string;
        }[]
      )[0],
    ).toMatchObject({ State: 'completed', Progress: '100%' });
  });

  it('does not reboot with NoReboot (the string "true" too) and is available sooner', async () => {
    env = setup();
    const { ImageId } = (await env.call('CreateImage', {
      InstanceId: WEB,
      Name: 'web-image',
      NoReboot: 'true',
    })) as { ImageId: string };
    expect(env.fleet.isReachable({ ...SCOPE, instanceId: WEB })).toBe(true);
    await env.clock.advance(ec2Limits.IMAGE_SECONDS);
    expect((await images({ ImageIds: [ImageId] }))[0].State).toBe('available');
  });

  it('takes tags for the image and its snapshots, and leaves out NoDevice mappings', async () => {
    env = setup();
    const { ImageId } = (await env.call('CreateImage', {
      InstanceId: WIN,
      Name: 'win-image',
      NoReboot: true,
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 50 } }],
      TagSpecifications: [
        { ResourceType: 'image', Tags: [{ Key: 'App', Value: 'win' }] },
        { ResourceType: 'snapshot', Tags: [{ Key: 'Backup', Value: 'yes' }] },
      ],
    })) as { ImageId: string };
    const [image] = await images({ ImageIds: [ImageId] });
    expect(image.Tags).toEqual([{ Key: 'App', Value: 'win' }]);
    expect(image.Platform).toBe('windows');
    expect(image.BlockDeviceMappings[0].Ebs.VolumeSize).toBe(50);
    const snaps = (
      await env.call('DescribeSnapshots', { Filters: [{ Name: 'tag:Backup', Values: ['yes'] }] })
    ).Snapshots as unknown[];
    expect(snaps).toHaveLength(1);
    const { ImageId: empty } = (await env.call('CreateImage', {
      InstanceId: WIN,
      Name: 'no-disks',
      NoReboot: true,
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', NoDevice: '' }],
    })) as { ImageId: string };
    expect((await images({ ImageIds: [empty] }))[0].BlockDeviceMappings).toEqual([]);
  });

  it('refuses a taken name, a malformed name, a missing name and an instance that is shutting down', async () => {
    env = setup();
    const { ImageId } = (await env.call('CreateImage', {
      InstanceId: WEB,
      Name: 'golden',
      NoReboot: true,
    })) as { ImageId: string };
    expect(await env.error('CreateImage', { InstanceId: DB, Name: 'golden' })).toEqual({
      code: 'InvalidAMIName.Duplicate',
      message: `AMI name golden is already in use by AMI ${ImageId}`,
    });
    expect(await env.error('CreateImage', { InstanceId: DB, Name: 'a*b' })).toEqual({
      code: 'InvalidAMIName.Malformed',
      message:
        "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'",
    });
    expect(await env.error('CreateImage', { InstanceId: DB })).toEqual({
      code: 'MissingParameter',
      message: 'The request must contain the parameter Name',
    });
    await env.call('TerminateInstances', { InstanceIds: [DB] });
    expect(await env.error('CreateImage', { InstanceId: DB, Name: 'late' })).toEqual({
      code: 'InvalidParameterValue',
      message: `Invalid value '${DB}' for instanceId. Instance is not in state 'running' or 'stopping' or 'stopped'`,
    });
    expect((await images({ Owners: ['self'] })).map((i) => i.Name)).toEqual(['golden']);
  });

  it('images a stopped instance without rebooting it', async () => {
    env = setup();
    await env.call('StopInstances', { InstanceIds: [WEB] });
    await env.clock.advance(60);
    await env.call('CreateImage', { InstanceId: WEB, Name: 'cold' });
    expect(await stateOf(env, WEB)).toBe('stopped');
    await env.clock.advance(ec2Limits.REBOOT_SECONDS + ec2Limits.IMAGE_SECONDS);
    expect(await stateOf(env, WEB)).toBe('stopped');
  });
});

describe('DescribeImages', () => {
  it('filters by name and state, by owner, and knows the public images the nodes came from', async () => {
    env = setup();
    await env.call('CreateImage', { InstanceId: WEB, Name: 'app-v1', NoReboot: true });
    await env.call('CreateImage', { InstanceId: WEB, Name: 'app-v2', NoReboot: true });
    await env.clock.advance(ec2Limits.IMAGE_SECONDS);
    await env.call('CreateImage', { InstanceId: WEB, Name: 'other', NoReboot: true });
    expect(
      (await images({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['app-*'] }] }))
        .map((i) => i.Name)
        .sort(),
    ).toEqual(['app-v1', 'app-v2']);
    expect(
      (await images({ Owners: ['self'], Filters: [{ Name: 'state', Values: ['pending'] }] })).map(
        (i) => i.Name,
      ),
    ).toEqual(['other']);
    const web = (
      (await env.call('DescribeInstances', { InstanceIds: [WEB] })).Reservations as {
        Instances: { ImageId: string }[];
      }[]
    )[0].Instances[0];
    const [base] = await images({ ImageIds: [web.ImageId] });
    expect(base).toMatchObject({ Public: true, ImageOwnerAlias: 'amazon', State: 'available' });
    expect(base.Name).toMatch(/^al2023-ami-/);
    expect((await images({ Owners: ['amazon'] })).every((i) => i.ImageOwnerAlias === 'amazon')).toBe(true);
    expect(await env.error('DescribeImages', { ImageIds: ['ami-0000000000000dead'] })).toEqual({
      code: 'InvalidAMIID.NotFound',
      message: "The image id '[ami-0000000000000dead]' does not exist",
    });
    expect(await env.error('DescribeImages', { ImageIds: ['ami-xyz'] })).toEqual({
      code: 'InvalidAMIID.Malformed',
      message: 'Invalid id: "ami-xyz" (expecting "ami-...")',
    });
  });
});

describe('DeregisterImage', () => {
  it('removes the image and frees its snapshots, or deletes them with DeleteAssociatedSnapshots', async () => {
    env = setup();
    const a = (
      (await env.call('CreateImage', { InstanceId: WEB, Name: 'keep-snaps', NoReboot: true })) as {
        ImageId: string;
      }
    ).ImageId;
    const b = (
      (await env.call('CreateImage', { InstanceId: WEB, Name: 'drop-snaps', NoReboot: true })) as {
        ImageId: string;
      }
    ).ImageId;
    const snapA = (await images({ ImageIds: [a] }))[0].BlockDeviceMappings[0].Ebs.SnapshotId;
    const snapB = (await images({ ImageIds: [b] }))[0].BlockDeviceMappings[0].Ebs.SnapshotId;
    expect(await env.error('DeleteSnapshot', { SnapshotId: snapA })).toEqual({
      code: 'InvalidSnapshot.InUse',
      message: `The snapshot ${snapA} is currently in use by ${a}`,
    });
    expect(await env.call('DeregisterImage', { ImageId: a })).toEqual({ Return: true });
    expect(await env.call('DeregisterImage', { ImageId: b, DeleteAssociatedSnapshots: true })).toEqual({
      Return: true,
      DeleteSnapshotResults: [{ SnapshotId: snapB, ReturnCode: 'success' }],
    });
    expect((await env.error('DescribeImages', { ImageIds: [a] })).code).toBe('InvalidAMIID.NotFound');
    expect(await env.call('DeleteSnapshot', { SnapshotId: snapA })).toEqual({});
    expect((await env.error('DescribeSnapshots', { SnapshotIds: [snapB] })).code).toBe(
      'InvalidSnapshot.NotFound',
    );
    expect((await env.error('DeregisterImage', { ImageId: a })).code).toBe('InvalidAMIID.NotFound');
  });
});

describe('CopyImage', () => {
  it('copies an available image into another region with its own snapshots', async () => {
    env = setup();
    const source = (
      (await env.call('CreateImage', { InstanceId: WEB, Name: 'to-copy', NoReboot: true })) as {
        ImageId: string;
      }
    ).ImageId;
    expect(
      (await env.error('CopyImage', { SourceImageId: source, SourceRegion: 'us-east-1', Name: 'copy' })).code,
    ).toBe('IncorrectState');
    await env.clock.advance(ec2Limits.IMAGE_SECONDS);
    const west = { account: A, region: 'us-west-2' };
    const { ImageId } = (await env.ec2.call(west, 'CopyImage', {
      SourceImageId: source,
      SourceRegion: 'us-east-1',
      Name: 'copy',
    })) as { ImageId: string };
    const copied = (
      (await env.ec2.call(west, 'DescribeImages', { ImageIds: [ImageId] })).Images as Image[]
    )[0];
    expect(copied).toMatchObject({ Name: 'copy', State: 'pending' });
    expect(copied.BlockDeviceMappings[0].Ebs.SnapshotId).not.toBe(
      (await images({ ImageIds: [source] }))[0].BlockDeviceMappings[0].Ebs.SnapshotId,
    );
  });
});
