// Does a page cost O(page)? Latency of paged GetParametersByPath / DescribeParameters at 1,000 and at
// 100,000 parameters (targets: within 2x), and the server's RSS after seeding 100,000 (< 150 MB).
import { seedParameters } from '../seed-parameters.mjs';
import { fmt, percentile } from '../lib/report.mjs';
import { describeFailure, ssmClient } from '../lib/ssm.mjs';
import { NOISY, pct, watchOthers } from '../lib/idle.mjs';

const MAX_GROWTH = 2;
const MAX_RSS_MB = 150;
const WARMUP_SAMPLES = 1000;
const SAMPLES = 2000;
/** SAMPLES are taken in this many rounds, alternating between the store sizes. */
const ROUNDS = 4;
const SEED_CONCURRENCY = 16;
const PATH_FILTER = [{ Key: 'Path', Option: 'Recursive', Values: ['/app7'] }];
// One level below /app7/env3: 10 parameters at 1,000, 1,000 at 100,000 (seed-parameters.mjs names), so
// its pages hold 10 at most: one full page at 1,000.
const ONE_LEVEL = '/app7/env3';
const QUERIES = [
  {
    label: 'GetParametersByPath /app7 Recursive, MaxResults 10',
    operation: 'GetParametersByPath',
    body: { Path: '/app7', Recursive: true, MaxResults: 10 },
    pages: 5,
  },
  {
    label: 'GetParametersByPath / Recursive, MaxResults 10',
    operation: 'GetParametersByPath',
    body: { Path: '/', Recursive: true, MaxResults: 10 },
    pages: 5,
  },
  {
    label: 'DescribeParameters MaxResults 50',
    operation: 'DescribeParameters',
    body: { MaxResults: 50 },
    pages: 3,
  },
  {
    label: 'DescribeParameters Path=/app7 Recursive, MaxResults 50',
    operation: 'DescribeParameters',
    body: { MaxResults: 50, ParameterFilters: PATH_FILTER },
    pages: 3,
  },
  {
    label: `GetParametersByPath ${ONE_LEVEL} (one level), MaxResults 10`,
    operation: 'GetParametersByPath',
    body: { Path: ONE_LEVEL, MaxResults: 10 },
    pages: 5,
  },
  {
    label: `DescribeParameters Path=${ONE_LEVEL} OneLevel, MaxResults 10`,
    operation: 'DescribeParameters',
    body: { MaxResults: 10, ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: [ONE_LEVEL] }] },
    pages: 3,
  },
];

export default {
  name: 'parameters-scale',
  description: 'paged GetParametersByPath / DescribeParameters latency at 1k and 100k parameters; RSS',
  async run(ctx) {
    const { sizes, store } = ctx.scale;
    const title = `parameters-scale: paged reads at ${sizes.map(fmt.int).join(' and ')} parameters (${store} store)`;
    // One server per size, side by side: the sizes are then sampled in alternating rounds, so a
    // machine that slows down for a minute slows every size alike instead of skewing the ratio.
    const levels = [];
    try {
      for (const size of sizes) {
        const server = await ctx.servers.startEmulator({ store });
        const client = ssmClient(server.endpoint, { maxSockets: 1 });
        levels.push({ size, server, client, queries: [] });
        if (levels.length === 1) {
          const probe = await client.call('PutParameter', {
            Name: '/bench/probe',
            Value: 'v',
            Type: 'String',
          });
          if (probe.status !== 200) return notMeasurable(title, `PutParameter: ${describeFailure(probe)}`);
          await client.call('DeleteParameter', { Name: '/bench/probe' }); // best effort: keeps the counts exact
        }
      }
      for (const l of levels) {
        ctx.log(`  seeding ${fmt.int(l.size)} parameters (${SEED_CONCURRENCY} in flight)...`);
        l.seed = await seedParameters(l.server.endpoint, {
          to: l.size,
          concurrency: SEED_CONCURRENCY,
          onProgress: (n) => ctx.log(`    ${fmt.int(n)}`),
        });
        l.memory = l.server.rss();
      }
      const busyBefore = await ctx.waitIdle();
      ctx.log(
        `  measuring ${QUERIES.length} queries x ${SAMPLES} requests per size, ${ROUNDS} interleaved rounds`,
      );
      // Every query once first, so the first one measured does not pay for the JIT or the seeding's garbage.
      for (const l of levels) for (const q of QUERIES) await warmUp(l.client, q);
      for (const q of QUERIES) {
        const measured = await measureQuery(ctx, levels, q);
        levels.forEach((l, i) => l.queries.push({ ...q, ...measured[i] }));
      }
      for (const l of levels) {
        l.busyBefore = busyBefore;
        l.memoryAfterQueries = l.server.rss();
      }
      return report(title, levels, store);
    } finally {
      for (const l of levels) {
        l.client.close();
        await l.server.stop();
      }
    }
  },
};

// Walks the first `pages` pages once to learn their NextTokens: the bodies a sampling cycles through.
async function pageBodies(client, query) {
  const bodies = [];
  let token;
  for (let page = 0; page < query.pages; page++) {
    const body = token ? { ...query.body, NextToken: token } : query.body;
    const res = await client.call(query.operation, body);
    if (res.status !== 200) return { failure: describeFailure(res) };
    bodies.push(body);
    token = res.json?.NextToken;
    if (!token) break;
  }
  return { bodies };
}

async function warmUp(client, query) {
  const { bodies } = await pageBodies(client, query);
  for (let i = 0; bodies && i < WARMUP_SAMPLES; i++)
    await client.call(query.operation, bodies[i % bodies.length]);
}

// SAMPLES requests per size, one at a time, in ROUNDS rounds that alternate between the sizes (ABBA...).
// A sampling during which other processes used over NOISY of the machine is repeated once.
async function measureQuery(ctx, levels, query) {
  for (let attempt = 1; ; attempt++) {
    const others = watchOthers(() => levels.reduce((ms, l) => ms + l.server.cpuMs(), 0));
    const runs = [];
    for (const l of levels) {
      const pages = await pageBodies(l.client, query);
      if (pages.failure) return levels.map(() => ({ failure: pages.failure }));
      runs.push({ level: l, bodies: pages.bodies, latencies: [], cpuMs: 0, requests: pages.bodies.length });
    }
    const perRound = Math.ceil(SAMPLES / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const r of round % 2 ? [...runs].reverse() : runs) {
        const cpuBefore = r.level.server.cpuMs();
        for (let i = 0; i < perRound; i++) {
          const res = await r.level.client.call(
            query.operation,
            r.bodies[r.latencies.length % r.bodies.length],
          );
          if (res.status !== 200) return levels.map(() => ({ failure: describeFailure(res) }));
          r.latencies.push(res.ms);
        }
        r.cpuMs += r.level.server.cpuMs() - cpuBefore;
        r.requests += perRound;
      }
    }
    const otherLoad = others();
    const measured = runs.map((r) => ({
      requests: r.requests,
      pagesWalked: r.bodies.length,
      p50: percentile(r.latencies, 50),
      p99: percentile(r.latencies, 99),
      cpuUsPerRequest: (r.cpuMs * 1000) / (r.requests - r.bodies.length),
      otherLoad,
      latencies: r.latencies,
    }));
    if (!(otherLoad > NOISY) || attempt >= 2) return measured;
    ctx.log(`  ${query.label}: other processes used ${pct(otherLoad)} of the machine meanwhile; once more`);
    await ctx.waitIdle();
  }
}

function report(title, levels, store) {
  const first = levels[0];
  const last = levels[levels.length - 1];
  const seedRows = levels.map((l) => [
    fmt.int(l.size),
    l.seed.seconds.toFixed(1),
    fmt.int(l.seed.putsPerSecond),
    fmt.mb(l.memory.rssMb),
    fmt.mb(l.memoryAfterQueries.peakMb),
  ]);
  const latencyRows = QUERIES.flatMap((q, qi) =>
    levels.map((l) => {
      const m = l.queries[qi];
      return m.failure
        ? [q.label, fmt.int(l.size), 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']
        : [
            q.label,
            fmt.int(l.size),
            m.pagesWalked,
            fmt.ms(m.p50),
            fmt.ms(m.p99),
            fmt.int(m.cpuUsPerRequest),
            pct(m.otherLoad),
          ];
    }),
  );
  const checks = [];
  const notes = [];
  if (levels.length > 1) {
    QUERIES.forEach((q, qi) => {
      const a = first.queries[qi];
      const b = last.queries[qi];
      // The target is on latency; server CPU per request says the same with less noise (no target).
      for (const p of ['p50', 'p99', 'cpuUsPerRequest']) {
        const growth = a.failure || b.failure ? NaN : b[p] / a[p];
        const hasTarget = p !== 'cpuUsPerRequest';
        checks.push({
          label: `${q.label}: ${hasTarget ? p : 'server CPU/req'} at ${fmt.int(last.size)} / ${fmt.int(first.size)}`,
          value: growth,
          display: Number.isFinite(growth) ? `${fmt.ratio(growth)}x` : 'n/a',
          target: hasTarget ? `<= ${MAX_GROWTH}x` : undefined,
          ok: hasTarget ? (Number.isFinite(growth) ? growth <= MAX_GROWTH : null) : undefined,
        });
      }
    });
  }
  checks.push({
    label: `server RSS after seeding ${fmt.int(last.size)} parameters`,
    value: last.memory.rssMb,
    display: `${fmt.mb(last.memory.rssMb)} MB`,
    target: `< ${MAX_RSS_MB} MB`,
    ok: last.memory.rssMb < MAX_RSS_MB,
  });
  QUERIES.forEach((q, qi) => {
    const failed = levels.find((l) => l.queries[qi].failure);
    if (failed) notes.push(`${q.label}: not measurable, the emulator answers ${failed.queries[qi].failure}.`);
  });
  notes.push(
    `Latency: one emulator per size, side by side; ${SAMPLES} sequential requests per query and size on one keep-alive connection, in ${ROUNDS} rounds that alternate between the sizes (after ${WARMUP_SAMPLES} warm-up requests of every query), cycling through the first pages (NextToken) of the query. others CPU: share of the machine other processes used meanwhile.`,
    `Seeding: PutParameter over HTTP, ${SEED_CONCURRENCY} in flight; from #10,000 on with Tier=Advanced (AWS's standard-tier limit is 10,000). Store: ${store === 'memory' ? '--in-memory' : '--data-dir (fresh temp dir)'}.`,
  );
  return {
    title,
    tables: [
      {
        title: 'Seeding and memory',
        columns: ['parameters', 'seed s', 'puts/s', 'RSS MB after seeding', 'peak RSS MB'],
        rows: seedRows,
      },
      {
        title: 'Paged reads (ms per request)',
        columns: ['query', 'parameters', 'pages', 'p50 ms', 'p99 ms', 'server CPU us/req', 'others CPU'],
        rows: latencyRows,
      },
    ],
    checks,
    notes,
    raw: levels.map(({ server: _server, client: _client, ...l }) => ({
      ...l,
      queries: l.queries.map(({ latencies: _unused, ...q }) => q),
    })),
  };
}

function notMeasurable(title, failure) {
  return {
    title,
    tables: [],
    checks: [
      {
        label: 'paged reads at scale, RSS',
        value: NaN,
        display: 'n/a',
        target: `<= ${MAX_GROWTH}x, < ${MAX_RSS_MB} MB`,
        ok: null,
      },
    ],
    notes: [
      `Not yet measurable: the emulator answers ${failure.replace(/\.$/, '')}. Re-run \`npm run build && node bench/run.mjs parameters-scale\` once it is implemented.`,
    ],
    raw: { failure },
  };
}
