// Closed-loop HTTP load against one endpoint: wrk when installed (C, lighter on the shared CPU),
// else the autocannon programmatic API. Both report rps and latency p50/p99 in milliseconds.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { which } from './proc.mjs';

export function pickTool(wanted) {
  if (wanted === 'autocannon') return 'autocannon';
  const wrk = which('wrk');
  if (wanted === 'wrk' && !wrk) throw new Error('--tool wrk: wrk is not installed (apt-get install -y wrk)');
  return wrk ? 'wrk' : 'autocannon';
}

/**
 * One closed-loop run of `duration` seconds. request: { url, headers, body }.
 * Returns { tool, rps, p50, p99, requests, failures, seconds } (latencies in ms).
 */
export async function runLoad(request, { tool, connections, duration, pipelining }) {
  const run = tool === 'wrk' ? runWrk : runAutocannon;
  return { tool, ...(await run(request, { connections, duration, pipelining })) };
}

async function runAutocannon({ url, headers, body }, { connections, duration, pipelining }) {
  const r = await autocannon({ url, method: 'POST', headers, body, connections, duration, pipelining });
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    failures: r.non2xx + r.errors,
    seconds: r.duration,
  };
}

// wrk reports through a Lua `done` hook as one JSON line; latencies come in microseconds.
const WRK_REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK-RESULT {"requests":%d,"us":%d,"failures":%d,"p50":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;

async function runWrk({ url, headers, body }, { connections, duration, pipelining }) {
  const dir = mkdtempSync(join(os.tmpdir(), 'ssm-bench-wrk-'));
  const script = join(dir, 'request.lua');
  const lua = (s) => `[==[${s}]==]`;
  const headerLines = Object.entries(headers).map(([k, v]) => `wrk.headers[ ${lua(k)} ] = ${lua(v)}`);
  const pipeline =
    pipelining > 1
      ? `init = function(args) batch = string.rep(wrk.format(), ${pipelining}) end\nrequest = function() return batch end\n`
      : '';
  writeFileSync(
    script,
    ['wrk.method = "POST"', `wrk.body = ${lua(body)}`, ...headerLines, pipeline, WRK_REPORT].join('\n'),
  );
  try {
    const args = ['-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '10s', '-s', script, url];
    const out = await new Promise((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`)),
      );
    });
    const line = /WRK-RESULT (\{.*\})/.exec(out);
    if (!line) throw new Error(`wrk printed no result: ${out}`);
    const r = JSON.parse(line[1]);
    return {
      rps: r.requests / (r.us / 1e6),
      p50: r.p50 / 1000,
      p99: r.p99 / 1000,
      requests: r.requests,
      failures: r.failures,
      seconds: r.us / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
