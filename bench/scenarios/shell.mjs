// The simulated shell of virtual nodes (just-bash): 1,000 nodes each running a 10-line script through
// SendCommand (target: all terminal < 5 s), what a node costs once its shell exists, and what an idle node
// costs (RSS of 10,000 idle nodes against none, target < 100 KB each).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { fmt } from '../lib/report.mjs';
import { fanOut } from './run-command.mjs';

const ACTIVE_NODES = 1000;
const IDLE_NODES = 10_000;
const MAX_SECONDS = 5;
const MAX_IDLE_KB = 100;
const IDLE_SECONDS = 10;

/** Ten lines of ordinary shell: a loop, arithmetic, files, a pipeline, node facts. */
export const SCRIPT = [
  'for i in 1 2 3; do echo "step $i"; done',
  'total=$((6 * 7))',
  'echo "total=$total"',
  'mkdir -p /opt/app/conf',
  'echo "port=8080" > /opt/app/conf/app.conf',
  'grep -c port /opt/app/conf/app.conf',
  '. /etc/os-release && echo "$NAME $VERSION_ID"',
  'hostname | tr a-z A-Z',
  'df -h / | tail -1 | wc -l',
  'test -f /opt/app/conf/app.conf && echo ready',
];

/** just-bash without the emulator: new interpreters with an os-release, the script run twice in parallel. */
async function bare(script) {
  const { Bash } = await import('just-bash');
  const files = { '/etc/os-release': 'NAME="Amazon Linux"\nVERSION_ID="2023"\n' };
  const text = script.join('\n');
  let t = performance.now();
  const shells = Array.from({ length: ACTIVE_NODES }, () => new Bash({ defenseInDepth: false, files }));
  await Promise.all(shells.map((b) => b.exec(text)));
  const first = performance.now() - t;
  t = performance.now();
  await Promise.all(shells.map((b) => b.exec(text)));
  return { first, second: performance.now() - t };
}

const group = (count) =>
  `version: 1\ngroups:\n  - namePrefix: sh\n    count: ${count}\n    os: amazon-linux-2023\n    tags: { Group: bench }\n`;

export default {
  name: 'shell',
  description: `${fmt.int(ACTIVE_NODES)} nodes run a 10-line script in their simulated shell; idle node memory`,
  async run(ctx) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ssm-bench-shell-'));
    const notes = [];
    const checks = [];
    const rows = [];
    const raw = {};
    try {
      // 1. Fan-out: every node builds its shell on this first command, then runs the script.
      writeFileSync(join(dir, 'active.yaml'), group(ACTIVE_NODES));
      await ctx.waitIdle();
      let server = await ctx.servers.startEmulatorWithFleet(join(dir, 'active.yaml'));
      try {
        const before = server.rss();
        const first = await fanOut(server, SCRIPT);
        const second = first.failure ? first : await fanOut(server, SCRIPT);
        raw.fanOut = { before, first, second };
        if (first.failure || second.failure) notes.push(`fan-out: ${first.failure ?? second.failure}`);
        else {
          const perShellKb = ((first.rss.rssMb - before.rssMb) * 1024) / ACTIVE_NODES;
          rows.push(['first command (each node builds its shell), s', (first.ms / 1000).toFixed(2)]);
          rows.push(['second command (shells exist), s', (second.ms / 1000).toFixed(2)]);
          rows.push(['status / completed', `${first.status} / ${fmt.int(first.completed)}`]);
          rows.push(['RSS growth per node with a shell, KB', perShellKb.toFixed(0)]);
          checks.push({
            label: `${fmt.int(ACTIVE_NODES)} nodes run a 10-line script (first command): all terminal`,
            value: first.ms / 1000,
            display: `${(first.ms / 1000).toFixed(2)} s`,
            target: `< ${MAX_SECONDS} s`,
            ok: first.ms / 1000 < MAX_SECONDS && first.status === 'Success',
          });
        }
      } finally {
        await server.stop();
      }

      // 1b. The ceiling: just-bash alone, in this process, the same script on as many fresh interpreters
      // (what the machine gives just-bash now: the emulator's times read against it).
      await ctx.waitIdle();
      const base = await bare(SCRIPT);
      raw.bare = base;
      rows.push([
        'just-bash alone: first / second run, s',
        `${(base.first / 1000).toFixed(2)} / ${(base.second / 1000).toFixed(2)}`,
      ]);
      if (raw.fanOut?.first?.ms)
        rows.push(['emulator / just-bash alone, first run', (raw.fanOut.first.ms / base.first).toFixed(2)]);

      // 2. Idle nodes: no shell until a first command, so a node costs what it cost before.
      const idle = {};
      for (const [label, count] of [
        ['none', 0],
        ['idle', IDLE_NODES],
      ]) {
        const file = join(dir, `${label}.yaml`);
        writeFileSync(file, count ? group(count) : 'version: 1\nnodes: []\n');
        await ctx.waitIdle();
        server = await ctx.servers.startEmulatorWithFleet(file);
        try {
          await sleep(IDLE_SECONDS * 1000);
          idle[label] = server.rss().rssMb;
        } finally {
          await server.stop();
        }
      }
      const perIdleKb = ((idle.idle - idle.none) * 1024) / IDLE_NODES;
      raw.idle = idle;
      rows.push([
        `RSS with no nodes / ${fmt.int(IDLE_NODES)} idle nodes, MB`,
        `${fmt.mb(idle.none)} / ${fmt.mb(idle.idle)}`,
      ]);
      rows.push(['RSS per idle node, KB', perIdleKb.toFixed(1)]);
      checks.push({
        label: 'memory per idle virtual node',
        value: perIdleKb,
        display: `${perIdleKb.toFixed(1)} KB`,
        target: `< ${MAX_IDLE_KB} KB`,
        ok: perIdleKb < MAX_IDLE_KB,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    notes.push(
      `Fan-out: one fleet-file group of ${fmt.int(ACTIVE_NODES)} amazon-linux-2023 nodes, SendCommand AWS-RunShellScript with the ${SCRIPT.length}-line script of bench/scenarios/shell.mjs to tag:Group=bench, MaxConcurrency 100%; done = ListCommands terminal with CompletedCount = TargetCount. The same command is sent twice: first when no node has a shell yet, then again. Idle: RSS ${IDLE_SECONDS} s after start-up of a fleet file with ${fmt.int(IDLE_NODES)} nodes against one with none.`,
    );
    return {
      title: 'shell: the simulated shell of virtual nodes',
      tables: [{ columns: ['measure', 'value'], rows }],
      checks,
      notes,
      raw,
    };
  },
};
