// Every benchmarked server runs in its own child process on loopback, on a random free port, pinned
// to its own core when the machine allows, and is always stopped (also when the bench fails).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuTimeOf, killGroup, memoryOf, pinned, which } from './proc.mjs';
import { ssmClient } from './ssm.mjs';

export { setupPinning, which } from './proc.mjs';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(BENCH_DIR, '..');
const STOP_GRACE_MS = 3_000;
const running = new Set();

/**
 * The built CLI, as `ssm-emulator` runs it (package.json bin): the launcher dist/ssm-emulator.cjs when
 * the build made one, else dist/src/cli/main.js. SSM_EMULATOR_DIST points at another build (e.g. a
 * copy made while src/ is mid-edit); SSM_EMULATOR_CLI at one exact file.
 */
export function emulatorCli() {
  if (process.env.SSM_EMULATOR_CLI) return resolve(process.env.SSM_EMULATOR_CLI);
  const dist = resolve(process.env.SSM_EMULATOR_DIST ?? join(REPO_DIR, 'dist'));
  const candidates = [join(dist, 'ssm-emulator.cjs'), join(dist, 'src', 'cli', 'main.js')];
  const cli = candidates.find((f) => existsSync(f));
  if (!cli) throw new Error(`no emulator build in ${dist}: run \`npm run build\` (or set SSM_EMULATOR_DIST)`);
  return cli;
}

/** The CLI's path from its dist/ folder on, e.g. dist/ssm-emulator.cjs. */
export function emulatorCliLabel() {
  const cli = emulatorCli();
  const at = cli.lastIndexOf(`${sep}dist${sep}`);
  return at >= 0 ? cli.slice(at + 1) : cli;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Spawns a server in its own process group and resolves once it is ready: `ready` is 'stdout-line'
 * (the first line it prints) or an async probe returning true, tried every `pollMs`. The server records
 * performance.now() at spawn (startedAt), at its first stdout line (firstLineAt) and when ready (readyAt).
 */
export async function spawnServer({
  name,
  command,
  args,
  port,
  ready,
  pollMs = 50,
  timeoutMs = 30_000,
  env,
  cleanup,
  pin = true,
}) {
  const [cmd, argv] = pinned(command, args, pin);
  const startedAt = performance.now();
  const child = spawn(cmd, argv, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((r) => {
    child.once('exit', (code, signal) => r({ code, signal }));
    child.once('error', (err) => r({ code: err.code, signal: null })); // e.g. the command does not exist
  });
  const server = {
    name,
    pid: child.pid,
    port,
    endpoint: `http://127.0.0.1:${port}`,
    child,
    exited,
    startedAt,
    firstLineAt: undefined,
    readyAt: undefined,
    rss: () => memoryOf(child.pid),
    cpuMs: () => cpuTimeOf(child.pid),
    stop: async () => {
      running.delete(server);
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child.pid, 'SIGTERM');
        const grace = deadline(STOP_GRACE_MS);
        const done = await Promise.race([exited, grace.promise.catch(() => undefined)]);
        grace.cancel();
        if (!done) killGroup(child.pid, 'SIGKILL');
        await exited;
      }
      cleanup?.();
    },
  };
  running.add(server);
  let settled = false;
  const failed = exited.then(({ code, signal }) => {
    throw new Error(`${name} exited (${signal ?? code}) before it was ready: ${stderr.trim().slice(-600)}`);
  });
  const firstLine = new Promise((r) =>
    child.stdout.once('data', () => r((server.firstLineAt = performance.now()))),
  );
  child.stdout.resume();
  const readyNow =
    ready === 'stdout-line'
      ? firstLine
      : (async () => {
          while (!settled) {
            const tried = performance.now();
            if (await ready(server)) return;
            await sleep(Math.max(0, pollMs - (performance.now() - tried)));
          }
        })();
  const timer = deadline(
    timeoutMs,
    () => `${name} was not ready after ${timeoutMs} ms: ${stderr.trim().slice(-600)}`,
  );
  try {
    await Promise.race([readyNow, failed, timer.promise]);
    server.readyAt = performance.now();
  } catch (err) {
    await server.stop();
    throw err;
  } finally {
    settled = true;
    timer.cancel();
  }
  failed.catch(() => {}); // exits after `ready` are expected (stop)
  return server;
}

/**
 * The emulator from its built CLI, in memory or in a fresh temporary data dir removed on stop. Logging is
 * off (throughput runs) unless logLevel is given; `null` keeps the CLI's default, as a user starts it.
 */
export async function startEmulator({
  store = 'memory',
  ready = 'stdout-line',
  pollMs,
  pin,
  logLevel = 'silent',
} = {}) {
  const port = await freePort();
  const dataDir = store === 'disk' ? mkdtempSync(join(os.tmpdir(), 'ssm-bench-')) : undefined;
  const where = dataDir ? ['--data-dir', dataDir] : ['--in-memory'];
  return spawnServer({
    name: 'emulator',
    command: process.execPath,
    args: [
      emulatorCli(),
      'start',
      ...where,
      '--port',
      String(port),
      ...(logLevel ? ['--log-level', logLevel] : []),
    ],
    port,
    ready,
    pollMs,
    pin,
    cleanup: dataDir ? () => rmSync(dataDir, { recursive: true, force: true }) : undefined,
  });
}

/** The ceiling of our HTTP stack: the project's Fastify with one JSON route (bench/bare-fastify.mjs). */
export async function startBareFastify() {
  const port = await freePort();
  return spawnServer({
    name: 'bare-fastify',
    command: process.execPath,
    args: [join(BENCH_DIR, 'bare-fastify.mjs'), String(port)],
    port,
    ready: 'stdout-line',
  });
}

/** moto_server when it is on PATH, else undefined; it prints nothing useful, so it is probed. */
export async function startMoto() {
  const moto = which('moto_server');
  if (!moto) return undefined;
  const port = await freePort();
  return spawnServer({
    name: 'moto',
    command: moto,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    port,
    ready: (s) => answers(s.port),
    timeoutMs: 60_000,
  });
}

function answers(port) {
  return new Promise((r) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      r(true);
    });
    sock.once('error', () => r(false));
  });
}

/** A promise rejected after `ms` unless cancelled first (a cancelled one never settles). */
function deadline(ms, message = () => `timed out after ${ms} ms`) {
  let handle;
  const promise = new Promise((_, reject) => {
    handle = setTimeout(() => reject(new Error(message())), ms);
  });
  promise.catch(() => {});
  return { promise, cancel: () => clearTimeout(handle) };
}

/** Last resort on failure, timeout or Ctrl-C: kill every server this process started. */
export function killAllNow() {
  for (const s of running) killGroup(s.pid, 'SIGKILL');
  running.clear();
}

export async function stopAll() {
  await Promise.all([...running].map((s) => s.stop()));
}

/** The emulator with a fleet file, ready once DescribeInstanceInformation answers (the fleet is loaded). */
export async function startEmulatorWithFleet(fleet, { timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  return spawnServer({
    name: 'emulator',
    command: process.execPath,
    args: [
      emulatorCli(),
      'start',
      '--in-memory',
      '--port',
      String(port),
      '--log-level',
      'silent',
      '--fleet',
      fleet,
    ],
    port,
    pollMs: 10,
    timeoutMs,
    ready: (s) => answersDescribe(s.endpoint),
  });
}

async function answersDescribe(endpoint) {
  const client = ssmClient(endpoint, { maxSockets: 1 });
  try {
    return (await client.call('DescribeInstanceInformation', { MaxResults: 5 })).status === 200;
  } catch {
    return false;
  } finally {
    client.close();
  }
}
