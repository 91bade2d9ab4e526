// AWS-RunPatchBaseline Scan on 1,000 nodes (200 each of Amazon Linux 2023, Amazon Linux 2, Ubuntu 22.04, RHEL 9
// and Windows Server 2022, catalogs of about 2,000 patches per OS): time until every invocation is terminal
// (target < 5 s), DescribeInstancePatchStatesForPatchGroup over the 1,000 reported nodes (p50 < 20 ms), and the
// server's RSS with their patch states against the same server idle (< 100 MB more).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, percentile } from '../lib/report.mjs';
import { describeFailure, ssmClient } from '../lib/ssm.mjs';

const OSES = ['amazon-linux-2023', 'amazon-linux-2', 'ubuntu-22.04', 'rhel-9', 'windows-server-2022'];
const PER_OS = 200;
const PATCH_GROUP = 'bench-fleet';
const MAX_SCAN_SECONDS = 5;
const MAX_GROUP_P50_MS = 20;
const MAX_RSS_GROWTH_MB = 100;
const GROUP_SAMPLES = 300;
const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);
const POLL_MS = 25;
/** RSS is read again after this long idle: what the states keep, once the scan's garbage is collected. */
const SETTLE_MS = 10_000;

export default {
  name: 'patching',
  description:
    'AWS-RunPatchBaseline Scan of 1,000 nodes (5 OSes): time to all terminal; patch-group reads; RSS growth',
  async run(ctx) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ssm-bench-patch-'));
    const fleet = join(dir, 'fleet.yaml');
    writeFileSync(
      fleet,
      `version: 1\ngroups:\n${OSES.map(
        (o, i) =>
          `  - namePrefix: p${i}\n    count: ${PER_OS}\n    os: ${o}\n    tags: { Group: bench, Patch Group: ${PATCH_GROUP} }\n` +
          `  - namePrefix: w${i}\n    count: 1\n    os: ${o}\n    tags: { Group: warm }\n`,
      ).join('')}`,
    );
    const checks = [];
    const notes = [];
    let raw;
    try {
      await ctx.waitIdle();
      const server = await ctx.servers.startEmulatorWithFleet(fleet);
      try {
        raw = await measure(server);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (raw.failure) return { title: 'patching: AWS-RunPatchBaseline at 1,000 nodes', notes: [raw.failure] };
    const growth = raw.rssAfter.rssMb - raw.rssWarm.rssMb;
    const fromCold = raw.rssAfter.rssMb - raw.rssIdle.rssMb;
    checks.push(
      {
        label: 'AWS-RunPatchBaseline Scan of 1,000 nodes: all invocations terminal',
        value: raw.scanMs / 1000,
        display: `${(raw.scanMs / 1000).toFixed(2)} s`,
        target: `< ${MAX_SCAN_SECONDS} s`,
        ok: raw.scanMs / 1000 < MAX_SCAN_SECONDS,
      },
      {
        label: 'DescribeInstancePatchStatesForPatchGroup over 1,000 nodes: p50',
        value: raw.group.p50,
        display: fmt.ms(raw.group.p50),
        target: `< ${MAX_GROUP_P50_MS} ms`,
        ok: raw.group.p50 < MAX_GROUP_P50_MS,
      },
      {
        label:
          "RSS with 1,000 nodes' patch states (10 s after the scan), over the same server idle after a 5-node scan",
        value: growth,
        display: `${growth.toFixed(1)} MB`,
        target: `< ${MAX_RSS_GROWTH_MB} MB`,
        ok: growth < MAX_RSS_GROWTH_MB,
      },
      {
        label:
          'the same over the server idle before any scan (code loaded and catalogs generated on first use)',
        value: fromCold,
        display: `${fromCold.toFixed(1)} MB`,
        target: 'reported',
        ok: undefined,
      },
    );
    notes.push(
      `SendCommand AWS-RunPatchBaseline Operation=Scan to Targets tag:Group=bench (${PER_OS} nodes each of ${OSES.join(', ')}, all in patch group ${PATCH_GROUP}), MaxConcurrency 100%; done = ListCommands shows a terminal Status and CompletedCount = TargetCount (polled every ${POLL_MS} ms). Then DescribeInstancePatchStatesForPatchGroup (MaxResults 100, ${GROUP_SAMPLES} calls cycling through the pages, one at a time). RSS idle: after start-up and one DescribeInstanceInformation; then after a Scan of one node of each OS (Group=warm: the code paths are loaded and the five catalogs generated); then once the reads are done, and ${SETTLE_MS / 1000} s later. The check compares the last with the server after the 5-node scan: what the 1,000 nodes' states, commands and agents keep.`,
    );
    return {
      title: 'patching: AWS-RunPatchBaseline Scan at 1,000 nodes',
      tables: [
        {
          columns: [
            'nodes',
            'scan: seconds to all terminal',
            'completed',
            'status',
            'states reported',
            'group p50 ms',
            'group p99 ms',
            'RSS idle MB',
            'RSS after a 5-node scan MB',
            'RSS after the scan MB',
            'RSS after the reads MB',
            `RSS ${SETTLE_MS / 1000} s later MB`,
          ],
          rows: [
            [
              fmt.int(raw.completed),
              (raw.scanMs / 1000).toFixed(2),
              fmt.int(raw.completed),
              raw.status,
              fmt.int(raw.reported),
              fmt.ms(raw.group.p50),
              fmt.ms(raw.group.p99),
              fmt.mb(raw.rssIdle.rssMb),
              fmt.mb(raw.rssWarm.rssMb),
              fmt.mb(raw.rssScan.rssMb),
              fmt.mb(raw.rssPeak.rssMb),
              fmt.mb(raw.rssAfter.rssMb),
            ],
          ],
        },
      ],
      checks,
      notes,
      raw,
    };
  },
};

async function measure(server) {
  const client = ssmClient(server.endpoint, { maxSockets: 2 });
  try {
    await client.call('DescribeInstanceInformation', { MaxResults: 5 });
    const rssIdle = server.rss();
    // One node of each OS first: the code paths load and the five catalogs are generated before the baseline.
    const warm = await scan(client, 'warm');
    if (warm.failure) return warm;
    const rssWarm = server.rss();
    const t0 = performance.now();
    const bench = await scan(client, 'bench');
    if (bench.failure) return bench;
    const { command } = bench;
    const scanMs = performance.now() - t0;
    const rssScan = server.rss();
    const bodies = [];
    let token;
    let reported = 0;
    do {
      const body = { PatchGroup: PATCH_GROUP, MaxResults: 100, ...(token ? { NextToken: token } : {}) };
      const res = await client.call('DescribeInstancePatchStatesForPatchGroup', body);
      if (res.status !== 200)
        return { failure: `DescribeInstancePatchStatesForPatchGroup: ${describeFailure(res)}` };
      bodies.push(body);
      reported += res.json.InstancePatchStates.length;
      token = res.json.NextToken;
    } while (token);
    const latencies = [];
    for (let i = 0; i < GROUP_SAMPLES; i++) {
      const res = await client.call('DescribeInstancePatchStatesForPatchGroup', bodies[i % bodies.length]);
      latencies.push(res.ms);
    }
    return {
      scanMs,
      completed: command.CompletedCount,
      status: command.Status,
      reported,
      group: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
      rssIdle,
      rssWarm,
      rssScan,
      rssPeak: server.rss(),
      rssAfter: await new Promise((r) => setTimeout(() => r(server.rss()), SETTLE_MS)),
    };
  } finally {
    client.close();
  }
}

/** Scans the nodes tagged Group=<group> and waits until the command is done. */
async function scan(client, group) {
  const t0 = performance.now();
  const sent = await client.call('SendCommand', {
    DocumentName: 'AWS-RunPatchBaseline',
    Targets: [{ Key: 'tag:Group', Values: [group] }],
    Parameters: { Operation: ['Scan'] },
    MaxConcurrency: '100%',
  });
  if (sent.status !== 200) return { failure: `SendCommand: ${describeFailure(sent)}` };
  const commandId = sent.json.Command.CommandId;
  for (;;) {
    const res = await client.call('ListCommands', { CommandId: commandId });
    const command = res.json?.Commands?.[0];
    if (command && TERMINAL.has(command.Status) && command.TargetCount > 0)
      if (command.CompletedCount === command.TargetCount) return { command };
    if (performance.now() - t0 > 120_000)
      return { failure: `not done after 120 s: ${JSON.stringify(command)}` };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
