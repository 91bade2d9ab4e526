// Run Command survives a restart (issue 17's acceptance): a command to a node with 600 s of latency, the
// emulator stopped mid-command (SIGTERM, and kill -9), another started on the same data dir, the clock advanced
// two hours: the command is terminal and `aws ssm wait command-executed` returns.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CancelCommandCommand, GetCommandInvocationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';
import { AWS_CLI_ENV, AWS_CLIS, cliWorks } from '../helpers/aws-cli.js';
import { call, CLI, freePort, start, stop } from '../cli/cli-process.js';

const run = promisify(execFile);
const SLOW = 'i-0000000000000510a';
const dir = mkdtempSync(join(tmpdir(), 'commands-restart-'));
const fleet = join(dir, 'fleet.yaml');
writeFileSync(
  fleet,
  `nodes:\n  - id: ${SLOW}\n    name: slow-1\n    os: amazon-linux-2023\n    faults: { latencySeconds: 600 }\n`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEND = {
  DocumentName: 'AWS-RunShellScript',
  InstanceIds: [SLOW],
  Parameters: { commands: ['echo survived'] },
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls GetCommandInvocation (raw, unsigned) until the status is one of `want`. */
async function statusOf(endpoint: string, commandId: string, want: string[]): Promise<any> {
  let got: any;
  for (let i = 0; i < 100; i++) {
    got = (await call(endpoint, 'GetCommandInvocation', { CommandId: commandId, InstanceId: SLOW })).json;
    if (want.includes(got.Status)) return got;
    await wait(100);
  }
  throw new Error(`still ${got?.Status}, not ${want.join('/')}`);
}

/** `aws ssm wait command-executed` with every CLI there is; each must return 0. */
async function cliWaitReturns(endpoint: string, commandId: string): Promise<void> {
  for (const [, bin] of AWS_CLIS) {
    if (!cliWorks(bin)) continue;
    const r = await run(
      bin,
      [
        'ssm',
        'wait',
        'command-executed',
        '--command-id',
        commandId,
        '--instance-id',
        SLOW,
        '--endpoint-url',
        endpoint,
      ],
      { env: AWS_CLI_ENV, timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
  }
}

describe('after a clean stop (SIGTERM closes the emulator)', () => {
  it('the command is taken up again, ends within two hours of the clock, and the CLI waiter returns', async () => {
    const data = join(dir, 'clean');
    const first = await startServer({ inMemory: false, dataDir: data, fleet });
    let commandId: string;
    try {
      const sent = await first.client().send(new SendCommandCommand(SEND));
      commandId = sent.Command!.CommandId!;
      await statusOf(first.endpoint, commandId, ['InProgress']);
    } finally {
      await first.close(); // what SIGTERM does
    }

    const second = await startServer({ inMemory: false, dataDir: data, fleet });
    try {
      const ssm = second.client();
      const before = await ssm.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: SLOW }),
      );
      expect(before.Status).toBe('InProgress'); // the restarted agent runs it again, latency and all
      await second.control('POST', '/_emulator/clock', { advance: 2 * 3600 });
      const after = await ssm.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: SLOW }),
      );
      expect(after).toMatchObject({ Status: 'Success', StandardOutputContent: 'survived\n' });
      await cliWaitReturns(second.endpoint, commandId);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('CancelCommand reaches a command taken up after the restart', async () => {
    const data = join(dir, 'cancel');
    const first = await startServer({ inMemory: false, dataDir: data, fleet });
    let commandId: string;
    try {
      commandId = (await first.client().send(new SendCommandCommand(SEND))).Command!.CommandId!;
      await statusOf(first.endpoint, commandId, ['InProgress']);
    } finally {
      await first.close();
    }
    const second = await startServer({ inMemory: false, dataDir: data, fleet });
    try {
      const ssm = second.client();
      await ssm.send(new CancelCommandCommand({ CommandId: commandId }));
      const got = await statusOf(second.endpoint, commandId, ['Cancelled']);
      expect(got.StatusDetails).toBe('Cancelled');
    } finally {
      await second.close();
    }
  }, 120_000);
});

describe('after kill -9 (the built CLI)', () => {
  it('the command is taken up again and ends; the CLI waiter returns', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` (npm test does)`).toBe(true);
    const data = join(dir, 'killed');
    const args = ['--data-dir', data, '--fleet', fleet];
    const first = await start(['--port', String(await freePort()), ...args]);
    let commandId: string;
    try {
      const sent = await call(first.endpoint, 'SendCommand', SEND);
      expect(sent.status).toBe(200);
      commandId = sent.json.Command.CommandId;
      await statusOf(first.endpoint, commandId, ['InProgress']);
      await wait(100); // the write-behind batch reaches the disk
    } finally {
      expect(await stop(first, 'SIGKILL')).toBe('SIGKILL');
    }
    const second = await start(['--port', String(await freePort()), ...args]);
    try {
      expect(
        (await call(second.endpoint, 'GetCommandInvocation', { CommandId: commandId, InstanceId: SLOW })).json
          .Status,
      ).toMatch(/^(Pending|InProgress)$/);
      const adv = await fetch(`${second.endpoint}/_emulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advance: 2 * 3600 }),
      });
      expect(adv.status).toBe(200);
      const done = await statusOf(second.endpoint, commandId, ['Success', 'Failed', 'TimedOut', 'Cancelled']);
      expect(done).toMatchObject({ Status: 'Success', StandardOutputContent: 'survived\n' });
      await cliWaitReturns(second.endpoint, commandId);
    } finally {
      await stop(second, 'SIGKILL');
    }
  }, 120_000);
});
