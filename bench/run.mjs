#!/usr/bin/env node
// Benchmarks of the built emulator against a bare Fastify route and moto_server (DESIGN.md section 9).
// Usage: node bench/run.mjs [scenario...] [options]   (see --help; results in docs/benchmarks.md)
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import * as servers from './lib/servers.mjs';
import { pickTool } from './lib/load.mjs';
import { waitForIdle } from './lib/idle.mjs';
import { markdownTable, renderResult, verdict } from './lib/report.mjs';
import coldStart from './scenarios/cold-start.mjs';
import protocol from './scenarios/protocol.mjs';
import getParameter from './scenarios/get-parameter.mjs';
import parametersScale from './scenarios/parameters-scale.mjs';
import listDocuments from './scenarios/list-documents.mjs';
import fleetScale from './scenarios/fleet-scale.mjs';
import runCommand from './scenarios/run-command.mjs';
import sessions from './scenarios/sessions.mjs';
import automation from './scenarios/automation.mjs';
import shell from './scenarios/shell.mjs';
import associations from './scenarios/associations.mjs';
import maintenanceWindows from './scenarios/maintenance-windows.mjs';
import patching from './scenarios/patching.mjs';

const SCENARIOS = [
  coldStart,
  protocol,
  getParameter,
  parametersScale,
  listDocuments,
  fleetScale,
  runCommand,
  sessions,
  automation,
  shell,
  associations,
  maintenanceWindows,
  patching,
];
// Busier than this (all CPUs, while the bench is idle) means something else shares the cores.
const BUSY_THRESHOLD = 0.15;

const USAGE = `Usage: node bench/run.mjs [scenario...] [options]

Scenarios (default: all, in this order):
${SCENARIOS.map((s) => `  ${s.name.padEnd(18)} ${s.description}`).join('\n')}

Options:
  --duration S       measured seconds per load target and round (default 4)
  --rounds N         interleaved measured rounds per target (default 3): tables show the best,
                     ratios are the median of the per-round ratios
  --warmup S         warm-up seconds per load target, discarded (default 2)
  --connections N    concurrent connections (default 10)
  --pipelining N     requests in flight per connection (default 1)
  --tool T           wrk | autocannon (default: wrk when installed)
  --sizes A,B        parameters-scale store sizes (default 1000,100000)
  --store S          parameters-scale emulator store: memory | disk (default memory)
  --wait-idle S      before each scenario and round, wait up to S seconds for other work on the
                     machine to stop (default 30; 0 only measures and warns)
  --no-pin           do not pin the server and the load generator to separate cores
  --timeout S        abort everything after S seconds (default 1800)
  --json             also write raw results to bench/results/<timestamp>.json

The emulator is the build in dist/ (npm run build); SSM_EMULATOR_DIST=/path/to/dist uses another.
`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    pipelining: { type: 'string', default: '1' },
    tool: { type: 'string' },
    sizes: { type: 'string', default: '1000,100000' },
    store: { type: 'string', default: 'memory' },
    'no-pin': { type: 'boolean', default: false },
    'wait-idle': { type: 'string', default: '30' },
    timeout: { type: 'string', default: '1800' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknown = positionals.filter((p) => !SCENARIOS.some((s) => s.name === p));
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}
const selected = positionals.length > 0 ? SCENARIOS.filter((s) => positionals.includes(s.name)) : SCENARIOS;
const positive = (name) => {
  const n = Number(values[name]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got '${values[name]}'`);
  return n;
};
if (!['memory', 'disk'].includes(values.store)) throw new Error(`--store must be memory or disk`);

const log = (line) => process.stderr.write(`${line}\n`);
const abort = (why, code) => {
  log(`bench: ${why}; stopping every server`);
  servers.killAllNow();
  process.exit(code);
};
const watchdog = setTimeout(() => abort(`timeout after ${values.timeout}s`, 3), positive('timeout') * 1000);
watchdog.unref();
process.once('SIGINT', () => abort('interrupted', 130));
process.once('exit', () => servers.killAllNow());
process.once('SIGTERM', () => abort('terminated', 143));

const ctx = {
  log,
  servers,
  cache: {},
  load: {
    tool: pickTool(values.tool),
    duration: positive('duration'),
    rounds: Math.round(positive('rounds')),
    warmup: Number(values.warmup),
    connections: positive('connections'),
    pipelining: positive('pipelining'),
  },
  waitIdle: () => waitForIdle({ maxWaitS: Number(values['wait-idle']), threshold: BUSY_THRESHOLD, log }),
  scale: { sizes: values.sizes.split(',').map(Number), store: values.store },
};
const machine = {
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.type()} ${os.release()}`,
  emulatorCli: servers.emulatorCli(),
  pinning: 'none',
};
const cpus = servers.setupPinning(!values['no-pin']);
machine.pinning = cpus ? `server on CPU ${cpus.server}, load generator on CPU ${cpus.load}` : 'none';

const started = performance.now();
const results = [];
let exitCode = 0;
log(
  `bench: ${selected.map((s) => s.name).join(', ')}; ${ctx.load.tool}, ${ctx.load.connections} connections, ` +
    `pipelining ${ctx.load.pipelining}, ${ctx.load.warmup}s warm-up + ${ctx.load.rounds} x ${ctx.load.duration}s per target; pinning: ${machine.pinning}`,
);
for (const scenario of selected) {
  log(`bench: ${scenario.name}...`);
  const busyBefore = await ctx.waitIdle();
  const t0 = performance.now();
  try {
    const result = await scenario.run(ctx);
    const seconds = (performance.now() - t0) / 1000;
    results.push({ scenario: scenario.name, seconds, busyBefore, ...result });
    process.stdout.write(`${renderResult(result)}\n`);
  } catch (err) {
    exitCode = 1;
    log(`bench: ${scenario.name} failed: ${err.stack ?? err}`);
    results.push({ scenario: scenario.name, error: String(err.message ?? err) });
  } finally {
    await servers.stopAll();
  }
}

const summary = results.flatMap((r) =>
  (r.checks ?? []).map((c) => [r.scenario, c.label, c.display, c.target ?? '-', verdict(c.ok)]),
);
process.stdout.write(
  `## Summary\n\n${markdownTable(['scenario', 'check', 'measured', 'target', 'result'], summary)}\n\n`,
);
process.stdout.write(
  `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; ` +
    `emulator ${machine.emulatorCli}; ${ctx.load.tool}; pinning: ${machine.pinning}; total ${((performance.now() - started) / 1000).toFixed(0)} s.\n`,
);

if (values.json) {
  const dir = join(servers.BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ machine, options: { ...ctx.load, ...ctx.scale }, results }, null, 2)}\n`,
  );
  log(`bench: raw results in ${file}`);
}
clearTimeout(watchdog);
process.exit(exitCode);
