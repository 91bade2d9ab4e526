// MaxConcurrency and MaxErrors over 100 nodes added through the control plane, on a frozen clock.
import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';

const server = useServer({ resetEach: true, clock: 'freeze' });

const tick = () => new Promise((r) => setTimeout(r, 5));
const command = async (id: string) =>
  (await server.ssm.send(new ListCommandsCommand({ CommandId: id }))).Commands![0];

async function inProgress(id: string): Promise<number> {
  let n = 0;
  let token: string | undefined;
  do {
    const page = await server.ssm.send(
      new ListCommandInvocationsCommand({ CommandId: id, NextToken: token }),
    );
    n += page.CommandInvocations!.filter((i) => i.Status === 'InProgress').length;
    token = page.NextToken;
  } while (token);
  return n;
}

describe('rate control', () => {
  it('MaxConcurrency 10 over 100 nodes: never more than 10 InProgress at once', async () => {
    const added = await server.control('POST', '/_emulator/nodes', {
      namePrefix: 'rc',
      count: 100,
      tags: { Fleet: 'rc' },
      faults: { latencySeconds: 1 },
      // A rule answers at once: the rounds below give each batch a few ms of real time, less than a
      // first run in a node's simulated shell takes; this test is about dispatch, not the shell.
      rules: [{ match: '^echo ok$', stdout: 'ok\n' }],
    });
    expect(added.status).toBe(201);
    const { Command } = await server.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        Targets: [{ Key: 'tag:Fleet', Values: ['rc'] }],
        Parameters: { commands: ['echo ok'] },
        MaxConcurrency: '10',
      }),
    );
    const id = Command!.CommandId!;
    let seen = 0;
    for (let round = 0; round < 12; round++) {
      await tick();
      seen = Math.max(seen, await inProgress(id));
      await server.control('POST', '/_emulator/clock', { advance: 1 });
    }
    for (let i = 0; i < 50 && (await command(id)).Status !== 'Success'; i++) await tick();
    const done = await command(id);
    expect(done).toMatchObject({ Status: 'Success', TargetCount: 100, CompletedCount: 100, ErrorCount: 0 });
    const peak = server.emulator.services.commands.peakInProgress(id);
    expect(peak).toBe(10);
    expect(seen).toBeLessThanOrEqual(10);
    expect(seen).toBeGreaterThan(0);
  });

  it('MaxErrors 2 with failing nodes: dispatch stops after the third failure; the rest are Terminated', async () => {
    await server.control('POST', '/_emulator/nodes', {
      namePrefix: 'bad',
      count: 20,
      tags: { Fleet: 'bad' },
      faults: { failureProbability: 1 },
    });
    const { Command } = await server.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        Targets: [{ Key: 'tag:Fleet', Values: ['bad'] }],
        Parameters: { commands: ['echo ok'] },
        MaxConcurrency: '1',
        MaxErrors: '2',
      }),
    );
    const id = Command!.CommandId!;
    for (let i = 0; i < 100 && ['Pending', 'InProgress'].includes((await command(id)).Status!); i++)
      await tick();
    const done = await command(id);
    expect(done).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      TargetCount: 20,
      ErrorCount: 3,
      CompletedCount: 20,
    });
    const { CommandInvocations } = await server.ssm.send(
      new ListCommandInvocationsCommand({ CommandId: id }),
    );
    const details = CommandInvocations!.map((i) => i.StatusDetails);
    expect(details.filter((d) => d === 'Failed')).toHaveLength(3);
    expect(details.filter((d) => d === 'Terminated')).toHaveLength(17);
  });

  it('an offline node is Delayed, then Delivery Timed Out at TimeoutSeconds on the emulator clock', async () => {
    const WEB = 'i-0123456789abcdef0';
    await fetch(`${server.endpoint}/_emulator/nodes/${WEB}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ online: false }),
    });
    const { Command } = await server.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [WEB],
        Parameters: { commands: ['echo ok'] },
        TimeoutSeconds: 60,
      }),
    );
    await tick();
    const id = Command!.CommandId!;
    const delayed = await server.ssm.send(
      new GetCommandInvocationCommand({ CommandId: id, InstanceId: WEB }),
    );
    expect(delayed).toMatchObject({ Status: 'Delayed', StatusDetails: 'Delayed' });
    await server.control('POST', '/_emulator/clock', { advance: 61 });
    await tick();
    const inv = await server.ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: WEB }));
    expect(inv).toMatchObject({ Status: 'TimedOut', StatusDetails: 'DeliveryTimedOut', ResponseCode: -1 });
    expect(await command(id)).toMatchObject({
      Status: 'TimedOut',
      StatusDetails: 'DeliveryTimedOut',
      DeliveryTimedOutCount: 1,
      ErrorCount: 0,
    });
  });
});
