// The four EC2 Automation actions, called directly with a fake ActionContext on the virtual clock.
import { afterEach, describe, expect, it } from 'vitest';
import { changeInstanceState } from '../../../src/engine/automation/actions/change-instance-state.js';
import { createImage } from '../../../src/engine/automation/actions/create-image.js';
import { deleteImage } from '../../../src/engine/automation/actions/delete-image.js';
import { createTags } from '../../../src/engine/automation/actions/create-tags.js';
import { ActionInputError } from '../../../src/engine/automation/actions/types.js';
import {
  A,
  DB,
  R,
  SCOPE,
  WEB,
  actionContext,
  drive,
  setup,
  stateOf,
  type FailedResult,
  type Env,
} from './helpers.js';

let env: Env;
afterEach(() => env?.dispose());

describe('aws:changeInstanceState', () => {
  it('stops, then starts (AWS-RestartEC2Instance), waiting on the clock until each state is reached', async () => {
    env = setup();
    const ref = { ...SCOPE, instanceId: WEB };
    const stop = await drive(
      env,
      changeInstanceState(actionContext(env, { InstanceIds: [WEB], DesiredState: 'stopped' })),
    );
    expect(stop.value).toEqual({ status: 'Success' });
    expect(stop.seconds).toBeGreaterThanOrEqual(10);
    expect(await stateOf(env, WEB)).toBe('stopped');
    expect(env.fleet.isReachable(ref)).toBe(false);
    const start = await drive(
      env,
      changeInstanceState(actionContext(env, { InstanceIds: WEB, DesiredState: 'running' })),
    );
    expect(start.value).toEqual({ status: 'Success' });
    // running waits for the status checks too: past pending and initializing.
    expect(start.seconds).toBeGreaterThanOrEqual(15);
    expect(env.fleet.isReachable(ref)).toBe(true);
  });

  it('CheckStateOnly waits for the state without changing it', async () => {
    env = setup();
    const check = changeInstanceState(
      actionContext(env, { InstanceIds: [DB], DesiredState: 'stopped', CheckStateOnly: 'true' }),
    );
    const early = await drive(env, check, 30);
    expect(early.value).toBeUndefined();
    expect(await stateOf(env, DB)).toBe('running');
    await env.call('StopInstances', { InstanceIds: [DB] });
    const done = await drive(env, check, 60);
    expect(done.value).toEqual({ status: 'Success' });
  });

  it('fails with AWS-shaped text for an unknown instance, and at once for a terminated one', async () => {
    env = setup();
    const r = (await changeInstanceState(
      actionContext(env, { InstanceIds: ['i-0000000000000dead'], DesiredState: 'stopped' }),
    )) as FailedResult;
    expect(r.status).toBe('Failed');
    expect(r.failure.type).toBe('Execution');
    // The runner frames it: "Step fails when it is <phase>. <message>. Please refer to ...".
    expect(r.failure.phase).toBe('changing the instance state');
    expect(r.failure.message).toMatch(
      /^Get Exception from StopInstances API of ec2 Service\. Exception Message from StopInstances API: \[The instance ID 'i-0000000000000dead' does not exist \(Service: AmazonEC2; Status Code: 400; Error Code: InvalidInstanceID\.NotFound; Request ID: [0-9a-f-]{36}; Proxy: null\)\]$/,
    );
    await env.call('TerminateInstances', { InstanceIds: [DB] });
    const dead = await drive(
      env,
      changeInstanceState(
        actionContext(env, { InstanceIds: [DB], DesiredState: 'running', CheckStateOnly: true }),
      ),
      60,
    );
    expect(dead.value).toMatchObject({
      status: 'Failed',
      failure: {
        message: `Instance ${DB} is in shutting-down state and cannot reach the desired state running`,
      },
    });
  });

  it('refuses a bad DesiredState as a verification problem', async () => {
    env = setup();
    await expect(
      changeInstanceState(actionContext(env, { InstanceIds: [WEB], DesiredState: 'paused' })),
    ).rejects.toBeInstanceOf(ActionInputError);
    await expect(changeInstanceState(actionContext(env, { DesiredState: 'running' }))).rejects.toThrow(
      'aws:changeInstanceState needs the input InstanceIds.',
    );
  });
});

describe('aws:createImage', () => {
  it('creates the image, waits until it is available and outputs ImageId and ImageState; the node reboots', async () => {
    env = setup();
    const reports: Record<string, unknown>[] = [];
    const work = createImage(
      actionContext(
        env,
        { InstanceId: WEB, ImageName: 'CustomAMI-2026-03-01_00.00.00', NoReboot: 'false' },
        reports,
      ),
    );
    await drive(env, Promise.resolve(), 0);
    expect(env.fleet.isReachable({ ...SCOPE, instanceId: WEB })).toBe(false);
    const { value } = await drive(env, work);
    expect(value).toMatchObject({ status: 'Success', outputs: { ImageState: 'available' } });
    const imageId = (value as unknown as { outputs: { ImageId: string } }).outputs.ImageId;
    expect(imageId).toMatch(/^ami-0[0-9a-f]{16}$/);
    expect(reports[0]).toEqual({ ImageId: imageId, ImageState: 'pending' });
    expect(
      ((await env.call('DescribeImages', { ImageIds: [imageId] })).Images as { Name: string }[])[0].Name,
    ).toBe('CustomAMI-2026-03-01_00.00.00');
    expect(env.fleet.isReachable({ ...SCOPE, instanceId: WEB })).toBe(true);
  });

  it('fails as AWS words it when EC2 refuses', async () => {
    env = setup();
    await env.call('TerminateInstances', { InstanceIds: [DB] });
    const r = (await createImage(actionContext(env, { InstanceId: DB, ImageName: 'late' }))) as FailedResult;
    expect(r.failure.message).toMatch(
      new RegExp(
        `^Get Exception from CreateImage API of ec2 Service\\. Exception Message from CreateImage API: \\[Invalid value '${DB}' for instanceId\\. Instance is not in state 'running' or 'stopping' or 'stopped' \\(Service: AmazonEC2; Status Code: 400; Error Code: InvalidParameterValue; `,
      ),
    );
    expect(r.failure.phase).toBe('creating the image');
    await expect(createImage(actionContext(env, { InstanceId: WEB }))).rejects.toThrow(
      'aws:createImage needs the input ImageName.',
    );
  });
});

describe('aws:deleteImage', () => {
  it('deregisters the image and deletes its snapshots', async () => {
    env = setup();
    const { ImageId } = (await env.call('CreateImage', {
      InstanceId: WEB,
      Name: 'to-delete',
      NoReboot: true,
    })) as { ImageId: string };
    expect(await deleteImage(actionContext(env, { ImageId }))).toEqual({ status: 'Success' });
    expect((await env.error('DescribeImages', { ImageIds: [ImageId] })).code).toBe('InvalidAMIID.NotFound');
    expect((await env.call('DescribeSnapshots', { OwnerIds: ['self'] })).Snapshots).toEqual([]);
    const again = (await deleteImage(actionContext(env, { ImageId }))) as FailedResult;
    expect(again.failure.message).toContain(
      `Exception Message from DescribeImages API: [The image id '[${ImageId}]' does not exist`,
    );
  });
});

describe('aws:createTags', () => {
  it('tags EC2 resources (ResourceType EC2 by default)', async () => {
    env = setup();
    expect(
      await createTags(
        actionContext(env, {
          ResourceIds: [WEB],
          Tags: [
            { Key: 'production', Value: '' },
            { Key: 'department', Value: 'devops' },
          ],
        }),
      ),
    ).toEqual({ status: 'Success' });
    expect(env.store.nodes.tags.get(A, R, WEB)).toMatchObject({ production: '', department: 'devops' });
  });

  it('tags a managed instance and a parameter through the store, with AddTagsToResource errors', async () => {
    env = setup();
    env.store.nodes.upsert({
      ...env.fleet.node({ ...SCOPE, instanceId: WEB })!,
      instanceId: 'mi-0123456789abcdef0',
      resourceType: 'ManagedInstance',
    });
    expect(
      await createTags(
        actionContext(env, {
          ResourceType: 'ManagedInstance',
          ResourceIds: ['mi-0123456789abcdef0'],
          Tags: [{ Key: 'Site', Value: 'lab' }],
        }),
      ),
    ).toEqual({ status: 'Success' });
    expect(env.store.nodes.tags.get(A, R, 'mi-0123456789abcdef0')).toEqual({ Site: 'lab' });
    const wrongType = (await createTags(
      actionContext(env, {
        ResourceType: 'ManagedInstance',
        ResourceIds: [WEB],
        Tags: [{ Key: 'a', Value: 'b' }],
      }),
    )) as FailedResult;
    expect(wrongType.failure.message).toMatch(
      /Exception Message from AddTagsToResource API: \[null \(Service: AWSSimpleSystemsManagement; Status Code: 400; Error Code: InvalidResourceType; /,
    );
    const missing = (await createTags(
      actionContext(env, {
        ResourceType: 'Parameter',
        ResourceIds: ['/no/such'],
        Tags: [{ Key: 'a', Value: 'b' }],
      }),
    )) as FailedResult;
    expect(missing.failure.message).toContain('Error Code: InvalidResourceId;');
    const window = (await createTags(
      actionContext(env, {
        ResourceType: 'MaintenanceWindow',
        ResourceIds: ['mw-0123456789abcdef0'],
        Tags: [{ Key: 'a', Value: 'b' }],
      }),
    )) as FailedResult;
    expect(window.failure.message).toContain('Error Code: InvalidResourceId;');
    await expect(
      createTags(
        actionContext(env, {
          ResourceType: 'Parameter',
          ResourceIds: ['/a', '/b'],
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
    ).rejects.toThrow(
      'When ResourceType is not EC2, ResourceIds of aws:createTags can contain only a single item.',
    );
    await expect(
      createTags(
        actionContext(env, {
          ResourceType: 'Document',
          ResourceIds: ['x'],
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
    ).rejects.toBeInstanceOf(ActionInputError);
  });

  it('fails the step for an EC2 error, tagging nothing', async () => {
    env = setup();
    const r = (await createTags(
      actionContext(env, { ResourceIds: [WEB, 'i-0000000000000dead'], Tags: [{ Key: 'x', Value: 'y' }] }),
    )) as FailedResult;
    expect(r.failure.message).toContain('Error Code: InvalidInstanceID.NotFound;');
    expect(env.store.nodes.tags.get(A, R, WEB).x).toBeUndefined();
  });
});
