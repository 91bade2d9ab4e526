// Tags on managed nodes live with the fleet, so the tag filters of DescribeInstanceInformation see them.
import {
  AddTagsToResourceCommand,
  DescribeInstanceInformationCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-ssm';
import { beforeAll, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';

const server = useServer();
const ID = 'mi-0000000000000abcd';
beforeAll(async () => {
  const r = await server.control('POST', '/_emulator/nodes', {
    id: ID,
    name: 'hybrid-1',
    os: 'ubuntu-22.04',
  });
  expect(r.status).toBe(201);
});

it('adds, lists and removes tags of a managed node, and filters see them', async () => {
  const ssm = server.client();
  await ssm.send(
    new AddTagsToResourceCommand({
      ResourceType: 'ManagedInstance',
      ResourceId: ID,
      Tags: [{ Key: 'Team', Value: 'Blue' }],
    }),
  );
  const listed = await ssm.send(
    new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: ID }),
  );
  expect(listed.TagList).toContainEqual({ Key: 'Team', Value: 'Blue' });

  const found = await ssm.send(
    new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:Team', Values: ['Blue'] }] }),
  );
  expect(found.InstanceInformationList?.map((i) => i.InstanceId)).toEqual([ID]);

  await ssm.send(
    new RemoveTagsFromResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: ID, TagKeys: ['Team'] }),
  );
  const after = await ssm.send(
    new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: ID }),
  );
  expect(after.TagList?.find((t) => t.Key === 'Team')).toBeUndefined();
});

it('refuses an EC2 instance id as a ManagedInstance with InvalidResourceType', async () => {
  const e = await sdkError(() =>
    server.client().send(
      new ListTagsForResourceCommand({
        ResourceType: 'ManagedInstance',
        ResourceId: 'i-0123456789abcdef0',
      }),
    ),
  );
  expect(e.name).toBe('InvalidResourceType');
  expect(e.message).toBe('UnknownError'); // AWS sends this error with no message; the SDK fills in its placeholder
});

it('refuses an unknown managed node with InvalidResourceId', async () => {
  const e = await sdkError(() =>
    server.client().send(
      new ListTagsForResourceCommand({
        ResourceType: 'ManagedInstance',
        ResourceId: 'mi-00000000000000fff',
      }),
    ),
  );
  expect(e.name).toBe('InvalidResourceId');
  expect(e.message).toBe('UnknownError');
});
