// What every AWS CLI test needs: an environment that reads no local AWS config, and whether a CLI is there.
import { execFileSync } from 'node:child_process';

/** Test credentials and no pager, config or credentials file of the machine's user. */
export const AWS_CLI_ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};

/** AWS CLI v1 (`aws`, with boto3) and v2 (`/usr/bin/aws`, installed by .ci/run with apt-get). */
export const AWS_CLIS = [
  ['CLI v1', 'aws'],
  ['CLI v2', '/usr/bin/aws'],
] as const;

/** True when the binary runs; tests of a missing CLI are skipped with its name. */
export function cliWorks(bin: string): boolean {
  try {
    execFileSync(bin, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
