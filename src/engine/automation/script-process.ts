// The host processes aws:executeScript runs scripts in: finding the interpreter on the PATH, and running it in a
// process group of its own with its input, its result channel, its stderr kept for errors, and a time limit.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What the emulator reads of a result before calling it too large (the Payload limit is checked after). */
export const RESULT_READ_MAX_BYTES = 4 * 1024 * 1024;
/** The end of the interpreter's stderr kept to explain a run that ended without a result. */
const STDERR_KEEP_BYTES = 4 * 1024;
/** After the interpreter exits, how long its output pipes may take to drain before the run ends anyway. */
const DRAIN_GRACE_MS = 2_000;

/** An executable file named `name` in one of the PATH's folders. */
export function which(name: string, path: string): string | undefined {
  for (const folder of path.split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const interpreters = new Map<string, Promise<string | undefined>>();

/**
 * The real interpreter behind `python3` on the PATH: version-manager shims (pyenv, asdf) need the emulator's
 * own environment to find it, and the script runs with a clean one. Asked once per PATH.
 */
export function pythonInterpreter(path: string): Promise<string | undefined> {
  const found = which('python3', path);
  if (!found) return Promise.resolve(undefined);
  let known = interpreters.get(path);
  if (!known) {
    known = new Promise<string | undefined>((resolve) => {
      let out = '';
      const child = spawn(found, ['-c', 'import sys; sys.stdout.write(sys.executable)'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      child.on('error', () => resolve(undefined));
      child.on('close', (code) => resolve(code === 0 ? out.trim() || found : undefined));
    });
    interpreters.set(path, known);
    // A failed look-up is tried again next time (python3 may be installed meanwhile).
    void known.then((r) => r === undefined && interpreters.delete(path));
  }
  return known;
}

export interface ChildRun {
  /** What the interpreter wrote on its result channel (fd 3), when it has one. */
  result?: Buffer;
  resultTooLarge: boolean;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stopped?: 'abort' | 'timeout';
  spawnError?: Error;
}

export interface ChildOptions {
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  /** The interpreter writes its result on fd 3 (Python); otherwise the caller reads it from a file. */
  resultFd: boolean;
  /** How long the run may take before its process group is killed. */
  maxMs: number;
}

/**
 * Runs the interpreter in a process group of its own, so that a stop, the time limit or the end of the run
 * kills whatever the script started too. stdout is discarded: AWS sends it to CloudWatch Logs only.
 */
export function runChild(
  command: string,
  args: string[],
  opts: ChildOptions,
  signal: AbortSignal,
): Promise<ChildRun> {
  return new Promise<ChildRun>((resolve) => {
    const run: ChildRun = { resultTooLarge: false, stderr: '', code: null, signal: null };
    const stdio: StdioOptions = [opts.stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'];
    if (opts.resultFd) stdio.push('pipe');
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio, detached: true });
    } catch (err) {
      resolve({ ...run, spawnError: err as Error });
      return;
    }
    const result: Buffer[] = [];
    let resultBytes = 0;
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    (child.stdio[3] as NodeJS.ReadableStream | null | undefined)?.on('data', (b: Buffer) => {
      if (resultBytes + b.length > RESULT_READ_MAX_BYTES) run.resultTooLarge = true;
      else result.push(b);
      resultBytes += b.length;
    });
    child.stderr?.on('data', (b: Buffer) => {
      stderr.push(b);
      stderrBytes += b.length;
      while (stderrBytes - stderr[0].length >= STDERR_KEEP_BYTES) stderrBytes -= stderr.shift()!.length;
    });
    if (opts.stdin !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // the script may exit without reading its input
      child.stdin.end(opts.stdin);
    }

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        if (process.platform === 'win32') child.kill('SIGKILL');
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const onAbort = () => {
      run.stopped ??= 'abort';
      killGroup();
    };
    const limit = setTimeout(() => {
      run.stopped = 'timeout';
      killGroup();
    }, opts.maxMs);
    let grace: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      clearTimeout(grace);
      signal.removeEventListener('abort', onAbort);
      if (opts.resultFd) run.result = Buffer.concat(result);
      run.stderr = Buffer.concat(stderr).toString('utf8');
      // A process that left the group (setsid) may still hold a pipe; the emulator lets go of it.
      for (const stream of child.stdio) stream?.destroy();
      resolve(run);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    child.on('error', (err) => {
      if (child.pid !== undefined) return; // a failed kill; the process still ends on its own
      run.spawnError = err;
      finish();
    });
    child.on('exit', (code, sig) => {
      run.code = code;
      run.signal = sig;
      // What the script left running in its group goes with it; then the pipes close and the run ends.
      killGroup();
      grace = setTimeout(finish, DRAIN_GRACE_MS);
    });
    child.on('close', finish);
  });
}
