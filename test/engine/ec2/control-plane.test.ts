// GET /_emulator/ec2 shows what the simulated EC2 holds; POST /_emulator/ec2 calls it (the route lives in
// src/api/control/ec2.ts; tested here with the rest of the simulator).
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../../src/app.js';
import { WEB } from './helpers.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('/_emulator/ec2', () => {
  it('calls an EC2 API, answers its errors with 400, and lists instances, images, volumes and snapshots', async () => {
    emulator = createEmulator({ inMemory: true, logLevel: 'silent' });
    const { app } = emulator;
    const post = (body: unknown) =>
      app.inject({
        method: 'POST',
        url: '/_emulator/ec2',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const stop = await post({ action: 'StopInstances', params: { InstanceIds: [WEB] } });
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toMatchObject({
      StoppingInstances: [{ InstanceId: WEB, CurrentState: { Name: 'stopping' } }],
    });
    const image = await post({ action: 'CreateImage', params: { InstanceId: WEB, Name: 'from-control' } });
    expect(image.json()).toMatchObject({ ImageId: expect.stringMatching(/^ami-/) as unknown });
    const bad = await post({ action: 'DescribeInstances', params: { InstanceIds: ['i-0000000000000dead'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: {
        code: 'InvalidInstanceID.NotFound',
        message: "The instance ID 'i-0000000000000dead' does not exist",
      },
    });
    expect((await post({ params: {} })).statusCode).toBe(400);

    const listed = await app.inject({ method: 'GET', url: '/_emulator/ec2' });
    expect(listed.statusCode).toBe(200);
    const body = listed.json<{
      instances: { InstanceId: string; State: { Name: string }; AgentPingStatus: string }[];
      images: unknown[];
      volumes: unknown[];
      snapshots: unknown[];
    }>();
    expect(body.instances).toHaveLength(5);
    expect(body.instances.find((i) => i.InstanceId === WEB)).toMatchObject({
      State: { Name: 'stopping' },
      AgentPingStatus: 'Online',
    });
    expect(body.images).toHaveLength(1);
    expect(body.volumes).toHaveLength(5);
    expect(body.snapshots).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/_emulator/ec2?account=12' })).statusCode).toBe(400);
  });
});
