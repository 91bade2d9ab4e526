// Run Command on the demo fleet's Linux nodes runs scripts in their simulated shell, with bash semantics:
// exit codes, stderr, pipelines and files that stay on the node (issue 13).
import {
  GetCommandInvocationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type GetCommandInvocationCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';

const AL2023 = 'i-0123456789abcdef0';
const UBUNTU = 'i-0fedcba9876543210';
let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());

/** Sends AWS-RunShellScript to one node and returns its invocation once terminal. */
async function run(instanceId: string, commands: string[]): Promise<GetCommandInvocationCommandOutput> {
  const { Command } = await ssm.send(
    new SendCommandCommand({
      InstanceIds: [instanceId],
      DocumentName: 'AWS-RunShellScript',
      Parameters: { commands },
    }),
  );
  const id = Command!.CommandId!;
  for (let i = 0; i < 500; i++) {
    const { Commands } = await ssm.send(new ListCommandsCommand({ CommandId: id }));
    if (!['Pending', 'InProgress', 'Cancelling'].includes(Commands![0].Status!)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: instanceId }));
}

const scriptOf = (inv: GetCommandInvocationCommandOutput) =>
  `/var/lib/amazon/ssm/${inv.InstanceId}/document/orchestration/${inv.CommandId}/awsrunShellScript/0.awsrunShellScript/_script.sh`;

describe('Run Command in the simulated shell', () => {
  it('exit 3 ends Failed with ResponseCode 3', async () => {
    const inv = await run(AL2023, ['echo before', 'exit 3', 'echo after']);
    expect(inv).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardOutputContent: 'before\n',
      StandardErrorContent: 'failed to run commands: exit status 3\n',
    });
  });

  it('an unknown command exits 127 with command not found on stderr, as sh words it', async () => {
    const inv = await run(AL2023, ['no-such-tool']);
    expect(inv).toMatchObject({
      Status: 'Failed',
      ResponseCode: 127,
      StandardOutputContent: '',
      StandardErrorContent: `${scriptOf(inv)}: line 1: no-such-tool: command not found\nfailed to run commands: exit status 127\n`,
    });
    // Ubuntu's sh is dash.
    const ubuntu = await run(UBUNTU, ['true', 'no-such-tool']);
    expect(ubuntu.StandardErrorContent).toBe(
      `${scriptOf(ubuntu)}: 2: no-such-tool: not found\nfailed to run commands: exit status 127\n`,
    );
  });

  it('loops, arithmetic and pipelines', async () => {
    const inv = await run(AL2023, ['for i in 1 2 3; do echo "n$i"; done; echo $((6*7)) | tr 4 X']);
    expect(inv).toMatchObject({
      Status: 'Success',
      ResponseCode: 0,
      StandardOutputContent: 'n1\nn2\nn3\nX2\n',
    });
  });

  it('files stay on the node for the next command', async () => {
    const first = await run(AL2023, ['mkdir -p /tmp/x && echo kept > /tmp/x/f && cat /tmp/x/f']);
    expect(first).toMatchObject({ Status: 'Success', StandardOutputContent: 'kept\n' });
    const later = await run(AL2023, ['cat /tmp/x/f']);
    expect(later).toMatchObject({ Status: 'Success', StandardOutputContent: 'kept\n' });
    // Another node has its own files.
    const other = await run(UBUNTU, ['cat /tmp/x/f']);
    expect(other).toMatchObject({ Status: 'Failed', ResponseCode: 1 });
    expect(other.StandardErrorContent).toBe(
      'cat: /tmp/x/f: No such file or directory\nfailed to run commands: exit status 1\n',
    );
  });

  it('/etc/os-release names the node OS', async () => {
    const al = await run(AL2023, ['cat /etc/os-release']);
    expect(al.StandardOutputContent).toContain('NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\n');
    const ubuntu = await run(UBUNTU, ['cat /etc/os-release']);
    expect(ubuntu.StandardOutputContent).toContain('NAME="Ubuntu"\nVERSION_ID="22.04"\n');
  });

  it('ls of a missing path fails with No such file or directory; scripts run as root', async () => {
    const ls = await run(AL2023, ['ls /nonexistent']);
    expect(ls).toMatchObject({
      Status: 'Failed',
      ResponseCode: 2,
      StandardErrorContent:
        "ls: cannot access '/nonexistent': No such file or directory\nfailed to run commands: exit status 2\n",
    });
    const who = await run(AL2023, ['whoami', 'id -u']);
    expect(who).toMatchObject({ Status: 'Success', StandardOutputContent: 'root\n0\n' });
  });
});
