// 10,000 virtual nodes in one process: start-up to the first answered DescribeInstanceInformation
// (target < 2 s), resident memory while they idle (target < 200 MB), and paging through them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fmt, percentile } from '../lib/report.mjs';
import { describeFailure, ssmClient } from '../lib/ssm.mjs';

const NODES = 10_000;
const RUNS = 3;
const IDLE_SECONDS = 10;
const MAX_START_MS = 2000;
const MAX_RSS_MB = 200;
const PAGES = 20;

export default {
  name: 'fleet-scale',
  description: `start-up and idle RSS with a fleet file of ${NODES.toLocaleString('en-US')} nodes; paging them`,
  async run(ctx) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ssm-bench-fleet-'));
    const fleet = join(dir, 'fleet.yaml');
    writeFileSync(
      fleet,
      `version: 1\ngroups:\n  - namePrefix: node\n    count: ${NODES}\n    os: amazon-linux-2023\n    tags: { Environment: Bench }\n`,
    );
    try {
      const starts = [];
      let last;
      for (let run = 1; run <= RUNS; run++) {
        await ctx.waitIdle();
        const server = await ctx.servers.startEmulatorWithFleet(fleet);
        starts.push(server.readyAt - server.startedAt);
        if (run < RUNS) await server.stop();
        else last = server;
      }
      ctx.log(`  idling ${IDLE_SECONDS}s with ${fmt.int(NODES)} nodes`);
      await sleep(IDLE_SECONDS * 1000);
      const idle = last.rss();
      const paging = await page(last);
      await last.stop();
      const median = percentile(starts, 50);
      return {
        title: `fleet-scale: ${fmt.int(NODES)} virtual nodes from a fleet file`,
        tables: [
          {
            columns: ['measure', 'value'],
            rows: [
              ['start-up to first DescribeInstanceInformation, median of 3 (ms)', fmt.int(median)],
              ['start-up runs (ms)', starts.map(fmt.int).join(', ')],
              [`RSS after ${IDLE_SECONDS} s idle (MB)`, fmt.mb(idle.rssMb)],
              [
                `DescribeInstanceInformation MaxResults 50: nodes seen in ${PAGES} pages`,
                fmt.int(paging.seen),
              ],
              [
                'DescribeInstanceInformation page p50 / p99 (ms)',
                `${fmt.ms(paging.p50)} / ${fmt.ms(paging.p99)}`,
              ],
            ],
          },
        ],
        checks: [
          {
            label: 'start-up with 10,000 nodes (median)',
            value: median,
            display: `${fmt.int(median)} ms`,
            target: `< ${MAX_START_MS} ms`,
            ok: median < MAX_START_MS,
          },
          {
            label: '10,000 idle nodes, server RSS',
            value: idle.rssMb,
            display: `${fmt.mb(idle.rssMb)} MB`,
            target: `< ${MAX_RSS_MB} MB`,
            ok: idle.rssMb < MAX_RSS_MB,
          },
        ],
        notes: [
          `Fleet file: one group of ${fmt.int(NODES)} amazon-linux-2023 nodes; in-memory store; start-up measured from spawn until DescribeInstanceInformation answers 200, polled every 10 ms.`,
          ...(paging.failure ? [`paging: ${paging.failure}`] : []),
        ],
        raw: { starts, idle, paging },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function page(server) {
  const client = ssmClient(server.endpoint, { maxSockets: 1 });
  try {
    const latencies = [];
    let token;
    let seen = 0;
    for (let i = 0; i < PAGES; i++) {
      const res = await client.call('DescribeInstanceInformation', {
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      });
      if (res.status !== 200) return { seen, failure: describeFailure(res) };
      latencies.push(res.ms);
      seen += res.json.InstanceInformationList.length;
      token = res.json.NextToken;
      if (!token) break;
    }
    return { seen, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    client.close();
  }
}
