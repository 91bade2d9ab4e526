// Does a ListDocuments page cost O(page)? Page latency over 100 and over 5,000 own documents, with the
// AWS-owned catalog merged in (target: within 2x).
import { fmt, percentile } from '../lib/report.mjs';
import { describeFailure, ssmClient } from '../lib/ssm.mjs';

const SIZES = [100, 5000];
const MAX_GROWTH = 2;
const SAMPLES = 600;
const WARMUP = 200;
const SEED_CONCURRENCY = 16;
const CONTENT = JSON.stringify({
  schemaVersion: '2.2',
  description: 'bench',
  mainSteps: [{ action: 'aws:runShellScript', name: 'run', inputs: { runCommand: ['echo hi'] } }],
});
const QUERIES = [
  { label: 'ListDocuments (own + Amazon), MaxResults 50, first pages', body: { MaxResults: 50 }, skip: 0 },
  {
    label: 'ListDocuments Owner=Self, MaxResults 50, deep pages (20-22 at 5,000)',
    body: { MaxResults: 50, Filters: [{ Key: 'Owner', Values: ['Self'] }] },
    skip: 20,
  },
];

export default {
  name: 'list-documents',
  description: 'ListDocuments page latency over 100 and 5,000 own documents plus the catalog',
  async run(ctx) {
    const title = `list-documents: pages over ${SIZES.map(fmt.int).join(' and ')} own documents`;
    const server = await ctx.servers.startEmulator();
    const client = ssmClient(server.endpoint, { maxSockets: SEED_CONCURRENCY });
    try {
      const levels = [];
      let seeded = 0;
      for (const size of SIZES) {
        ctx.log(`  creating documents ${seeded}..${size}`);
        await seed(client, seeded, size);
        seeded = size;
        await ctx.waitIdle();
        const queries = [];
        // The deep query reads pages as far in as the smaller store has them.
        for (const q of QUERIES)
          queries.push(
            await sample(client, { ...q, skip: Math.max(0, Math.min(q.skip, Math.floor(size / 50) - 3)) }),
          );
        levels.push({ size, queries });
      }
      return report(title, levels);
    } finally {
      client.close();
      await server.stop();
    }
  },
};

async function seed(client, from, to) {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const name = `bench-doc-${String(i).padStart(6, '0')}`;
      const res = await client.call('CreateDocument', {
        Name: name,
        Content: CONTENT,
        DocumentType: 'Command',
      });
      if (res.status !== 200) throw new Error(`CreateDocument ${name}: ${describeFailure(res)}`);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

// Walks to the query's pages once to learn their tokens, then requests three pages round-robin.
async function sample(client, query) {
  const bodies = [];
  let token;
  for (let page = 0; page < query.skip + 3; page++) {
    const body = token ? { ...query.body, NextToken: token } : query.body;
    const res = await client.call('ListDocuments', body);
    if (res.status !== 200) return { failure: describeFailure(res) };
    if (page >= query.skip) bodies.push(body);
    token = res.json?.NextToken;
    if (!token) break;
  }
  if (bodies.length === 0) return { failure: `fewer than ${query.skip} pages` };
  const latencies = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const res = await client.call('ListDocuments', bodies[i % bodies.length]);
    if (res.status !== 200) return { failure: describeFailure(res) };
    if (i >= WARMUP) latencies.push(res.ms);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function report(title, levels) {
  const rows = QUERIES.flatMap((q, qi) =>
    levels.map((l) => {
      const m = l.queries[qi];
      return [q.label, fmt.int(l.size), m.failure ? 'n/a' : fmt.ms(m.p50), m.failure ? 'n/a' : fmt.ms(m.p99)];
    }),
  );
  const [a, b] = [levels[0], levels[levels.length - 1]];
  const checks = QUERIES.map((q, qi) => {
    const growth =
      a.queries[qi].failure || b.queries[qi].failure ? NaN : b.queries[qi].p50 / a.queries[qi].p50;
    return {
      label: `${q.label}: p50 at ${fmt.int(b.size)} / ${fmt.int(a.size)}`,
      value: growth,
      display: Number.isFinite(growth) ? `${fmt.ratio(growth)}x` : 'n/a',
      target: `<= ${MAX_GROWTH}x`,
      ok: Number.isFinite(growth) ? growth <= MAX_GROWTH : null,
    };
  });
  const notes = levels.flatMap((l) =>
    l.queries.filter((m) => m.failure).map((m) => `${fmt.int(l.size)} documents: ${m.failure}`),
  );
  notes.push(
    `Latency: ${SAMPLES} sequential requests per query and size on one keep-alive connection after ${WARMUP} warm-up requests, cycling through three consecutive pages. Documents made with CreateDocument over HTTP, ${SEED_CONCURRENCY} in flight.`,
  );
  return {
    title,
    tables: [{ columns: ['query', 'own documents', 'p50 ms', 'p99 ms'], rows }],
    checks,
    notes,
    raw: levels,
  };
}
