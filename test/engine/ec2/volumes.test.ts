// EBS: each EC2 node has a root volume; data volumes are created, attached and detached on the clock;
// snapshots are created, described and deleted.
import { afterEach, describe, expect, it } from 'vitest';
import { A, DB, R, WEB, setup, type Env } from './helpers.js';
import { ec2Limits } from '../../../src/engine/ec2/index.js';

let env: Env;
afterEach(() => env?.dispose());

interface Volume {
  VolumeId: string;
  State: string;
  Size: number;
  Attachments: { InstanceId: string; Device: string; State: string; DeleteOnTermination: boolean }[];
  [k: string]: unknown;
}
const volumes = async (p: Record<string, unknown> = {}) =>
  (await env.call('DescribeVolumes', p)).Volumes as Volume[];

async function dataVolume(instanceId = WEB): Promise<string> {
  const v = (await env.call('CreateVolume', {
    AvailabilityZone: 'us-east-1a',
    Size: 10,
  })) as unknown as Volume;
  expect(v.State).toBe('creating');
  await env.clock.advance(ec2Limits.VOLUME_CREATE_SECONDS);
  const attached = await env.call('AttachVolume', {
    VolumeId: v.VolumeId,
    InstanceId: instanceId,
    Device: '/dev/sdf',
  });
  expect(attached).toMatchObject({
    State: 'attaching',
    InstanceId: instanceId,
    Device: '/dev/sdf',
    VolumeId: v.VolumeId,
  });
  await env.clock.advance(ec2Limits.ATTACH_SECONDS);
  return v.VolumeId;
}

describe('DescribeVolumes', () => {
  it("lists every EC2 node's root volume, sized from the node's facts, stable across calls", async () => {
    env = setup();
    const all = await volumes();
    expect(all).toHaveLength(5);
    const db = all.find((v) => v.Attachments[0]?.InstanceId === DB)!;
    expect(db).toMatchObject({
      Size: 200,
      State: 'in-use',
      AvailabilityZone: 'us-east-1a',
      VolumeType: 'gp3',
      Encrypted: false,
      Attachments: [
        {
          InstanceId: DB,
          Device: '/dev/xvda',
          State: 'attached',
          DeleteOnTermination: true,
          VolumeId: db.VolumeId,
        },
      ],
    });
    expect((await volumes()).map((v) => v.VolumeId)).toEqual(all.map((v) => v.VolumeId));
    expect(await volumes({ Filters: [{ Name: 'attachment.instance-id', Values: [DB] }] })).toEqual([db]);
    const page = await env.call('DescribeVolumes', { MaxResults: 5 });
    expect(page.NextToken).toBeUndefined();
    expect(await env.error('DescribeVolumes', { VolumeIds: ['vol-0000000000000dead'] })).toEqual({
      code: 'InvalidVolume.NotFound',
      message: "The volume 'vol-0000000000000dead' does not exist.",
    });
  });
});

describe('DetachVolume and AttachVolume', () => {
  it('detaches a data volume: detaching, then available (what AWS-DetachEBSVolume waits for)', async () => {
    env = setup();
    const id = await dataVolume();
    expect((await volumes({ VolumeIds: [id] }))[0]).toMatchObject({
      State: 'in-use',
      Attachments: [{ State: 'attached', DeleteOnTermination: false }],
    });
    const r = await env.call('DetachVolume', { VolumeId: id });
    expect(r).toMatchObject({ State: 'detaching', InstanceId: WEB, Device: '/dev/sdf', VolumeId: id });
    expect((await volumes({ VolumeIds: [id] }))[0].State).toBe('in-use');
    await env.clock.advance(ec2Limits.DETACH_SECONDS);
    expect((await volumes({ VolumeIds: [id] }))[0]).toMatchObject({ State: 'available', Attachments: [] });
    expect(await env.error('DetachVolume', { VolumeId: id })).toEqual({
      code: 'IncorrectState',
      message: `Volume '${id}' is in the 'available' state.`,
    });
    expect(await env.call('DeleteVolume', { VolumeId: id })).toEqual({});
    expect((await env.error('DescribeVolumes', { VolumeIds: [id] })).code).toBe('InvalidVolume.NotFound');
  });

  it('refuses a root volume while the instance runs, and detaches it once stopped', async () => {
    env = setup();
    const root = (await volumes({ Filters: [{ Name: 'attachment.instance-id', Values: [WEB] }] }))[0]
      .VolumeId;
    expect(await env.error('DetachVolume', { VolumeId: root })).toEqual({
      code: 'OperationNotPermitted',
      message: `Unable to detach root volume '${root}' from instance '${WEB}'`,
    });
    await env.call('StopInstances', { InstanceIds: [WEB] });
    await env.clock.advance(60);
    await env.call('DetachVolume', { VolumeId: root, InstanceId: WEB });
    await env.clock.advance(ec2Limits.DETACH_SECONDS);
    expect(await env.error('StartInstances', { InstanceIds: [WEB] })).toEqual({
      code: 'InvalidParameterValue',
      message: `Invalid value '${WEB}' for instanceId. Instance does not have a volume attached at root (/dev/xvda)`,
    });
    await env.call('AttachVolume', { VolumeId: root, InstanceId: WEB, Device: '/dev/xvda' });
    await env.clock.advance(ec2Limits.ATTACH_SECONDS);
    await env.call('StartInstances', { InstanceIds: [WEB] });
  });

  it('refuses attaching a volume in use, a taken device, a wrong zone and a wrong instance', async () => {
    env = setup();
    const id = await dataVolume();
    expect(await env.error('AttachVolume', { VolumeId: id, InstanceId: DB, Device: '/dev/sdg' })).toEqual({
      code: 'VolumeInUse',
      message: `${id} is already attached to an instance`,
    });
    expect(await env.error('DetachVolume', { VolumeId: id, InstanceId: DB })).toEqual({
      code: 'InvalidAttachment.NotFound',
      message: `Volume '${id}' is not attached to instance '${DB}'`,
    });
    const other = (await env.call('CreateVolume', { AvailabilityZone: 'us-east-1a', Size: 1 })) as {
      VolumeId: string;
    };
    await env.clock.advance(ec2Limits.VOLUME_CREATE_SECONDS);
    expect(
      await env.error('AttachVolume', { VolumeId: other.VolumeId, InstanceId: WEB, Device: '/dev/sdf' }),
    ).toEqual({
      code: 'InvalidParameterValue',
      message: "Invalid value '/dev/sdf' for unixDevice. Attachment point /dev/sdf is already in use",
    });
    const far = (await env.call('CreateVolume', { AvailabilityZone: 'us-east-1b', Size: 1 })) as {
      VolumeId: string;
    };
    await env.clock.advance(ec2Limits.VOLUME_CREATE_SECONDS);
    expect(
      (await env.error('AttachVolume', { VolumeId: far.VolumeId, InstanceId: WEB, Device: '/dev/sdh' })).code,
    ).toBe('InvalidVolume.ZoneMismatch');
    expect(await env.error('DeleteVolume', { VolumeId: id })).toEqual({
      code: 'VolumeInUse',
      message: `Volume ${id} is currently attached to ${WEB}`,
    });
    expect(await env.error('CreateVolume', { AvailabilityZone: 'eu-west-1a', Size: 1 })).toEqual({
      code: 'InvalidParameterValue',
      message: 'Invalid availability zone: [eu-west-1a]',
    });
    expect(await env.error('CreateVolume', { AvailabilityZone: 'us-east-1a' })).toEqual({
      code: 'MissingParameter',
      message: 'The request must contain the parameter size',
    });
  });

  it('detaches volumes without DeleteOnTermination when the instance terminates', async () => {
    env = setup();
    const id = await dataVolume(DB);
    await env.call('TerminateInstances', { InstanceIds: [DB] });
    await env.clock.advance(ec2Limits.SHUTTING_DOWN_SECONDS);
    expect((await volumes({ VolumeIds: [id] }))[0]).toMatchObject({ State: 'available', Attachments: [] });
    expect(await volumes({ Filters: [{ Name: 'attachment.instance-id', Values: [DB] }] })).toEqual([]);
  });
});

describe('snapshots', () => {
  it('CreateSnapshot, DescribeSnapshots (ids, owners, filters), DeleteSnapshot', async () => {
    env = setup();
    const root = (await volumes({ Filters: [{ Name: 'attachment.instance-id', Values: [DB] }] }))[0].VolumeId;
    const s = await env.call('CreateSnapshot', {
      VolumeId: root,
      Description: 'before upgrade',
      TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'Why', Value: 'upgrade' }] }],
    });
    expect(s).toMatchObject({
      VolumeId: root,
      State: 'pending',
      VolumeSize: 200,
      OwnerId: A,
      Description: 'before upgrade',
      Tags: [{ Key: 'Why', Value: 'upgrade' }],
    });
    const id = s.SnapshotId as string;
    expect(id).toMatch(/^snap-0[0-9a-f]{16}$/);
    await env.clock.advance(ec2Limits.IMAGE_SECONDS);
    const listed = (await env.call('DescribeSnapshots', { OwnerIds: ['self'] })).Snapshots as {
      SnapshotId: string;
      State: string;
    }[];
    expect(listed).toMatchObject([{ SnapshotId: id, State: 'completed' }]);
    expect((await env.call('DescribeSnapshots', { OwnerIds: ['123456789012'] })).Snapshots).toEqual([]);
    expect(
      (await env.call('DescribeSnapshots', { Filters: [{ Name: 'volume-id', Values: [root] }] })).Snapshots,
    ).toHaveLength(1);
    expect(await env.call('DeleteSnapshot', { SnapshotId: id })).toEqual({});
    expect(await env.error('DeleteSnapshot', { SnapshotId: id })).toEqual({
      code: 'InvalidSnapshot.NotFound',
      message: `The snapshot '${id}' does not exist.`,
    });
    expect((await env.error('DeleteSnapshot', { SnapshotId: 'snap-1' })).code).toBe(
      'InvalidSnapshotID.Malformed',
    );
    expect(await env.error('DeleteSnapshot', {})).toEqual({
      code: 'MissingParameter',
      message: 'The request must contain the parameter SnapshotId',
    });
    expect(R).toBe('us-east-1');
  });
});
