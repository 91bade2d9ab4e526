// Running the AWS CLI (and python3 with boto3) from contract tests: an environment that reads nothing of the
// machine's user and never waits on the network, one CLI process per test file instead of one per call, the
// real program behind a pyenv shim, and nothing left running when a test ends. docs/testing.md says why each
// keeps the CLI tests from flaking on a busy machine. In a new test:
//
//   vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT });
//   const server = useServer();
//   for (const [label, bin] of AWS_CLIS)
//     describe.skipIf(!cliWorks(bin))(`${label} (${bin}) ...`, () => {
//       const cli = (...args: string[]) => cliJson(bin, ['--endpoint-url', server.endpoint, ...args]);
//       it('...', async () => expect((await cli('ssm', 'get-parameter', '--name', 'x')).Parameter) ...);
//     });
//
// Poll with the SDK (server.ssm), not the CLI; runCli() gives the exit code and stderr of a failing call.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/**
 * Test credentials and region, so the CLI never looks for credentials or a region on the instance metadata
 * service (169.254.169.254, whose timeouts cost seconds); no pager; no config, credentials or AWS_* setting
 * of the machine's user. Retries stay the CLI's default, as users have them (AWS_MAX_ATTEMPTS would change
 * the error lines the tests compare): the emulator answers errors with 4xx, which the CLI does not retry.
 */
export const AWS_CLI_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** AWS CLI v1 (`aws`, with boto3) and v2 (`/usr/bin/aws`, installed by .ci/run with apt-get). */
export const AWS_CLIS = [
  ['CLI v1', 'aws'],
  ['CLI v2', '/usr/bin/aws'],
] as const;

/**
 * A test that starts CLI processes gets this long: each start costs about a second of CPU (Python imports
 * botocore and the SSM model), several seconds when the 2 cores are shared; no test starts more than ten.
 */
export const CLI_TEST_TIMEOUT = 60_000;
/** A CLI call still running after this is hung: its process is killed and its test fails with its output. */
const CLI_CALL_TIMEOUT = CLI_TEST_TIMEOUT;

const resolved = new Map<string, string>();
/**
 * The program a command name runs. A pyenv shim (`aws`, `python3` here) is a bash script that runs
 * `pyenv exec`, which starts several more bash processes before Python: a third of a CLI call's CPU. The
 * program behind it is the same `aws` that the shim would run, found once with `pyenv which`.
 */
export function program(bin: string): string {
  let found = resolved.get(bin);
  if (found) return found;
  found = bin;
  const onPath = bin.includes('/')
    ? bin
    : (process.env.PATH ?? '')
        .split(':')
        .map((dir) => join(dir, bin))
        .find((p) => existsSync(p));
  if (onPath && isPyenvShim(onPath)) {
    try {
      found = execFileSync('pyenv', ['which', basename(onPath)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      found = bin; // pyenv cannot tell: let the shim decide
    }
  }
  resolved.set(bin, found);
  return found;
}

function isPyenvShim(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').slice(0, 1000).includes('pyenv" exec');
  } catch {
    return false;
  }
}

/**
 * True when the binary runs; tests of a missing CLI are skipped with its name. It runs while the file's tests
 * are collected, so the CLI driver starts (imports the CLI) then too, instead of in the first test's time.
 */
export function cliWorks(bin: string): boolean {
  try {
    execFileSync(program(bin), ['--version'], { stdio: 'ignore', env: AWS_CLI_ENV });
  } catch {
    return false;
  }
  if (!process.env.SSM_TEST_CLI_PROCESS) CliDriver.for(bin)?.start();
  return true;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command (the AWS CLI, python3) with AWS_CLI_ENV and resolves with its exit code and output; it
 * never rejects for a failing exit. An `aws` that is a Python script runs in the file's CLI driver (below);
 * anything else, or every call with SSM_TEST_CLI_PROCESS=1, as its own process. What a call started is
 * killed when its test ends, so a test that timed out leaves no CLI behind to slow down, or change the
 * emulator under, the tests after it. SSM_TEST_CLI_TRACE=1 prints each call's wall time to stderr.
 */
export async function runCli(
  bin: string,
  args: string[],
  { cwd, env }: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const started = performance.now();
  const fullEnv = { ...AWS_CLI_ENV, ...env };
  const driver = process.env.SSM_TEST_CLI_PROCESS ? undefined : CliDriver.for(bin);
  const result = driver
    ? await driver.call(args, cwd ?? process.cwd(), fullEnv)
    : await runProcess(program(bin), args, cwd, fullEnv);
  if (process.env.SSM_TEST_CLI_TRACE)
    process.stderr.write(
      `cli ${Math.round(performance.now() - started)} ms${driver ? ' (driver)' : ''}: ${bin} ${args.join(' ')}\n`,
    );
  return result;
}

function runProcess(file: string, args: string[], cwd: string | undefined, env: NodeJS.ProcessEnv) {
  return new Promise<CliResult>((resolve) => {
    const child = execFile(
      file,
      args,
      { env, cwd, encoding: 'utf8', timeout: CLI_CALL_TIMEOUT, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const code = !err ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr: err && code === -1 ? `${stderr}${err.message}` : stderr });
      },
    );
    whenTestEnds(() => void child.kill('SIGKILL'));
  });
}

/** Runs fn when the current test ends; calls from a beforeAll hook have no test and are waited for there. */
function whenTestEnds(fn: () => void): void {
  try {
    onTestFinished(fn);
  } catch {
    // not in a test
  }
}

/**
 * One Python process per `aws` script and test file that runs the CLI's own entry point for each call
 * (aws-cli-driver.py): a call then costs what the CLI does for it, not the second of CPU of starting
 * Python and importing botocore, which a loaded 2-core machine stretches to several seconds per process.
 */
class CliDriver {
  private static readonly drivers = new Map<string, CliDriver | undefined>();
  private child: ChildProcess | undefined;
  private readonly pending: { resolve: (r: CliResult) => void; stdout: string }[] = [];
  private answers = '';

  private constructor(private readonly python: string) {}

  /** The driver of a CLI whose program is a Python script (`#!...python...`); undefined for a binary. */
  static for(bin: string): CliDriver | undefined {
    if (!this.drivers.has(bin)) {
      let python: string | undefined;
      try {
        const first = readFileSync(program(bin), 'latin1').slice(0, 200).split('\n')[0];
        python = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first)?.[1];
      } catch {
        python = undefined;
      }
      this.drivers.set(bin, python ? new CliDriver(python) : undefined);
    }
    return this.drivers.get(bin);
  }

  call(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
    const child = this.start();
    const done = new Promise<CliResult>((resolve) => this.pending.push({ resolve, stdout: '' }));
    child.stdin!.write(`${JSON.stringify({ argv, cwd, env })}\n`);
    let settled = false;
    void done.then(() => (settled = true));
    // A call still running when its test ends (timed out) takes the driver with it; the next call starts one.
    whenTestEnds(() => {
      if (!settled) this.kill(child);
    });
    const timer = setTimeout(() => this.kill(child), CLI_CALL_TIMEOUT);
    return done.finally(() => clearTimeout(timer));
  }

  start(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(this.python, [DRIVER], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: AWS_CLI_ENV });
    this.child = child;
    // Ends with the test file's process (its stdin closes then too: the driver's loop ends on its own).
    process.once('exit', () => child.kill('SIGKILL'));
    let stderr = '';
    // What the CLI writes past sys.stdout (straight to the file descriptor) belongs to the current call.
    child
      .stdout!.setEncoding('utf8')
      .on('data', (d: string) => this.pending[0] && (this.pending[0].stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    (child.stdio[3] as Readable).setEncoding('utf8').on('data', (d: string) => {
      this.answers += d;
      for (let i; (i = this.answers.indexOf('\n')) >= 0; ) {
        const answer = JSON.parse(this.answers.slice(0, i)) as CliResult;
        this.answers = this.answers.slice(i + 1);
        const call = this.pending.shift()!;
        call.resolve({ ...answer, stdout: call.stdout + answer.stdout });
      }
    });
    const ended = (why: string) => {
      if (this.child === child) this.child = undefined;
      this.answers = '';
      for (const call of this.pending.splice(0))
        call.resolve({ code: -1, stdout: call.stdout, stderr: `CLI driver ended (${why}): ${stderr}` });
    };
    child.on('exit', (code, signal) => ended(String(signal ?? code)));
    child.on('error', (err) => ended(err.message)); // the interpreter would not start
    child.stdin!.on('error', () => undefined); // writing to a driver that just ended: 'exit' answers the call
    return child;
  }

  private kill(child: ChildProcess): void {
    child.kill('SIGKILL');
  }
}

const DRIVER = fileURLToPath(new URL('./aws-cli-driver.py', import.meta.url));

/** runCli for a call that must succeed: its JSON output (undefined for none), or an error with its stderr. */
export async function cliJson(bin: string, args: string[], opts?: { cwd?: string }): Promise<any> {
  const r = await runCli(bin, args, opts);
  if (r.code !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}
