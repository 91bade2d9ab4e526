#!/usr/bin/env node
// Seeds parameters /app{i%10}/env{..}/key{..} through PutParameter over HTTP, N requests in flight.
// Usage: node bench/seed-parameters.mjs --endpoint http://127.0.0.1:4583 --count 100000 [--from 0] [--concurrency 16]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { describeFailure, ssmClient } from './lib/ssm.mjs';

// AWS allows 10,000 standard and 100,000 advanced parameters per account and Region
// (docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html).
const STANDARD_TIER_LIMIT = 10_000;

/**
 * Index i -> a unique name 3 levels deep: 10 apps x 10 envs, then keys. One app holds a tenth of the
 * store (100 of 1,000), so its paged reads fill whole pages at every size compared.
 */
export function parameterName(i) {
  return `/app${i % 10}/env${Math.floor(i / 10) % 10}/key${Math.floor(i / 100)}`;
}

/** PutParameter for every index in [from, to); rejects on the first failure. */
export async function seedParameters(endpoint, { from = 0, to, concurrency = 16, onProgress }) {
  const client = ssmClient(endpoint, { maxSockets: concurrency });
  const started = performance.now();
  let next = from;
  let done = 0;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const input = { Name: parameterName(i), Value: `value-${i}-${'x'.repeat(24)}`, Type: 'String' };
      if (i >= STANDARD_TIER_LIMIT) input.Tier = 'Advanced';
      const res = await client.call('PutParameter', input);
      if (res.status !== 200) throw new Error(`PutParameter ${input.Name} (#${i}): ${describeFailure(res)}`);
      if ((from + ++done) % 10_000 === 0) onProgress?.(from + done);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    client.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { count: to - from, seconds, putsPerSecond: (to - from) / seconds };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string', default: 'http://127.0.0.1:4583' },
      count: { type: 'string', default: '1000' },
      from: { type: 'string', default: '0' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const from = Number(values.from);
  const r = await seedParameters(values.endpoint, {
    from,
    to: from + Number(values.count),
    concurrency: Number(values.concurrency),
    onProgress: (n) => process.stderr.write(`${n} parameters\n`),
  });
  process.stdout.write(
    `seeded ${r.count} parameters in ${r.seconds.toFixed(1)} s (${Math.round(r.putsPerSecond)}/s)\n`,
  );
}
