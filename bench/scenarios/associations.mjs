// State Manager at scale (issue #16): an association targeting 1,000 scripted nodes at rate(30 minutes), the
// frozen clock advanced 24 hours in one call. Counts executions and target runs, times the advance, RSS after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt } from '../lib/report.mjs';
import { describeFailure, ssmClient } from '../lib/ssm.mjs';

const NODES = 1000;
const HOURS = 24;
/** One run at creation, then one every 30 minutes: 1 + 24 * 2. */
const EXPECTED_EXECUTIONS = 1 + HOURS * 2;
const MAX_SECONDS = 30;

export default {
  name: 'associations',
  description: `an association on ${NODES} scripted nodes at rate(30 minutes), the clock advanced ${HOURS} h: executions, target runs, time`,
  async run(ctx) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ssm-bench-sm-'));
    const rows = [];
    const checks = [];
    const notes = [];
    const raw = [];
    try {
      const fleet = join(dir, 'fleet.yaml');
      writeFileSync(
        fleet,
        `version: 1\ngroups:\n  - namePrefix: sm\n    count: ${NODES}\n    os: amazon-linux-2023\n    tags: { Group: bench }\n`,
      );
      await ctx.waitIdle();
      const server = await ctx.servers.startEmulatorWithFleet(fleet);
      try {
        const r = await scenario(server);
        raw.push(r);
        if (r.failure) notes.push(r.failure);
        else {
          rows.push([
            fmt.int(NODES),
            `${HOURS} h`,
            (r.firstMs / 1000).toFixed(2),
            (r.advanceMs / 1000).toFixed(2),
            (r.advanceCpuMs / 1000).toFixed(2),
            fmt.int(r.executions),
            fmt.int(r.targetRuns),
            fmt.int(r.succeeded),
            fmt.mb(r.rss.rssMb),
          ]);
          checks.push({
            label: `${NODES} nodes, clock advanced ${HOURS} h: ${EXPECTED_EXECUTIONS} executions, ${fmt.int(EXPECTED_EXECUTIONS * NODES)} target runs`,
            value: r.advanceMs / 1000,
            display: `${(r.advanceMs / 1000).toFixed(2)} s, ${r.executions} executions, ${fmt.int(r.targetRuns)} target runs`,
            target: `< ${MAX_SECONDS} s`,
            ok:
              r.advanceMs / 1000 < MAX_SECONDS &&
              r.executions === EXPECTED_EXECUTIONS &&
              r.targetRuns === EXPECTED_EXECUTIONS * NODES,
          });
        }
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    notes.push(
      `Frozen clock; CreateAssociation of AWS-RunShellScript (\`echo hi\`) with Targets tag:Group=bench (${NODES} scripted nodes) and rate(30 minutes): its run at creation is timed until it ends ("first run"), then one POST /_emulator/clock {advance: ${HOURS * 3600}} is timed (wall time, and the server's CPU time from /proc, which other work on the machine does not inflate); it answers once every run that fell due has ended. Executions are counted with DescribeAssociationExecutions; target runs are the sum of their ResourceCountByStatus.`,
    );
    return {
      title: 'associations: 1,000 nodes at rate(30 minutes), 24 hours on the clock',
      tables: [
        {
          columns: [
            'nodes',
            'advanced',
            'first run s',
            'advance s',
            'server CPU s',
            'executions',
            'target runs',
            'succeeded',
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

/** POST to the control plane; resolves with the status and the parsed body. */
function control(endpoint, path, body) {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function executions(client, id) {
  const out = [];
  let token;
  do {
    const res = await client.call('DescribeAssociationExecutions', { AssociationId: id, NextToken: token });
    if (res.status !== 200) throw new Error(`DescribeAssociationExecutions: ${describeFailure(res)}`);
    out.push(...res.json.AssociationExecutions);
    token = res.json.NextToken;
  } while (token);
  return out;
}

async function scenario(server) {
  const client = ssmClient(server.endpoint, { maxSockets: 2 });
  try {
    await control(server.endpoint, '/_emulator/clock', { freeze: true });
    const t0 = performance.now();
    const created = await client.call('CreateAssociation', {
      Name: 'AWS-RunShellScript',
      Targets: [{ Key: 'tag:Group', Values: ['bench'] }],
      Parameters: { commands: ['echo hi'] },
      ScheduleExpression: 'rate(30 minutes)',
    });
    if (created.status !== 200) return { failure: `CreateAssociation: ${describeFailure(created)}` };
    const id = created.json.AssociationDescription.AssociationId;
    for (;;) {
      const list = await executions(client, id);
      if (list.length && list.every((e) => e.Status !== 'Pending' && e.Status !== 'InProgress')) break;
      if (performance.now() - t0 > 120_000) return { failure: 'the run at creation did not end in 120 s' };
      await new Promise((r) => setTimeout(r, 20));
    }
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    const cpu0 = server.cpuMs();
    const advanced = await control(server.endpoint, '/_emulator/clock', { advance: HOURS * 3600 });
    const advanceMs = performance.now() - t1;
    const advanceCpuMs = server.cpuMs() - cpu0;
    if (advanced.status !== 200) return { failure: `advance: HTTP ${advanced.status}` };
    const list = await executions(client, id);
    let targetRuns = 0;
    let succeeded = 0;
    for (const e of list) {
      for (const m of e.ResourceCountByStatus.matchAll(/(\w+)=(\d+)/g)) {
        targetRuns += Number(m[2]);
        if (m[1] === 'Success') succeeded += Number(m[2]);
      }
    }
    return {
      firstMs,
      advanceMs,
      advanceCpuMs,
      executions: list.length,
      targetRuns,
      succeeded,
      rss: server.rss(),
    };
  } finally {
    client.close();
  }
}
