// Hybrid activations end to end: CreateActivation, then the standalone agent (`node dist/ssm-emulator.cjs agent`, the shipped CLI)
// registers an mi- node that stays Online, turns ConnectionLost after the interval once killed, and is refused
// with the agent's errors for a bad code or an expired activation.
import type { ChildProcess } from 'node:child_process';
import {
  CreateActivationCommand,
  DeleteActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeActivationsCommand,
  DescribeInstanceInformationCommand,
  GetConnectionStatusCommand,
  UpdateManagedInstanceRoleCommand,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnAgent, type AgentProcess } from '../helpers/agent-process.js';
import { sdkError, useServer } from '../helpers/server.js';

const server = useServer();
const children: ChildProcess[] = [];
beforeAll(async () => {
  await server.control('POST', '/_emulator/clock', { freeze: true });
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function agent(code: string, id: string): AgentProcess {
  const a = spawnAgent(server.endpoint, code, id);
  children.push(a.child);
  return a;
}

const ssm = () => server.client();
const info = async (id: string) =>
  (
    await ssm().send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [id] }] }),
    )
  ).InstanceInformationList?.[0];

describe('CreateActivation', () => {
  it('serialization: an activation id (UUID) and a 20-character code', async () => {
    const res = await server.raw('AmazonSSM.CreateActivation', JSON.stringify({ IamRole: 'SSMServiceRole' }));
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['ActivationCode', 'ActivationId']);
    expect(res.json.ActivationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(res.json.ActivationCode).toMatch(/^[A-Za-z0-9+/]{20}$/);
  });

  it('validation: IamRole is required; RegistrationLimit 1-1000; expiration in the next 30 days', async () => {
    let res = await server.raw('AmazonSSM.CreateActivation', '{}');
    expect(res.json).toEqual({
      __type: 'ValidationException',
      Message:
        "1 validation error detected: Value null at 'iamRole' failed to satisfy constraint: Member must not be null",
    });
    res = await server.raw(
      'AmazonSSM.CreateActivation',
      JSON.stringify({ IamRole: 'r', RegistrationLimit: 1001 }),
    );
    expect(res.json.Message).toBe(
      "1 validation error detected: Value '1001' at 'registrationLimit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    const now = Date.parse((await server.control('GET', '/_emulator/clock')).json.now) / 1000;
    let err = await sdkError(() =>
      ssm().send(new CreateActivationCommand({ IamRole: 'r', ExpirationDate: new Date((now - 60) * 1000) })),
    );
    expect([err.name, err.message]).toEqual(['InvalidParameters', 'ExpirationDate must be a future date.']);
    err = await sdkError(() =>
      ssm().send(
        new CreateActivationCommand({ IamRole: 'r', ExpirationDate: new Date((now + 31 * 86400) * 1000) }),
      ),
    );
    expect([err.name, err.message]).toEqual([
      'InvalidParameters',
      'ExpirationDate can be at most 30 days in the future.',
    ]);
  });
});

describe('DescribeActivations / DeleteActivation', () => {
  it('lists with filters, reports expiry, deletes once', async () => {
    const a = await ssm().send(
      new CreateActivationCommand({
        IamRole: 'ListRole',
        DefaultInstanceName: 'listed',
        RegistrationLimit: 3,
        Tags: [{ Key: 'T', Value: 'v' }],
      }),
    );
    const out = await ssm().send(
      new DescribeActivationsCommand({
        Filters: [{ FilterKey: 'ActivationIds', FilterValues: [a.ActivationId!] }],
      }),
    );
    expect(out.ActivationList).toHaveLength(1);
    expect(out.ActivationList![0]).toMatchObject({
      ActivationId: a.ActivationId,
      DefaultInstanceName: 'listed',
      IamRole: 'ListRole',
      RegistrationLimit: 3,
      RegistrationsCount: 0,
      Expired: false,
      Tags: [{ Key: 'T', Value: 'v' }],
    });
    const created = out.ActivationList![0].CreatedDate!.getTime();
    expect(out.ActivationList![0].ExpirationDate!.getTime() - created).toBe(24 * 3600_000);
    expect(
      (
        await ssm().send(
          new DescribeActivationsCommand({ Filters: [{ FilterKey: 'IamRole', FilterValues: ['ListRole'] }] }),
        )
      ).ActivationList,
    ).toHaveLength(1);
    await ssm().send(new DeleteActivationCommand({ ActivationId: a.ActivationId! }));
    const err = await sdkError(() =>
      ssm().send(new DeleteActivationCommand({ ActivationId: a.ActivationId! })),
    );
    expect(err.name).toBe('InvalidActivation');
    expect(err.message).toBe(
      "The activation isn't valid. The activation might have been deleted, or the ActivationId and the ActivationCode don't match.",
    );
  });

  it('a bad ActivationId is a ValidationException from the model pattern', async () => {
    const res = await server.raw('AmazonSSM.DeleteActivation', JSON.stringify({ ActivationId: 'nope' }));
    expect(res.json.__type).toBe('ValidationException');
  });
});

describe('the standalone agent', () => {
  it('registers an mi- node that is Online, and ConnectionLost 10 minutes after it is killed', async () => {
    const act = await ssm().send(
      new CreateActivationCommand({
        IamRole: 'SSMServiceRole',
        DefaultInstanceName: 'lab-box',
        Tags: [{ Key: 'Site', Value: 'Lab' }],
      }),
    );
    const a = agent(act.ActivationCode!, act.ActivationId!);
    const id = await a.registered;
    expect(id).toMatch(/^mi-[0-9a-f]{17}$/);
    const node = await info(id);
    expect(node).toMatchObject({
      InstanceId: id,
      PingStatus: 'Online',
      ResourceType: 'ManagedInstance',
      Name: 'lab-box',
      ActivationId: act.ActivationId,
      IamRole: 'SSMServiceRole',
      SourceType: 'AWS::SSM::ManagedInstance',
    });
    expect(node?.RegistrationDate).toBeInstanceOf(Date);
    expect(
      (
        await ssm().send(
          new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:Site', Values: ['Lab'] }] }),
        )
      ).InstanceInformationList!.map((i) => i.InstanceId),
    ).toEqual([id]);
    expect((await ssm().send(new GetConnectionStatusCommand({ Target: id }))).Status).toBe('connected');
    const listed = await ssm().send(
      new DescribeActivationsCommand({
        Filters: [{ FilterKey: 'ActivationIds', FilterValues: [act.ActivationId!] }],
      }),
    );
    expect(listed.ActivationList![0].RegistrationsCount).toBe(1);

    // the agent keeps the node Online however far the clock moves while it is connected
    await server.control('POST', '/_emulator/clock', { advance: 3600 });
    expect((await info(id))?.PingStatus).toBe('Online');

    a.child.kill('SIGKILL');
    await a.exited;
    for (
      let i = 0;
      i < 200 && (await ssm().send(new GetConnectionStatusCommand({ Target: id }))).Status === 'connected';
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10)); // the server sees the socket close; domain time stays frozen
    }
    expect((await ssm().send(new GetConnectionStatusCommand({ Target: id }))).Status).toBe('notconnected');
    await server.control('POST', '/_emulator/clock', { advance: 600 });
    expect((await info(id))?.PingStatus).toBe('Online');
    await server.control('POST', '/_emulator/clock', { advance: 1 });
    expect((await info(id))?.PingStatus).toBe('ConnectionLost');

    await ssm().send(new UpdateManagedInstanceRoleCommand({ InstanceId: id, IamRole: 'OtherRole' }));
    expect((await info(id))?.IamRole).toBe('OtherRole');
    await ssm().send(new DeregisterManagedInstanceCommand({ InstanceId: id }));
    expect(await info(id)).toBeUndefined();
    const err = await sdkError(() => ssm().send(new DeregisterManagedInstanceCommand({ InstanceId: id })));
    expect(err.name).toBe('InvalidInstanceId');
    const err2 = await sdkError(() =>
      ssm().send(new UpdateManagedInstanceRoleCommand({ InstanceId: id, IamRole: 'r' })),
    );
    expect(err2.name).toBe('InvalidInstanceId');
  });

  it('a wrong code is refused with InvalidActivation, an expired activation with ActivationExpired', async () => {
    const act = await ssm().send(new CreateActivationCommand({ IamRole: 'SSMServiceRole' }));
    const bad = agent('AAAAAAAAAAAAAAAAAAAA', act.ActivationId!);
    const r1 = await bad.exited;
    expect(r1.code).toBe(1);
    expect(r1.stderr).toBe(
      'Registration failed due to error registering the instance with AWS SSM. InvalidActivation: \n',
    );

    await server.control('POST', '/_emulator/clock', { advance: 24 * 3600 });
    const late = agent(act.ActivationCode!, act.ActivationId!);
    const r2 = await late.exited;
    expect(r2.code).toBe(1);
    expect(r2.stderr).toBe(
      'Registration failed due to error registering the instance with AWS SSM. ActivationExpired: \n',
    );
    const listed = await ssm().send(
      new DescribeActivationsCommand({
        Filters: [{ FilterKey: 'ActivationIds', FilterValues: [act.ActivationId!] }],
      }),
    );
    expect(listed.ActivationList![0].Expired).toBe(true);
  });

  it('a registration limit of 1 admits one agent', async () => {
    const act = await ssm().send(
      new CreateActivationCommand({ IamRole: 'SSMServiceRole', RegistrationLimit: 1 }),
    );
    const first = agent(act.ActivationCode!, act.ActivationId!);
    await first.registered;
    const second = agent(act.ActivationCode!, act.ActivationId!);
    const r = await second.exited;
    expect(r.stderr).toBe(
      'Registration failed due to error registering the instance with AWS SSM. RegistrationLimitExceeded: \n',
    );
    first.child.kill('SIGKILL');
  });
});
