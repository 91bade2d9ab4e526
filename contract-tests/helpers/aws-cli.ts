// Running the AWS CLI (and python3 with boto3) from contract tests: an environment that reads nothing of the
// machine's user and never waits on the network, the real program behind a pyenv shim, and no process left
// running when its test ends. docs/testing.md says why each of these keeps the CLI tests from flaking.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * Test credentials and region, so the CLI never looks for credentials or a region on the instance metadata
 * service (169.254.169.254, whose timeouts cost seconds); no pager; no config, credentials or AWS_* setting
 * of the machine's user; one attempt per call, so an error shows at once instead of after the CLI's
 * back-off sleeps (the emulator answers 5xx only for its own bugs).
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
  AWS_MAX_ATTEMPTS: '1',
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
/** One CLI process that runs longer than this is hung: it is killed and its test fails with its output. */
const CLI_CALL_TIMEOUT = 45_000;

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

/** True when the binary runs; tests of a missing CLI are skipped with its name. */
export function cliWorks(bin: string): boolean {
  try {
    execFileSync(program(bin), ['--version'], { stdio: 'ignore', env: AWS_CLI_ENV });
    return true;
  } catch {
    return false;
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command (the AWS CLI, python3) with AWS_CLI_ENV and resolves with its exit code and output; it
 * never rejects for a failing exit. The process is killed when the test that started it ends, so a test
 * that timed out leaves no CLI behind to slow down, or change the emulator under, the tests after it.
 * SSM_TEST_CLI_TRACE=1 prints each call's wall time to stderr (docs/testing.md measures with it).
 */
export function runCli(
  bin: string,
  args: string[],
  { cwd, env }: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(
      program(bin),
      args,
      {
        env: { ...AWS_CLI_ENV, ...env },
        cwd,
        encoding: 'utf8',
        timeout: CLI_CALL_TIMEOUT,
        maxBuffer: 64 << 20,
      },
      (err, stdout, stderr) => {
        if (process.env.SSM_TEST_CLI_TRACE)
          process.stderr.write(
            `cli ${Math.round(performance.now() - started)} ms: ${bin} ${args.join(' ')}\n`,
          );
        const code = !err ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr: err && code === -1 ? `${stderr}${err.message}` : stderr });
      },
    );
    try {
      onTestFinished(() => void child.kill('SIGKILL'));
    } catch {
      // started from a beforeAll hook: it is waited for there
    }
  });
}

/** runCli for a call that must succeed: its JSON output (undefined for none), or an error with its stderr. */
export async function cliJson(bin: string, args: string[], opts?: { cwd?: string }): Promise<any> {
  const r = await runCli(bin, args, opts);
  if (r.code !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}
