// The host processes aws:executeScript runs: exit status, the result channel, stderr, the time limit and stops.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runChild, which } from '../../../src/engine/automation/script-process.js';

const SH = which('sh', process.env.PATH ?? '')!;
const opts = {
  cwd: tmpdir(),
  env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  resultFd: true,
  maxMs: 10_000,
};
const never = new AbortController().signal;

describe('which', () => {
  it('finds an executable on the PATH, and nothing for a name that is not there', () => {
    expect(SH).toMatch(/\/sh$/);
    expect(which('no-such-interpreter-here', process.env.PATH ?? '')).toBeUndefined();
  });
});

describe('runChild', () => {
  it('reads the result channel (fd 3) and stdin, and keeps stderr and the exit code', async () => {
    const run = await runChild(
      SH,
      ['-c', 'read line; printf "{\\"got\\":\\"%s\\"}" "$line" >&3; echo oops >&2; exit 3'],
      { ...opts, stdin: 'hello\n' },
      never,
    );
    expect(run.result?.toString()).toBe('{"got":"hello"}');
    expect(run).toMatchObject({ stderr: 'oops\n', code: 3, signal: null, resultTooLarge: false });
    expect(run.stopped).toBeUndefined();
  });

  it('kills the run at its time limit, and at once when stopped', async () => {
    const started = Date.now();
    const late = await runChild(SH, ['-c', 'sleep 30'], { ...opts, maxMs: 200 }, never);
    expect(late).toMatchObject({ stopped: 'timeout', signal: 'SIGKILL' });
    const controller = new AbortController();
    const stopped = runChild(SH, ['-c', 'sleep 30'], opts, controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(await stopped).toMatchObject({ stopped: 'abort', signal: 'SIGKILL' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a command that cannot start says why', async () => {
    const run = await runChild('/nonexistent/interpreter', [], opts, never);
    expect(run.spawnError?.message).toContain('ENOENT');
  });
});
