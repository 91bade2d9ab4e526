// Load measurements of the targets of one scenario. Each target must first answer one request with 200
// (else the numbers would measure an error path); then every target is warmed up, and measured in
// `rounds` interleaved rounds (A B C A B C ...). A run disturbed by other processes is repeated once.
// Tables show each target's best round; ratios are paired within rounds; raw results keep every run.
import { runLoad } from './load.mjs';
import { describeFailure, ssmClient, ssmHeaders } from './ssm.mjs';
import { fmt, percentile } from './report.mjs';
import { NOISY, pct, watchOthers } from './idle.mjs';

const MAX_ATTEMPTS = 2; // a disturbed run is repeated once

/** targets: [{ key, server, operation, body }] -> { [key]: { measured, rps, p50, p99, ... } | { measured: false, failure } } */
export async function compareTargets(ctx, targets) {
  const { warmup, rounds } = ctx.load;
  const results = {};
  const live = [];
  for (const t of targets) {
    const res = await probe(t.server, t.operation, t.body);
    if (res.status === 200) live.push(t);
    else results[t.key] = { measured: false, failure: `${t.operation}: ${describeFailure(res)}` };
  }
  const requests = new Map(live.map((t) => [t, toRequest(t)]));
  if (warmup > 0) {
    ctx.log(`  warm-up ${warmup}s each: ${live.map((t) => t.key).join(', ')}`);
    for (const t of live) await runLoad(requests.get(t), { ...ctx.load, duration: warmup });
  }
  const runs = new Map(live.map((t) => [t, []])); // every run, disturbed ones included
  const accepted = new Map(live.map((t) => [t, []])); // one run per round: the last attempt
  for (let round = 1; round <= rounds; round++) {
    ctx.log(`  round ${round}/${rounds}, ${ctx.load.duration}s each: ${live.map((t) => t.key).join(', ')}`);
    for (const t of live) {
      for (let attempt = 1; ; attempt++) {
        await ctx.waitIdle();
        const run = await measureOnce(t, requests.get(t), ctx.load);
        runs.get(t).push(run);
        if (!(run.otherLoad > NOISY) || attempt >= MAX_ATTEMPTS) {
          accepted.get(t).push(run);
          break;
        }
        ctx.log(`  ${t.key}: other processes used ${pct(run.otherLoad)} of the machine meanwhile; once more`);
      }
    }
  }
  for (const t of live) {
    const perRound = accepted.get(t);
    const best = perRound.reduce((a, b) => (b.rps > a.rps ? b : a));
    results[t.key] = {
      measured: true,
      operation: t.operation,
      ...best,
      connections: ctx.load.connections,
      pipelining: ctx.load.pipelining,
      failures: runs.get(t).reduce((n, r) => n + r.failures, 0),
      perRound,
      allRuns: runs.get(t),
      memory: t.server.rss(),
    };
  }
  return results;
}

async function measureOnce(target, request, load) {
  const cpuBefore = target.server.cpuMs();
  const others = watchOthers(() => target.server.cpuMs());
  const r = await runLoad(request, load);
  const cpuUsPerRequest = ((target.server.cpuMs() - cpuBefore) * 1000) / r.requests;
  return { ...r, cpuUsPerRequest, otherLoad: others() };
}

export function probe(server, operation, body) {
  const client = ssmClient(server.endpoint, { maxSockets: 1 });
  return client.call(operation, body).finally(() => client.close());
}

function toRequest({ server, operation, body }) {
  return { url: `${server.endpoint}/`, headers: ssmHeaders(operation), body: JSON.stringify(body) };
}

export const LOAD_COLUMNS = [
  'target',
  'request',
  'req/s',
  'p50 ms',
  'p99 ms',
  'failed',
  'server CPU us/req',
  'RSS MB',
  'others CPU',
];

export function loadNote(load) {
  return `Each target: ${load.warmup}s warm-up, then ${load.rounds} interleaved rounds of ${load.duration}s with ${load.connections} connections (${load.tool}); a run disturbed by other processes is repeated once. The table shows each target's best round; ratios are the median of the ratios within a round. server CPU us/req: the server process's CPU time per request. others CPU: share of the machine other processes used during that run.`;
}

/** One table row; `others CPU` is the share of the machine other processes used during the reported run. */
export function loadRow(target, request, r) {
  if (!r?.measured) return [target, request, ...Array(LOAD_COLUMNS.length - 2).fill('n/a')];
  const { rps, p50, p99, failures, cpuUsPerRequest, memory, otherLoad } = r;
  return [
    target,
    request,
    fmt.int(rps),
    fmt.ms(p50),
    fmt.ms(p99),
    fmt.int(failures),
    fmt.int(cpuUsPerRequest),
    fmt.mb(memory.rssMb),
    pct(otherLoad),
  ];
}

/**
 * emulator / ceiling, as the median over rounds of the ratio within a round (the two ran back to back,
 * under the same conditions); by req/s, or by server CPU per request (inverted: less is better), which
 * says what the throughput ratio would be with a whole core each. `minimum` makes it a target.
 */
export function ratioCheck(label, subject, ceiling, { minimum, by = 'rps' } = {}) {
  const value = subject?.measured && ceiling?.measured ? pairedRatio(subject, ceiling, by) : NaN;
  const measurable = Number.isFinite(value);
  return {
    label,
    value,
    display: measurable ? fmt.ratio(value) : 'n/a',
    target: minimum === undefined ? undefined : `>= ${minimum.toFixed(2)}`,
    ok: minimum === undefined ? undefined : measurable ? value >= minimum : null,
  };
}

function pairedRatio(subject, ceiling, by) {
  const ratios = subject.perRound.map((s, i) => {
    const c = ceiling.perRound[i];
    return by === 'rps' ? s.rps / c.rps : c.cpuUsPerRequest / s.cpuUsPerRequest;
  });
  return percentile(ratios, 50);
}

/** The checks of a bare / emulator / moto comparison: the target on req/s, the rest for information. */
export function comparisonChecks(results, minimum) {
  const { emulator, moto } = results;
  const bare = results['bare-fastify'];
  return [
    ratioCheck('emulator / bare-fastify (req/s)', emulator, bare, { minimum }),
    ratioCheck('emulator / bare-fastify (by server CPU per request)', emulator, bare, { by: 'cpu' }),
    ...(moto?.measured ? [ratioCheck('emulator / moto (req/s)', emulator, moto)] : []),
  ];
}

/** Notes on measurements that had failed requests: their numbers are suspect. */
export function failureNotes(results) {
  return Object.entries(results)
    .filter(([, r]) => r?.measured && r.failures > 0)
    .map(
      ([key, r]) =>
        `${key}: ${r.failures} failed requests (non-2xx or socket errors) during measurement; check before trusting it.`,
    );
}
