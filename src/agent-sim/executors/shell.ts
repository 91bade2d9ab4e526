// Really runs a script with the host's shell (opt-in: `executor: shell` on the node AND --allow-host-exec),
// in a sandbox folder of the node, with the node's environment. The standalone agent uses it without a sandbox.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Executor, ScriptOutcome, ScriptRun } from './types.js';

/** Output kept per stream; AWS keeps 24,000 characters in the API and the rest only in S3 (GetCommandInvocation docs). */
export const MAX_CAPTURE_CHARS = 1_000_000;

export interface ShellOptions {
  /** Folder all work happens under (working directories are mapped inside it); undefined = the real host. */
  sandbox?: string;
  /** Folder used when the document gives no working directory. */
  defaultCwd: string;
  timeoutExitCode: number;
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
}

export class ShellExecutor implements Executor {
  constructor(private readonly opts: ShellOptions) {}

  run(run: ScriptRun, signal: AbortSignal): Promise<ScriptOutcome> {
    const cwd = this.cwdFor(run.workingDirectory);
    mkdirSync(cwd, { recursive: true });
    const [cmd, args] =
      run.shell === 'powershell'
        ? [
            process.platform === 'win32' ? 'powershell.exe' : 'pwsh',
            ['-NoProfile', '-NonInteractive', '-Command', run.script],
          ]
        : [
            process.platform === 'win32' ? 'cmd.exe' : 'sh',
            process.platform === 'win32' ? ['/c', run.script] : ['-c', run.script],
          ];
    return new Promise((done) => {
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let cancelled = false;
      const child = spawn(cmd, args, {
        cwd,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: this.opts.sandbox ?? process.env.HOME ?? cwd,
          ...run.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, run.timeoutSeconds * 1000);
      const onAbort = () => {
        cancelled = true;
        child.kill('SIGKILL');
      };
      signal.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        if (stdout.length < MAX_CAPTURE_CHARS) stdout += c;
        this.opts.onOutput?.('stdout', c);
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        if (stderr.length < MAX_CAPTURE_CHARS) stderr += c;
        this.opts.onOutput?.('stderr', c);
      });
      const finish = (exitCode: number, launchError?: string) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        done({
          stdout,
          stderr,
          exitCode: timedOut || cancelled ? this.opts.timeoutExitCode : exitCode,
          timedOut,
          cancelled,
          ...(launchError === undefined ? {} : { launchError }),
        });
      };
      child.on('error', (err) => finish(1, err.message));
      child.on('close', (code) => finish(code ?? 1));
    });
  }

  private cwdFor(workingDirectory: string): string {
    const { sandbox, defaultCwd } = this.opts;
    if (!workingDirectory) return defaultCwd;
    if (!sandbox) return resolve(defaultCwd, workingDirectory);
    // Inside the sandbox an absolute path of the node maps under the sandbox folder; nothing escapes it.
    const inside = resolve(sandbox, isAbsolute(workingDirectory) ? `.${workingDirectory}` : workingDirectory);
    return inside.startsWith(resolve(sandbox)) ? inside : join(sandbox, 'work');
  }
}
