// CreateTags / DeleteTags / DescribeTags: instance tags are the node's tags (so tag targeting sees them);
// images, volumes and snapshots keep theirs in the EC2 registry.
import { afterEach, describe, expect, it } from 'vitest';
import { A, DB, R, WEB, setup, type Env } from './helpers.js';
import { CONNECTION_LOST_AFTER_MS } from '../../../src/engine/fleet/ping-status.js';

let env: Env;
afterEach(() => env?.dispose());

const targeted = (key: string, value: string) =>
  env.store.nodes
    .list(
      A,
      R,
      {
        conditions: [{ tagKeys: [key], values: [value] }],
        nowMs: env.clock.nowMs(),
        lostAfterMs: CONNECTION_LOST_AFTER_MS,
      },
      50,
    )
    .items.map((n) => n.instanceId);

describe('CreateTags', () => {
  it("tags instances through the node's tags, so tag targeting finds them", async () => {
    env = setup();
    expect(targeted('Patch', 'Tuesday')).toEqual([]);
    expect(
      await env.call('CreateTags', {
        Resources: [WEB, DB],
        Tags: [
          { Key: 'Patch', Value: 'Tuesday' },
          { Key: 'Name', Value: 'renamed' },
        ],
      }),
    ).toEqual({});
    expect(targeted('Patch', 'Tuesday').sort()).toEqual([WEB, DB].sort());
    expect(env.store.nodes.tags.get(A, R, WEB)).toMatchObject({ Name: 'renamed', Patch: 'Tuesday' });
  });

  it('tags images, volumes and snapshots, and DescribeTags lists them all with filters', async () => {
    env = setup();
    const { ImageId } = (await env.call('CreateImage', {
      InstanceId: WEB,
      Name: 'tagged',
      NoReboot: true,
    })) as { ImageId: string };
    const volume = (
      (await env.call('DescribeVolumes', { Filters: [{ Name: 'attachment.instance-id', Values: [DB] }] }))
        .Volumes as { VolumeId: string }[]
    )[0].VolumeId;
    await env.call('CreateTags', { Resources: [ImageId, volume], Tags: [{ Key: 'Team', Value: 'ops' }] });
    const tags = (await env.call('DescribeTags', { Filters: [{ Name: 'key', Values: ['Team'] }] })).Tags;
    expect(tags).toEqual(
      [
        { Key: 'Team', ResourceId: ImageId, ResourceType: 'image', Value: 'ops' },
        { Key: 'Team', ResourceId: volume, ResourceType: 'volume', Value: 'ops' },
      ].sort((a, b) => a.ResourceId.localeCompare(b.ResourceId)),
    );
    expect(
      (
        await env.call('DescribeTags', {
          Filters: [
            { Name: 'resource-type', Values: ['instance'] },
            { Name: 'resource-id', Values: [WEB] },
          ],
        })
      ).Tags,
    ).toEqual([
      { Key: 'Environment', ResourceId: WEB, ResourceType: 'instance', Value: 'Production' },
      { Key: 'Name', ResourceId: WEB, ResourceType: 'instance', Value: 'web-prod-1' },
      { Key: 'Role', ResourceId: WEB, ResourceType: 'instance', Value: 'WebServer' },
    ]);
    expect(
      ((await env.call('DescribeImages', { ImageIds: [ImageId] })).Images as { Tags: unknown }[])[0].Tags,
    ).toEqual([{ Key: 'Team', Value: 'ops' }]);
  });

  it('refuses unknown ids, ids of no taggable kind, reserved keys and more than 50 tags, tagging nothing', async () => {
    env = setup();
    expect(
      await env.error('CreateTags', {
        Resources: [WEB, 'i-0000000000000dead'],
        Tags: [{ Key: 'X', Value: '1' }],
      }),
    ).toEqual({
      code: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0000000000000dead' does not exist",
    });
    expect(env.store.nodes.tags.get(A, R, WEB).X).toBeUndefined();
    expect(
      await env.error('CreateTags', { Resources: ['sg-12345678'], Tags: [{ Key: 'X', Value: '1' }] }),
    ).toEqual({
      code: 'InvalidID',
      message: "The ID 'sg-12345678' is not valid",
    });
    expect(
      await env.error('CreateTags', { Resources: [WEB], Tags: [{ Key: 'aws:owner', Value: '1' }] }),
    ).toEqual({
      code: 'InvalidParameterValue',
      message: "Tag keys starting with 'aws:' are reserved for internal use",
    });
    expect(
      (
        await env.error('CreateTags', {
          Resources: ['ami-0000000000000dead'],
          Tags: [{ Key: 'X', Value: '1' }],
        })
      ).code,
    ).toBe('InvalidAMIID.NotFound');
    const many = Array.from({ length: 48 }, (_, k) => ({ Key: `k${k}`, Value: 'v' }));
    expect((await env.error('CreateTags', { Resources: [WEB], Tags: many })).code).toBe('TagLimitExceeded');
    expect(await env.error('CreateTags', { Resources: [WEB] })).toEqual({
      code: 'MissingParameter',
      message: 'The request must contain the parameter Tag',
    });
  });
});

describe('DeleteTags', () => {
  it('deletes by key, by key and value, or every tag', async () => {
    env = setup();
    await env.call('DeleteTags', { Resources: [WEB], Tags: [{ Key: 'Role', Value: 'Database' }] });
    expect(env.store.nodes.tags.get(A, R, WEB).Role).toBe('WebServer');
    await env.call('DeleteTags', { Resources: [WEB], Tags: [{ Key: 'Role' }] });
    expect(env.store.nodes.tags.get(A, R, WEB).Role).toBeUndefined();
    await env.call('DeleteTags', { Resources: [WEB] });
    expect(env.store.nodes.tags.get(A, R, WEB)).toEqual({});
    expect(env.store.nodes.tags.get(A, R, DB)).toMatchObject({ Role: 'Database' });
  });
});
