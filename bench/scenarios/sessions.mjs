// Session Manager under load (issue #7): 100 concurrent shell sessions on one server with the keystroke
// echo round trip (p50/p99), then a port-forwarded bulk transfer against a direct local connection to
// the same TCP server, in the same run; RSS with the sessions open; every session closed at the end.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pct, watchOthers } from '../lib/idle.mjs';
import { cpuTimeOf, which } from '../lib/proc.mjs';
import { fmt, percentile } from '../lib/report.mjs';
import { SessionChannel } from '../lib/session-client.mjs';
import { describeFailure, ssmClient } from '../lib/ssm.mjs';

const SESSIONS = 100;
/** A brisk typist: 10 keystrokes a second in every session, each waiting for its echo (1,000/s in all). */
const TYPING_INTERVAL_MS = 100;
const WARMUP_S = 2;
const TYPING_S = 10;
const SATURATED_S = 5;
/** Echo slower than this is noticeable while typing (the usual 0.1 s limit for "instantaneous"). */
const MAX_ECHO_P99_MS = 100;
const TRANSFER_MB = 128;
const TRANSFER_ROUNDS = 3;
/** Uploads through the official plugin are capped near 1 MB/s by the plugin itself (see portForwarding). */
const PLUGIN_UPLOAD_MB = 8;
/** A transfer that has not finished by then failed (the slowest, plugin uploads, take about 12 s). */
const TRANSFER_TIMEOUT_MS = 120_000;
/** Request/response through the port: a 2,000-byte request (two 1024-byte messages), a 3-byte answer. */
const RPC_BYTES = 2000;
const RPC_REQUESTS = 200;
const RPC_ROUNDS = 2;
const NODE_PORT = 9000;
const PORT_NODE = 'i-0000000000000b0f1';
const KEY_TIMEOUT_MS = 10_000;
const MB = 2 ** 20;
const PLUGIN = 'session-manager-plugin';

export default {
  name: 'sessions',
  description: `${SESSIONS} concurrent shell sessions: keystroke echo p50/p99; port forwarding MB/s vs direct; RSS`,
  async run(ctx) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ssm-bench-sessions-'));
    const sink = await startSinkSource();
    const fleet = join(dir, 'fleet.yaml');
    writeFileSync(
      fleet,
      [
        'version: 1',
        'nodes:',
        `  - id: ${PORT_NODE}`,
        '    name: bench-port',
        // Basic port mode (an agent of 3.0.196.0): the bench client and the plugin path speak it, no smux framing,
        // and the numbers stay comparable with earlier runs. The node default (3.3) would make the plugin use smux.
        '    agentVersion: 3.0.196.0',
        `    facts: { ports: [${NODE_PORT}], portTargets: { '${NODE_PORT}': '127.0.0.1:${sink.port}' } }`,
        'groups:',
        '  - namePrefix: bench-shell',
        `    count: ${SESSIONS}`,
        '    os: amazon-linux-2023',
        '',
      ].join('\n'),
    );
    const server = await ctx.servers.startEmulatorWithFleet(fleet);
    const api = ssmClient(server.endpoint, { maxSockets: 16 });
    const shells = [];
    const ports = portSessions(api);
    let plugin;
    const raw = { sessions: SESSIONS };
    try {
      const targets = (await instanceIds(api)).filter((id) => id !== PORT_NODE).slice(0, SESSIONS);
      if (targets.length < SESSIONS) throw new Error(`only ${targets.length} shell nodes registered`);
      raw.rssBeforeMb = server.rss().rssMb;

      ctx.log(`  opening ${SESSIONS} shell sessions`);
      const t0 = performance.now();
      shells.push(...(await Promise.all(targets.map((target) => openShell(api, target)))));
      raw.openMs = performance.now() - t0;
      raw.activeWhileOpen = await activeCount(api);
      await sleep(1000);
      raw.rssOpenMb = server.rss().rssMb;

      ctx.log(`  typing: ${WARMUP_S}s warm-up, ${TYPING_S}s measured, then ${SATURATED_S}s back to back`);
      await typeAll(shells, WARMUP_S, TYPING_INTERVAL_MS);
      await ctx.waitIdle();
      raw.typing = await measured(server, () => typeAll(shells, TYPING_S, TYPING_INTERVAL_MS));
      raw.saturated = await measured(server, () => typeAll(shells, SATURATED_S, 0));
      raw.rssAfterTypingMb = server.rss().rssMb;

      ctx.log(
        `  port forwarding: ${RPC_ROUNDS} x ${RPC_REQUESTS} requests, ${TRANSFER_ROUNDS} rounds of ${TRANSFER_MB} MB each way; forwarded and direct`,
      );
      plugin = await officialPlugin(api, server.endpoint);
      raw.plugin = plugin ? 'session-manager-plugin' : `${PLUGIN} not on PATH`;
      raw.transfers = await portForwarding(ctx, server, sink, ports, plugin);
      await plugin?.stop();

      ctx.log('  terminating every session');
      raw.close = await closeAll(api, [...shells, ...ports.all], plugin ? [plugin.id] : []);
      return report(raw);
    } finally {
      for (const s of [...shells, ...ports.all]) s.channel.close();
      await plugin?.stop();
      api.close();
      await server.stop();
      sink.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

// ---- sessions ----

async function instanceIds(api) {
  const ids = [];
  let NextToken;
  do {
    const res = await api.call('DescribeInstanceInformation', { MaxResults: 50, NextToken });
    if (res.status !== 200) throw new Error(`DescribeInstanceInformation: ${describeFailure(res)}`);
    ids.push(...res.json.InstanceInformationList.map((i) => i.InstanceId));
    NextToken = res.json.NextToken;
  } while (NextToken);
  return ids;
}

async function startSession(api, body, onData) {
  const res = await api.call('StartSession', body);
  if (res.status !== 200) throw new Error(`StartSession ${JSON.stringify(body)}: ${describeFailure(res)}`);
  const channel = await SessionChannel.open(res.json.StreamUrl, res.json.TokenValue, { onData });
  return { id: res.json.SessionId, channel };
}

/** A shell as the plugin opens it: handshake, terminal size, then the prompt. */
async function openShell(api, target) {
  let text = '';
  let promptSeen;
  const prompt = new Promise((resolve) => (promptSeen = resolve));
  const s = await startSession(api, { Target: target }, (d) => {
    text += d.toString('latin1');
    if (text.endsWith('$ ')) promptSeen();
    return true;
  });
  s.channel.resize(300, 100); // what the plugin sends when stdout is not a terminal
  await withTimeout(prompt, KEY_TIMEOUT_MS, `no prompt from ${target}`);
  s.typist = typist(s.channel);
  return s;
}

/** Keystrokes with their echo: alternately a letter (echoed as itself) and DEL (echoed as "\b \b"). */
function typist(channel) {
  let pending;
  let letter = true;
  channel.onData = (d) => {
    if (!pending) return true;
    pending.got += d.length;
    if (pending.got >= pending.expect) {
      const p = pending;
      pending = undefined;
      p.resolve(performance.now() - p.t0);
    }
    return true;
  };
  return () =>
    new Promise((resolve, reject) => {
      const key = letter ? 'k' : '\x7f';
      pending = { expect: letter ? 1 : 3, got: 0, resolve, t0: performance.now() };
      letter = !letter;
      channel.type(key);
      const t = setTimeout(() => reject(new Error('no echo within 10 s')), KEY_TIMEOUT_MS);
      t.unref();
      const done = pending.resolve;
      pending.resolve = (ms) => {
        clearTimeout(t);
        done(ms);
      };
    });
}

/** Every session types for `seconds`: one key per `intervalMs` (0: the next key as soon as the echo is back). */
async function typeAll(shells, seconds, intervalMs) {
  const samples = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    shells.map(async (s) => {
      if (intervalMs) await sleep(Math.random() * intervalMs); // sessions out of step, as real users are
      let next = performance.now();
      while (performance.now() < until) {
        samples.push(await s.typist());
        if (!intervalMs) continue;
        next += intervalMs;
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        else next = performance.now();
      }
    }),
  );
  return { samples, seconds };
}

/** Runs `fn` and adds the server's CPU, the bench's own CPU and other processes' share of the machine. */
async function measured(server, fn) {
  const others = watchOthers(() => server.cpuMs());
  const cpu0 = server.cpuMs();
  const self0 = cpuTimeOf('self');
  const t0 = performance.now();
  const r = await fn();
  const wallMs = performance.now() - t0;
  return {
    ...r,
    wallMs,
    serverCpuMs: server.cpuMs() - cpu0,
    benchCpuMs: cpuTimeOf('self') - self0,
    othersCpu: others(),
  };
}

async function activeCount(api) {
  let n = 0;
  let NextToken;
  do {
    const res = await api.call('DescribeSessions', { State: 'Active', MaxResults: 200, NextToken });
    if (res.status !== 200) throw new Error(`DescribeSessions: ${describeFailure(res)}`);
    n += res.json.Sessions.length;
    NextToken = res.json.NextToken;
  } while (NextToken);
  return n;
}

async function closeAll(api, sessions, pluginIds) {
  const t0 = performance.now();
  await Promise.all(
    [...sessions.map((s) => s.id), ...pluginIds].map(async (id) => {
      const res = await api.call('TerminateSession', { SessionId: id });
      if (res.status !== 200) throw new Error(`TerminateSession: ${describeFailure(res)}`);
    }),
  );
  const closed = await Promise.all(
    sessions.map((s) =>
      withTimeout(s.channel.closed, 5000, 'channel_closed').then(
        () => s.channel.closedWith !== undefined,
        () => false,
      ),
    ),
  );
  const ms = performance.now() - t0;
  let active = await activeCount(api);
  for (let i = 0; i < 20 && active > 0; i++) {
    await sleep(100);
    active = await activeCount(api);
  }
  return {
    ms,
    terminated: sessions.length + pluginIds.length,
    clients: sessions.length,
    channelClosed: closed.filter(Boolean).length,
    active,
  };
}

// ---- port forwarding ----

/** A local TCP server: "PUT n\n" + n bytes is answered "OK\n"; "GET n\n" is answered with n bytes. */
async function startSinkSource() {
  const block = randomBytes(MB);
  const srv = net.createServer((sock) => {
    sock.setNoDelay(true);
    let line = '';
    let putLeft = 0;
    sock.on('error', () => undefined);
    sock.on('data', (d) => {
      for (let at = 0; at < d.length; ) {
        if (putLeft > 0) {
          const take = Math.min(putLeft, d.length - at);
          putLeft -= take;
          at += take;
          if (putLeft === 0) sock.write('OK\n');
          continue;
        }
        const nl = d.indexOf(10, at);
        line += d.toString('latin1', at, nl < 0 ? d.length : nl);
        if (nl < 0) return;
        at = nl + 1;
        const [verb, n] = line.split(' ');
        line = '';
        if (verb === 'PUT') putLeft = Number(n);
        else if (verb === 'GET') void pour(sock, Number(n), block);
      }
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { port: srv.address().port, close: () => srv.close() };
}

async function pour(sock, n, block) {
  for (let left = n; left > 0 && !sock.destroyed; ) {
    const chunk = left >= block.length ? block : block.subarray(0, left);
    left -= chunk.length;
    if (!sock.write(chunk)) await new Promise((r) => sock.once('drain', r));
  }
}

/** Port sessions to the sink; a new one replaces a session that ended in the middle of a transfer. */
function portSessions(api) {
  const all = [];
  let current;
  return {
    all,
    async pipe() {
      if (!current || current.channel.closedWith || current.channel.socketClosed) {
        const s = await startSession(api, {
          Target: PORT_NODE,
          DocumentName: 'AWS-StartPortForwardingSession',
          Parameters: { portNumber: [String(NODE_PORT)], localPortNumber: ['0'] },
        });
        if (s.channel.sessionType !== 'Port') throw new Error(`session type ${s.channel.sessionType}`);
        all.push(s);
        current = { ...s, pipe: forwardedPipe(s.channel) };
      }
      return current.pipe;
    },
  };
}

/**
 * Request/response and bulk transfers over a direct connection, through a port session with the bench client and,
 * when it is installed, through the official plugin's local port; interleaved (ABBA): the paths of a round ran back
 * to back.
 */
async function portForwarding(ctx, server, sink, ports, plugin) {
  const direct = await tcpPipe('direct', sink.port);
  const bytes = TRANSFER_MB * MB;
  const block = randomBytes(MB);
  const runs = [];
  const rpc = [];
  let pluginFailed = false; // its session cannot be replaced: its later runs are left out
  const paths = async (round) => {
    const all = [direct, await ports.pipe(), ...(plugin && !pluginFailed ? [plugin.pipe] : [])];
    return round % 2 ? all : all.reverse();
  };
  try {
    for (let round = 1; round <= RPC_ROUNDS; round++)
      for (const pipe of await paths(round)) {
        const r = await measured(server, () => pipe.requests(RPC_REQUESTS, RPC_BYTES, block));
        rpc.push({ round, path: pipe.name, ...r });
      }
    for (let round = 1; round <= TRANSFER_ROUNDS; round++)
      for (const direction of ['upload', 'download'])
        for (const pipe of await paths(round)) {
          await ctx.waitIdle();
          // The plugin sleeps 1 ms after every 1024-byte read in basic port mode (its ReadStream): ~1 MB/s up.
          const size = pipe.name === 'plugin' && direction === 'upload' ? PLUGIN_UPLOAD_MB * MB : bytes;
          let m;
          try {
            m = await measured(server, () =>
              direction === 'upload' ? pipe.upload(size, block) : pipe.download(size),
            );
          } catch (err) {
            m = { failed: String(err.message ?? err) };
            if (pipe.name === 'plugin') pluginFailed = true;
          }
          const mbps = m.failed ? NaN : size / MB / (m.wallMs / 1000);
          runs.push({ round, path: pipe.name, direction, bytes: size, ...m, mbps });
          ctx.log(`    round ${round} ${direction} ${pipe.name}: ${m.failed ?? `${mbps.toFixed(1)} MB/s`}`);
        }
  } finally {
    direct.close();
  }
  const channels = ports.all.map((s) => s.channel);
  return {
    runs,
    rpc,
    sessions: ports.all.length,
    resends: channels.reduce((n, c) => n + c.resends, 0),
    duplicates: channels.reduce((n, c) => n + c.duplicates, 0),
  };
}

/**
 * The official session-manager-plugin as the AWS CLI starts it (session-protocol.md 1.1), in basic port mode: the
 * bench connects to the local port it opens. Undefined when the plugin is not on PATH.
 */
async function officialPlugin(api, endpoint) {
  const bin = which(PLUGIN);
  if (!bin) return undefined;
  const request = {
    Target: PORT_NODE,
    DocumentName: 'AWS-StartPortForwardingSession',
    Parameters: { portNumber: [String(NODE_PORT)], localPortNumber: ['0'] },
  };
  const res = await api.call('StartSession', request);
  if (res.status !== 200) throw new Error(`StartSession: ${describeFailure(res)}`);
  const { SessionId, TokenValue, StreamUrl } = res.json;
  const child = spawn(
    bin,
    [
      JSON.stringify({ SessionId, TokenValue, StreamUrl }),
      'us-east-1',
      'StartSession',
      '',
      JSON.stringify(request),
      endpoint,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    },
  );
  const exited = new Promise((r) => child.once('exit', r));
  let out = '';
  const port = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Port (\d+) opened/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    exited.then((code) => reject(new Error(`${PLUGIN} exited (${code}): ${out.trim()}`)));
  });
  child.stderr.resume();
  try {
    const pipe = await tcpPipe('plugin', await withTimeout(port, 15_000, `${PLUGIN} opening its port`));
    return {
      id: SessionId,
      pipe,
      // Ctrl-C: the plugin sends the TerminateSession flag and exits (session-protocol.md 7.3).
      async stop() {
        pipe.close();
        child.kill('SIGINT');
        await withTimeout(exited, 5000, `${PLUGIN} exit`).catch(() => child.kill('SIGKILL'));
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** Upload/download over anything that carries bytes both ways: `write` (awaitable) and a data callback. */
function pipe(name, write, setOnData, close, ended = new Promise(() => undefined)) {
  let waiting;
  // A session that ends mid-transfer fails the run at once, with the reason it was given.
  const failed = ended.then((why) => {
    throw new Error(`the session ended: ${why}`);
  });
  failed.catch(() => undefined);
  setOnData((d) => {
    waiting?.(d);
    return true;
  });
  const expect = (bytes) =>
    new Promise((resolve) => {
      let got = 0;
      waiting = (d) => {
        got += d.length;
        if (got >= bytes) {
          waiting = undefined;
          resolve();
        }
      };
    });
  const put = async (bytes, block) => {
    const ok = expect(3); // "OK\n"
    await write(Buffer.from(`PUT ${bytes}\n`));
    for (let left = bytes; left > 0; left -= block.length)
      await write(left >= block.length ? block : block.subarray(0, left));
    await withTimeout(Promise.race([ok, failed]), TRANSFER_TIMEOUT_MS, `${name} upload`);
  };
  return {
    name,
    close,
    async upload(bytes, block) {
      await put(bytes, block);
      return {};
    },
    async download(bytes) {
      const all = expect(bytes);
      await write(Buffer.from(`GET ${bytes}\n`));
      await withTimeout(Promise.race([all, failed]), TRANSFER_TIMEOUT_MS, `${name} download`);
      return {};
    },
    /** `count` requests of `bytes` one after the other, each answered with 3 bytes: ms per round trip. */
    async requests(count, bytes, block) {
      const samples = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        await put(bytes, block.subarray(0, bytes));
        samples.push(performance.now() - t0);
      }
      return { samples };
    },
  };
}

async function tcpPipe(name, portNumber) {
  const sock = net.connect(portNumber, '127.0.0.1');
  sock.setNoDelay(true);
  await new Promise((r, j) => sock.once('connect', r).once('error', j));
  let onData;
  let closing = false;
  sock.on('data', (d) => onData(d));
  sock.on('error', () => undefined);
  // The plugin closes its local connection when its session ends.
  const ended = new Promise((r) => sock.once('close', () => !closing && r('the local connection closed')));
  return pipe(
    name,
    (b) => (sock.write(b) ? undefined : new Promise((r) => sock.once('drain', r))),
    (fn) => (onData = fn),
    () => {
      closing = true;
      sock.destroy();
    },
    ended,
  );
}

function forwardedPipe(channel) {
  return pipe(
    'forwarded',
    (b) => channel.sendBytes(b),
    (fn) => (channel.onData = fn),
    () => undefined,
    channel.closed.then(() => JSON.stringify(channel.closedWith?.Output ?? 'socket closed')),
  );
}

// ---- report ----

function withTimeout(promise, ms, what) {
  let t;
  const timeout = new Promise((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(t));
}

function report(raw) {
  const t = raw.transfers;
  const typingRow = (label, m) => {
    const n = m.samples.length;
    return [
      label,
      fmt.int(n),
      fmt.int(n / (m.wallMs / 1000)),
      fmt.ms(percentile(m.samples, 50)),
      fmt.ms(percentile(m.samples, 99)),
      fmt.ms(Math.max(...m.samples)),
      fmt.int((m.serverCpuMs * 1000) / n),
      pct(m.othersCpu),
    ];
  };
  const paths = ['direct', 'forwarded', ...(t.rpc.some((r) => r.path === 'plugin') ? ['plugin'] : [])];
  const rpcRows = paths.map((path) => {
    const samples = t.rpc.filter((r) => r.path === path).flatMap((r) => r.samples);
    return [
      path,
      fmt.int(samples.length),
      fmt.ms(percentile(samples, 50)),
      fmt.ms(percentile(samples, 99)),
      fmt.ms(Math.max(...samples)),
    ];
  });
  const transferRows = [];
  const ratios = {};
  const failures = t.runs.filter((r) => r.failed);
  for (const direction of ['upload', 'download'])
    for (const path of paths) {
      const runs = t.runs.filter((r) => r.path === path && r.direction === direction);
      // Paired within a round: the paths of a round ran back to back.
      const direct = (r) =>
        t.runs.find((d) => d.path === 'direct' && d.direction === direction && d.round === r.round);
      if (path !== 'direct')
        ratios[`${path} ${direction}`] = {
          value: percentile(runs.map((r) => r.mbps / direct(r).mbps).filter(Number.isFinite), 50),
          mb: runs[0]?.bytes / MB,
        };
      const ok = runs.filter((r) => !r.failed);
      const median = (fn) => percentile(ok.map(fn), 50);
      transferRows.push([
        direction === 'upload' ? 'upload (client -> node port)' : 'download (node port -> client)',
        path,
        fmt.mb(median((r) => r.mbps)),
        runs.map((r) => (r.failed ? 'failed' : fmt.mb(r.mbps))).join(', '),
        fmt.int(median((r) => r.serverCpuMs / (r.bytes / MB))),
        pct(median((r) => r.serverCpuMs / r.wallMs)),
        pct(median((r) => r.benchCpuMs / r.wallMs)),
        pct(median((r) => r.othersCpu)),
      ]);
    }
  const typingP99 = percentile(raw.typing.samples, 99);
  const rpcForwarded = t.rpc.filter((r) => r.path === 'forwarded').flatMap((r) => r.samples);
  const checks = [
    {
      label: `shell sessions open at once (DescribeSessions State=Active)`,
      value: raw.activeWhileOpen,
      display: fmt.int(raw.activeWhileOpen),
      target: `${SESSIONS}`,
      ok: raw.activeWhileOpen === SESSIONS,
    },
    {
      label: `keystroke echo p99, ${SESSIONS} sessions typing ${1000 / TYPING_INTERVAL_MS} keys/s each`,
      value: typingP99,
      display: `${fmt.ms(typingP99)} ms`,
      target: `< ${MAX_ECHO_P99_MS} ms`,
      ok: typingP99 < MAX_ECHO_P99_MS,
    },
    {
      label: 'keystroke echo p50 (same run)',
      value: percentile(raw.typing.samples, 50),
      display: `${fmt.ms(percentile(raw.typing.samples, 50))} ms`,
      target: 'reported',
    },
    {
      label: `port forwarding (bench client), ${RPC_BYTES}-byte request / 3-byte answer, p50`,
      value: percentile(rpcForwarded, 50),
      display: `${fmt.ms(percentile(rpcForwarded, 50))} ms`,
      target: 'reported',
    },
    ...Object.entries(ratios).map(([key, { value, mb }]) => ({
      label: `port forwarding ${key.split(' ')[1]} MB/s, ${key.split(' ')[0]} / direct (${fmt.int(mb)} MB)`,
      value,
      display: value < 0.1 ? value.toFixed(3) : fmt.ratio(value),
      target: 'reported',
    })),
    {
      label: 'every transfer completes',
      value: failures.length,
      display: `${t.runs.length - failures.length} / ${t.runs.length}`,
      target: 'all',
      ok: failures.length === 0,
    },
    {
      label: `server RSS with ${SESSIONS} shell sessions open`,
      value: raw.rssOpenMb,
      display: `${fmt.mb(raw.rssOpenMb)} MB`,
      target: 'reported',
    },
    {
      label: 'sessions Active after TerminateSession of all (DescribeSessions)',
      value: raw.close.active,
      display: fmt.int(raw.close.active),
      target: '0',
      ok: raw.close.active === 0 && raw.close.channelClosed === raw.close.clients,
    },
  ];
  return {
    title: `sessions: ${SESSIONS} concurrent shell sessions and port forwarding`,
    tables: [
      {
        columns: [
          'keystrokes',
          'samples',
          'keys/s',
          'p50 ms',
          'p99 ms',
          'max ms',
          'server CPU us/key',
          'others CPU',
        ],
        rows: [
          typingRow(`${SESSIONS} sessions, each 1 key / ${TYPING_INTERVAL_MS} ms`, raw.typing),
          typingRow(`${SESSIONS} sessions, back to back`, raw.saturated),
        ],
      },
      {
        columns: [`request/response (${RPC_BYTES} B / 3 B)`, 'samples', 'p50 ms', 'p99 ms', 'max ms'],
        rows: rpcRows,
      },
      {
        columns: [
          'transfer',
          'path',
          'MB/s (median)',
          'rounds MB/s',
          'server CPU ms/MB',
          'server CPU',
          'bench CPU',
          'others CPU',
        ],
        rows: transferRows,
      },
      {
        columns: ['measure', 'value'],
        rows: [
          [`open ${SESSIONS} shells at once (StartSession to prompt), ms`, fmt.int(raw.openMs)],
          [
            'server RSS before / with sessions open / after typing, MB',
            [raw.rssBeforeMb, raw.rssOpenMb, raw.rssAfterTypingMb].map(fmt.mb).join(' / '),
          ],
          [
            'port sessions used / output resent by the server (duplicates received) / input resent',
            `${t.sessions} / ${fmt.int(t.duplicates)} / ${fmt.int(t.resends)}`,
          ],
          [
            `TerminateSession x ${raw.close.terminated}: channel_closed received by the bench's ${raw.close.clients} clients / ms`,
            `${raw.close.channelClosed} / ${fmt.int(raw.close.ms)}`,
          ],
          ['official plugin', raw.plugin],
          ['DescribeSessions State=Active afterwards', fmt.int(raw.close.active)],
        ],
      },
    ],
    checks,
    notes: [
      ...failures.map((r) => `round ${r.round} ${r.direction} ${r.path} failed: ${r.failed}`),
      `Each shell is a StartSession + data-channel websocket to its own scripted amazon-linux-2023 node, driven by bench/lib/session-client.mjs (token frame, handshake answer, acks, resends as the plugin does). A keystroke is one input_stream_data message; its echo is timed until the output_stream_data carrying it arrives (alternately a letter and DEL, echoed as "\\b \\b"). ${WARMUP_S} s of typing warm-up is discarded. server CPU us/key includes everything the server did meanwhile (heartbeats of the ${SESSIONS + 1} nodes, timers).`,
      `Port forwarding: AWS-StartPortForwardingSession to port ${NODE_PORT} of a node whose fleet file maps it (portTargets) to a TCP server in the bench process: "PUT n" + n bytes is answered "OK" (upload, and the request/response), "GET n" with n bytes (download). Paths: direct = a loopback connection to the same server; forwarded = a port session driven by the bench client, which sends 1024-byte messages as the plugin does and takes the bytes itself; plugin = another port session through the official ${PLUGIN} (started as the AWS CLI starts it, basic port mode: the node's agentVersion is pinned to 3.0.196.0), the bench connecting to the local port it opens; its uploads move ${PLUGIN_UPLOAD_MB} MB, since the plugin sleeps 1 ms after each 1024-byte read of its local connection (basic mode's ReadStream), about 1 MB/s. Interleaved ABBA (${RPC_ROUNDS} x ${RPC_REQUESTS} requests, then ${TRANSFER_ROUNDS} rounds of transfers); ratios are the median of per-round ratios. MB = 2^20 bytes. A transfer whose session ends is reported as failed and the next one opens a new session.`,
      'server CPU / bench CPU: CPU time of the emulator / of the bench process (client and TCP server) over wall time; 100% is one core. On plugin rows the plugin process counts as others CPU.',
    ],
    raw: {
      ...raw,
      typing: summary(raw.typing),
      saturated: summary(raw.saturated),
      transfers: { ...t, rpc: t.rpc.map(({ samples, ...r }) => ({ ...r, ...summary({ samples }) })) },
    },
  };
}

function summary(m) {
  const { samples, ...rest } = m;
  return {
    ...rest,
    n: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
  };
}
