// Spawns the built CLI (dist/ssm-emulator.cjs, the bundle `npm test` builds and npm ships) and watches its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/ssm-emulator.cjs', import.meta.url));

export interface Running {
  proc: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
  endpoint: string;
}

/** A port nobody listens on right now (the OS picks it; the CLI binds it a moment later). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Env for the child: the parent's, without any SSM_EMULATOR_* variable unless given. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SSM_EMULATOR_')) env[k] = v;
  return { ...env, ...extra };
}

export function run(
  args: string[],
  env: Record<string, string> = {},
): { proc: ChildProcess; out: () => string; err: () => string; exited: Promise<number | string> } {
  const proc = spawn(process.execPath, [CLI, ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { proc, out: () => out, err: () => err, exited };
}

/** Starts `ssm-emulator start ...` and resolves once it has printed its start line. */
export async function start(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const r = run(['start', ...args], env);
  // The start line; at info level and below, log lines may come before it.
  const firstLine = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const line = r
        .out()
        .split('\n')
        .slice(0, -1)
        .find((l) => l.startsWith('ssm-emulator '));
      if (line !== undefined) {
        r.proc.stdout!.off('data', onData);
        resolve(line);
      }
    };
    r.proc.stdout!.on('data', onData);
    void r.exited.then((code) =>
      reject(new Error(`the CLI exited (${code}) before it listened: ${r.err()}`)),
    );
  });
  const endpoint = /listening on (http:\/\/\S+)/.exec(firstLine)?.[1] ?? '';
  return { proc: r.proc, stdout: r.out, stderr: r.err, exited: r.exited, endpoint };
}

/** Sends a signal and waits for the process to end. */
export async function stop(p: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> {
  p.proc.kill(signal);
  return p.exited;
}

/** Resolves 'refused' when nothing listens on the port any more, 'open' when something still does. */
export function probe(port: number): Promise<'open' | 'refused' | string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('open');
    });
    s.once('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ECONNREFUSED' ? 'refused' : (e.code ?? e.message)),
    );
  });
}

/** A raw awsJson1.1 call without a signature (the default account and region serve it). */
export async function call(
  endpoint: string,
  operation: string,
  body: unknown,
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonSSM.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
