// The Run Command examples of the SSM guide (section 6), unchanged but for --endpoint-url, with AWS CLI v1 and
// v2 on the demo fleet; `aws ssm wait command-executed`; a shell-executor node running a real script.
import { execFileSync } from 'node:child_process';
import { ListCommandsCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it, vi } from 'vitest';
import { useServer } from '../helpers/server.js';
import { AWS_CLIS, CLI_TEST_TIMEOUT, cliJson, cliWorks } from '../helpers/aws-cli.js';

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT });
const WEB = 'i-0123456789abcdef0';
const WIN = 'i-0abcdef1234567890';
const server = useServer({ config: { allowHostExec: true } });

/**
 * Polls with the SDK until the command is done (a CLI process per poll would cost a second each). By default
 * the clock moves on between polls, as scripted answers such as `yum update -y` take emulator time.
 */
async function done(
  id: string,
  between: () => Promise<unknown> = () => server.control('POST', '/_emulator/clock', { advance: 120 }),
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (i > 0) await between();
    const c = (await server.ssm.send(new ListCommandsCommand({ CommandId: id }))).Commands![0];
    if (!['Pending', 'InProgress'].includes(c.Status!)) return;
  }
  throw new Error(`command ${id} did not finish`);
}

for (const [label, bin] of AWS_CLIS) {
  // The CLI is installed by .ci/run (apt-get install -y awscli); without it there is nothing to drive.
  describe.skipIf(!cliWorks(bin))(`${label} (${bin}) Run Command guide examples`, () => {
    const cli = (...args: string[]) =>
      cliJson(bin, ['--endpoint-url', server.endpoint, '--output', 'json', ...args]);
    /** The finished command as the CLI prints it. */
    const settle = async (id: string) => {
      await done(id);
      return (await cli('ssm', 'list-commands', '--command-id', id)).Commands[0];
    };

    it('runs on a single instance, then shows the output with list-command-invocations --details and get-command-invocation', async () => {
      const sent = await cli(
        'ssm',
        'send-command',
        '--instance-ids',
        WEB,
        '--document-name',
        'AWS-RunShellScript',
        '--comment',
        'Check disk space',
        '--parameters',
        'commands=["df -h", "free -m"]',
      );
      const id = sent.Command.CommandId;
      expect(sent.Command).toMatchObject({ Status: 'Pending', Comment: 'Check disk space' });
      await cli('ssm', 'wait', 'command-executed', '--command-id', id, '--instance-id', WEB);
      const list = await cli('ssm', 'list-command-invocations', '--command-id', id, '--details');
      const plugin = list.CommandInvocations[0].CommandPlugins[0];
      expect(plugin).toMatchObject({ Name: 'aws:runShellScript', Status: 'Success', ResponseCode: 0 });
      expect(plugin.Output).toContain('Filesystem');
      const inv = await cli('ssm', 'get-command-invocation', '--command-id', id, '--instance-id', WEB);
      expect(inv).toMatchObject({ Status: 'Success', StatusDetails: 'Success' });
      expect(inv.StandardOutputContent).toContain('Mem:');
    });

    it('runs by tag with --max-concurrency/--max-errors (numbers and percentages)', async () => {
      await server.control('POST', '/_emulator/clock', { freeze: true });
      try {
        const a = await cli(
          'ssm',
          'send-command',
          '--targets',
          'Key=tag:Environment,Values=Production',
          '--document-name',
          'AWS-RunShellScript',
          '--parameters',
          'commands=["yum update -y"]',
          '--max-concurrency',
          '10',
          '--max-errors',
          '2',
        );
        expect(await settle(a.Command.CommandId)).toMatchObject({
          TargetCount: 2,
          MaxConcurrency: '10',
          MaxErrors: '2',
        });
        const b = await cli(
          'ssm',
          'send-command',
          '--targets',
          'Key=tag:Environment,Values=Production',
          '--document-name',
          'AWS-RunShellScript',
          '--parameters',
          'commands=["systemctl restart nginx"]',
          '--max-concurrency',
          '10%',
          '--max-errors',
          '5%',
        );
        // db-prod-1 fails the restart (exit 5); 5% of 2 targets allows no error, so the command is Failed.
        expect(await settle(b.Command.CommandId)).toMatchObject({
          Status: 'Failed',
          ErrorCount: 1,
          MaxErrors: '5%',
        });
      } finally {
        // The tests after this one run on the real clock, whether this one passed or not.
        await server.control('POST', '/_emulator/clock', { real: true });
      }
    });

    it('runs PowerShell on the Windows node', async () => {
      const sent = await cli(
        'ssm',
        'send-command',
        '--instance-ids',
        WIN,
        '--document-name',
        'AWS-RunPowerShellScript',
        '--parameters',
        'commands=["Get-Process", "Get-Service"]',
      );
      await cli(
        'ssm',
        'wait',
        'command-executed',
        '--command-id',
        sent.Command.CommandId,
        '--instance-id',
        WIN,
      );
      const inv = await cli(
        'ssm',
        'get-command-invocation',
        '--command-id',
        sent.Command.CommandId,
        '--instance-id',
        WIN,
      );
      expect(inv).toMatchObject({ Status: 'Success', PluginName: 'aws:runPowerShellScript' });
    });

    it('writes output to a bucket', async () => {
      const sent = await cli(
        'ssm',
        'send-command',
        '--instance-ids',
        WEB,
        '--document-name',
        'AWS-RunShellScript',
        '--parameters',
        'commands=["cat /var/log/messages"]',
        '--output-s3-bucket-name',
        'my-command-output',
        '--output-s3-key-prefix',
        'logs/',
      );
      const id = sent.Command.CommandId;
      await settle(id);
      const list = await cli('ssm', 'list-command-invocations', '--command-id', id, '--details');
      expect(list.CommandInvocations[0].CommandPlugins[0]).toMatchObject({
        OutputS3BucketName: 'my-command-output',
        OutputS3KeyPrefix: `logs/${id}/${WEB}/awsrunShellScript`,
      });
    });
  });
}

describe.skipIf(!cliWorks('aws'))('shell executor', () => {
  it('echo $$-$(hostname) returns real, per-run output', async () => {
    const added = await server.control('POST', '/_emulator/nodes', {
      name: 'real-1',
      executor: 'shell',
      tags: { Exec: 'shell' },
    });
    expect(added.status).toBe(201);
    const id: string = added.json.nodes[0].instanceId ?? added.json.nodes[0].InstanceId;
    const outputs: string[] = [];
    const aws = (...args: string[]) =>
      cliJson('aws', ['--endpoint-url', server.endpoint, '--output', 'json', ...args]);
    for (let i = 0; i < 2; i++) {
      const sent = await aws(
        'ssm',
        'send-command',
        '--instance-ids',
        id,
        '--document-name',
        'AWS-RunShellScript',
        '--parameters',
        'commands=["echo $$-$(hostname)"]',
      );
      const cmd = sent.Command.CommandId;
      // A real shell runs it: wait in real time (the waiter of the CLI would sleep 5 s between its polls).
      await done(cmd, () => new Promise<void>((r) => setTimeout(r, 50)));
      const inv = await aws('ssm', 'get-command-invocation', '--command-id', cmd, '--instance-id', id);
      outputs.push(inv.StandardOutputContent);
    }
    const host = execFileSync('hostname').toString().trim();
    for (const o of outputs) expect(o).toMatch(new RegExp(`^\\d+-${host}\\n$`));
    expect(outputs[0]).not.toBe(outputs[1]);
  });
});
