// SendCommand to a tag matching 1,000 (then 10,000) nodes answering by a fleet rule with MaxConcurrency 100%: time until
// every invocation is terminal (target < 3 s at 1,000), and GetCommandInvocation latency meanwhile.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, percentile } from '../lib/report.mjs';
import { describeFailure, ssmClient } from '../lib/ssm.mjs';

const SIZES = [1000, 10_000];
const MAX_SECONDS_AT_1000 = 3;
const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);
const POLL_MS = 25;

export default {
  name: 'run-command',
  description:
    'SendCommand to a tag of 1,000 and 10,000 scripted nodes: time to all terminal; API latency meanwhile',
  async run(ctx) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ssm-bench-rc-'));
    const rows = [];
    const checks = [];
    const notes = [];
    const raw = [];
    try {
      for (const size of SIZES) {
        const fleet = join(dir, `fleet-${size}.yaml`);
        writeFileSync(
          fleet,
          // A rule answers `echo hello`: this scenario measures dispatch at scale; the simulated shell has
          // its own scenario (shell.mjs), where every node builds its shell.
          `version: 1\ngroups:\n  - namePrefix: rc\n    count: ${size}\n    os: amazon-linux-2023\n    tags: { Group: bench }\n    rules: [{ match: '^echo hello$', stdout: "hello\\n" }]\n`,
        );
        await ctx.waitIdle();
        const server = await ctx.servers.startEmulatorWithFleet(fleet);
        try {
          const r = await fanOut(server);
          raw.push({ size, ...r });
          if (r.failure) {
            notes.push(`${fmt.int(size)} nodes: ${r.failure}`);
            continue;
          }
          rows.push([
            fmt.int(size),
            (r.ms / 1000).toFixed(2),
            fmt.int(r.completed),
            r.status,
            fmt.int(r.samples),
            fmt.ms(r.p50),
            fmt.ms(r.p99),
            fmt.mb(r.rss.rssMb),
          ]);
          if (size === 1000) {
            checks.push({
              label: 'SendCommand to 1,000 scripted nodes: all invocations terminal',
              value: r.ms / 1000,
              display: `${(r.ms / 1000).toFixed(2)} s`,
              target: `< ${MAX_SECONDS_AT_1000} s`,
              ok: r.ms / 1000 < MAX_SECONDS_AT_1000,
            });
          }
        } finally {
          await server.stop();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    notes.push(
      'SendCommand AWS-RunShellScript `echo hello` with Targets tag:Group=bench and MaxConcurrency 100%; done = ListCommands shows a terminal Status and CompletedCount = TargetCount (polled every 25 ms). Meanwhile another connection calls GetCommandInvocation for one target back to back; its latency is reported (InvocationDoesNotExist answers before the invocation exists count too).',
    );
    return {
      title: 'run-command: fan-out to scripted nodes',
      tables: [
        {
          columns: [
            'nodes',
            'seconds to all terminal',
            'completed',
            'status',
            'GetCommandInvocation calls',
            'p50 ms',
            'p99 ms',
            'RSS MB',
          ],
          rows,
        },
      ],
      checks,
      notes,
      raw,
    };
  },
};

/** SendCommand of `commands` to tag:Group=bench; resolves when every invocation is terminal. */
export async function fanOut(server, commands = ['echo hello']) {
  const client = ssmClient(server.endpoint, { maxSockets: 2 });
  const reader = ssmClient(server.endpoint, { maxSockets: 1 });
  try {
    const one = await client.call('DescribeInstanceInformation', { MaxResults: 5 });
    const instanceId = one.json?.InstanceInformationList?.[0]?.InstanceId;
    const t0 = performance.now();
    const sent = await client.call('SendCommand', {
      DocumentName: 'AWS-RunShellScript',
      Targets: [{ Key: 'tag:Group', Values: ['bench'] }],
      Parameters: { commands },
      MaxConcurrency: '100%',
    });
    if (sent.status !== 200) return { failure: `SendCommand: ${describeFailure(sent)}` };
    const commandId = sent.json.Command.CommandId;
    let done = false;
    const latencies = [];
    const sampling = (async () => {
      while (!done) {
        const res = await reader.call('GetCommandInvocation', {
          CommandId: commandId,
          InstanceId: instanceId,
        });
        latencies.push(res.ms);
      }
    })();
    let command;
    for (;;) {
      const res = await client.call('ListCommands', { CommandId: commandId });
      command = res.json?.Commands?.[0];
      if (
        command &&
        TERMINAL.has(command.Status) &&
        command.CompletedCount === command.TargetCount &&
        command.TargetCount > 0
      )
        break;
      if (performance.now() - t0 > 120_000) {
        done = true;
        await sampling;
        return { failure: `not done after 120 s: ${JSON.stringify(command)}` };
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const ms = performance.now() - t0;
    done = true;
    await sampling;
    return {
      ms,
      completed: command.CompletedCount,
      status: command.Status,
      samples: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      rss: server.rss(),
    };
  } finally {
    client.close();
    reader.close();
  }
}
