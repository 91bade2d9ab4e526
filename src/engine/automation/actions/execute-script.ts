// aws:executeScript: runs the step's script in a child process of this machine — Python runtimes with its
// python3, PowerShell runtimes with its pwsh — under AWS's handler contract (actions reference,
// "aws:executeScript – Run a script"): handler(events, context), the return value becomes the Payload output.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isLoopback } from '../../../loopback.js';
import { systemVariables } from '../values.js';
import { ActionInputError, type ActionContext, type ActionResult, type ActionRunner } from './types.js';

/** Actions reference: "Each aws:executeScript action can run up to a maximum duration of 600 seconds". */
export const EXECUTE_SCRIPT_MAX_MS = 600_000;
/** Actions reference, output Payload: "Up to 100KB is returned." */
export const PAYLOAD_MAX_BYTES = 100 * 1024;
/** Actions reference, output Payload: "If you output a list, a maximum of 100 items is returned." */
export const PAYLOAD_MAX_ITEMS = 100;
/** What the emulator reads of a result before calling it too large (the Payload limit is checked after). */
const RESULT_READ_MAX_BYTES = 4 * 1024 * 1024;
/** The end of the interpreter's stderr kept to explain a run that ended without a result. */
const STDERR_KEEP_BYTES = 4 * 1024;
/** After the interpreter exits, how long its output pipes may take to drain before the run ends anyway. */
const DRAIN_GRACE_MS = 2_000;

/** AWS runs the script as /tmp/<id>-<time>/customer_script.py (real traceback in research 2.4). */
const SCRIPT_FILE = 'customer_script.py';
const PS_SCRIPT_FILE = 'customer_script.ps1';
const PS_RESULT_FILE = '.ssm-emulator-result.json';

/**
 * The Python side, passed with -c: loads the script as a module, calls the handler with the events and the
 * context read from stdin, and writes `{"ok": ..., "payload"|"error": ...}` to fd 3, so nothing the script
 * prints can reach the result. Failures read as AWS shows them: the script's own frames, a blank line, then
 * `<Type> - <message>` (`... in handler\n    x = events['k']\n\nKeyError - 'k'`).
 */
const PYTHON_BOOTSTRAP = String.raw`
import json, os, sys, traceback
result = os.fdopen(3, 'w', encoding='utf-8')
os.set_inheritable(3, False)
path, handler = sys.argv[1], sys.argv[2]
request = json.loads(sys.stdin.read())
sys.stdin.close()
sys.stdin = open(os.devnull)

def describe(e):
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == path]
    text = ''
    if frames:
        text = 'Traceback (most recent call last):\n'
        for f in frames:
            text += '  File "%s", line %d, in %s\n' % (f.filename, f.lineno, f.name)
            if f.line:
                text += '    %s\n' % f.line.strip()
        text += '\n'
    return text + '%s - %s' % (type(e).__name__, e)

try:
    import importlib.util
    sys.argv = [path]
    sys.path.insert(0, os.path.dirname(path))
    spec = importlib.util.spec_from_file_location('customer_script', path)
    module = importlib.util.module_from_spec(spec)
    sys.modules['customer_script'] = module
    spec.loader.exec_module(module)
    function = getattr(module, handler)
    out = json.dumps({'ok': True, 'payload': function(request['events'], request['context'])}, allow_nan=False)
except BaseException as e:
    out = json.dumps({'ok': False, 'error': describe(e)})
result.write(out)
result.flush()
`;

type Runtime = { kind: 'python'; command: 'python3' } | { kind: 'powershell'; command: 'pwsh' };

interface ScriptInputs {
  runtime: string;
  handler: string | undefined;
  script: string;
  events: unknown;
}

export const executeScript: ActionRunner = async (ctx) => {
  const inputs = scriptInputs(ctx.inputs);
  // Scripts are code run on this host: fine for a loopback-only server, an explicit opt-in otherwise.
  const { host, allowHostExec } = ctx.services.config;
  if (!allowHostExec && !isLoopback(host))
    return {
      status: 'Failed',
      failure: {
        type: 'Execution',
        message: `aws:executeScript runs scripts on the emulator's host; a server listening on ${host} does so only with --allow-host-exec (SSM_EMULATOR_ALLOW_HOST_EXEC=1)`,
      },
    };
  const runtime = runtimeOf(inputs.runtime);
  const path = process.env.PATH ?? '';
  if (runtime.kind === 'python' && !inputs.handler)
    throw new ActionInputError('Handler is required for a Python runtime of aws:executeScript.');
  const binary = runtime.kind === 'python' ? await pythonInterpreter(path) : which('pwsh', path);
  if (!binary)
    return {
      status: 'Failed',
      failure: {
        type: 'Execution',
        message: `The runtime ${inputs.runtime} is not available: ssm-emulator runs ${runtime.kind === 'python' ? 'Python' : 'PowerShell'} scripts with ${runtime.command}, and there is no ${runtime.command} on its PATH`,
      },
    };
  // Stopped while the interpreter was being looked up: nothing may start after that.
  if (ctx.signal.aborted)
    return { status: 'Cancelled', failure: { type: 'Execution', message: 'The step was cancelled' } };
  const dir = workDir(ctx);
  try {
    const env = scriptEnvironment(ctx, dir);
    if (runtime.kind === 'python') {
      const scriptPath = join(dir, SCRIPT_FILE);
      writeFileSync(scriptPath, inputs.script);
      const request = JSON.stringify({ events: inputs.events, context: scriptContext(ctx) });
      const run = await runChild(
        binary,
        ['-c', PYTHON_BOOTSTRAP, scriptPath, inputs.handler!],
        {
          cwd: dir,
          env,
          stdin: request,
          resultFd: true,
        },
        ctx.signal,
      );
      return outcome(run, run.result);
    }
    const scriptPath = join(dir, PS_SCRIPT_FILE);
    const resultPath = join(dir, PS_RESULT_FILE);
    writeFileSync(scriptPath, inputs.script);
    const run = await runChild(
      binary,
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', powershellCommand(scriptPath, resultPath)],
      // AWS passes the payload to PowerShell as $env:InputPayload (actions reference example).
      { cwd: dir, env: { ...env, InputPayload: JSON.stringify(inputs.events) }, resultFd: false },
      ctx.signal,
    );
    return outcome(run, readResultFile(resultPath));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

function scriptInputs(inputs: Record<string, unknown>): ScriptInputs {
  if (inputs.Attachment !== undefined)
    throw new ActionInputError(
      `ssm-emulator does not store document attachments, so aws:executeScript cannot run the Attachment ${JSON.stringify(inputs.Attachment)}; put the script in the step's Script input instead.`,
    );
  if (typeof inputs.Runtime !== 'string' || !inputs.Runtime)
    throw new ActionInputError('Runtime is required for aws:executeScript.');
  if (typeof inputs.Script !== 'string' || !inputs.Script.trim())
    throw new ActionInputError('aws:executeScript needs the script in its Script input.');
  if (inputs.Handler !== undefined && typeof inputs.Handler !== 'string')
    throw new ActionInputError('Handler of aws:executeScript must be the name of a function.');
  return {
    runtime: inputs.Runtime,
    handler: inputs.Handler?.trim() || undefined,
    script: inputs.Script,
    events: eventsOf(inputs.InputPayload),
  };
}

/** InputPayload is an object; a JSON text of one is accepted too (the model calls the input a String). */
function eventsOf(payload: unknown): unknown {
  if (payload === undefined || payload === null) return {};
  if (typeof payload !== 'string') return payload;
  try {
    const parsed: unknown = JSON.parse(payload);
    return typeof parsed === 'object' && parsed !== null ? parsed : payload;
  } catch {
    return payload;
  }
}

function runtimeOf(runtime: string): Runtime {
  // Any python3.X runs with this machine's python3 (AWS lists python3.6 ... python3.11 over the years).
  if (/^python3\.\d+$/.test(runtime)) return { kind: 'python', command: 'python3' };
  // "PowerShell Core 6.0", "PowerShell 7.0", "PowerShell 7.4"; the 2020 guide named them dotnetcore2.1 / 3.1.
  if (/^PowerShell (Core )?\d+(\.\d+)*$/.test(runtime) || /^dotnetcore\d+\.\d+$/.test(runtime))
    return { kind: 'powershell', command: 'pwsh' };
  throw new ActionInputError(
    `Runtime ${runtime} is not supported by aws:executeScript; use a Python runtime (python3.X) or PowerShell (PowerShell 7.4).`,
  );
}

/** An executable file named `name` in one of the PATH's folders. */
function which(name: string, path: string): string | undefined {
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
function pythonInterpreter(path: string): Promise<string | undefined> {
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

/** A fresh folder per run, named as AWS names its own (/tmp/<id>-<yyyy-mm-dd-hh-mm-ss>), removed afterwards. */
function workDir(ctx: ActionContext): string {
  const stamp = new Date(ctx.services.clock.nowMs()).toISOString().slice(0, 19).replace(/[T:]/g, '-');
  const dir = join(tmpdir(), `${randomUUID()}-${stamp}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** What the handler gets as `context`: the runbook variables of the execution, by their `{{ }}` names. */
function scriptContext(ctx: ActionContext): Record<string, string> {
  return systemVariables(
    { account: ctx.scope.account, region: ctx.scope.region, executionId: ctx.executionId },
    ctx.services.clock.nowMs(),
  );
}

/**
 * Nothing of the emulator's own environment but PATH and HOME (for the user's site-packages); AWS SDKs in the
 * script talk to this emulator, as the execution's account (a 12-digit access key selects it) and Region.
 */
function scriptEnvironment(ctx: ActionContext, dir: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    LANG: 'C.UTF-8',
    PYTHONUTF8: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    AWS_REGION: ctx.scope.region,
    AWS_DEFAULT_REGION: ctx.scope.region,
    AWS_ACCESS_KEY_ID: ctx.scope.account,
    AWS_SECRET_ACCESS_KEY: 'test',
    // The user's own AWS profile files must not redirect or re-credential the script.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const endpoint = emulatorEndpoint(ctx);
  if (endpoint) {
    env.AWS_ENDPOINT_URL = endpoint;
    env.AWS_ENDPOINT_URL_SSM = endpoint;
  }
  return env;
}

/** The http endpoint the server listens on; the session engine keeps it (its StreamUrls point there). */
function emulatorEndpoint(ctx: ActionContext): string | undefined {
  try {
    const url = new URL(ctx.services.sessions.streamUrl('x'));
    return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
  } catch {
    return undefined;
  }
}

/** PowerShell has no handler: like Lambda's PowerShell runtime, the last object the script outputs is the result. */
function powershellCommand(scriptPath: string, resultPath: string): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return [
    `$ErrorActionPreference = 'Stop'`,
    `try {`,
    `  $__out = @(& ${q(scriptPath)})`,
    `  $__last = if ($__out.Count -gt 0) { $__out[-1] } else { $null }`,
    `  $__json = if ($null -eq $__last) { 'null' } else { ConvertTo-Json -InputObject $__last -Depth 100 -Compress }`,
    `  [System.IO.File]::WriteAllText(${q(resultPath)}, '{"ok":true,"payload":' + $__json + '}')`,
    `} catch {`,
    `  $__error = '{0} - {1}' -f $_.Exception.GetType().Name, $_.Exception.Message`,
    `  [System.IO.File]::WriteAllText(${q(resultPath)}, (ConvertTo-Json -InputObject @{ ok = $false; error = $__error } -Compress))`,
    `}`,
  ].join('\n');
}

function readResultFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

// ---- the child process ----

interface ChildRun {
  /** What the interpreter wrote on its result channel (fd 3), when it has one. */
  result?: Buffer;
  resultTooLarge: boolean;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stopped?: 'abort' | 'timeout';
  spawnError?: Error;
}

interface ChildOptions {
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  resultFd: boolean;
}

/**
 * Runs the interpreter in a process group of its own, so that a stop, the 600-second limit or the end of the
 * run kills whatever the script started too. stdout is discarded: AWS sends it to CloudWatch Logs only.
 */
function runChild(
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
    }, EXECUTE_SCRIPT_MAX_MS);
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

// ---- the step's result ----

interface Envelope {
  ok: boolean;
  payload?: unknown;
  error?: string;
}

function outcome(run: ChildRun, raw: Buffer | undefined): ActionResult {
  if (run.stopped === 'timeout')
    return {
      status: 'TimedOut',
      failure: {
        type: 'Execution',
        message: `The script ran longer than ${EXECUTE_SCRIPT_MAX_MS / 1000} seconds`,
      },
    };
  if (run.stopped === 'abort')
    return { status: 'Cancelled', failure: { type: 'Execution', message: 'The step was cancelled' } };
  if (run.spawnError)
    return {
      status: 'Failed',
      failure: { type: 'Execution', message: `The script could not start: ${run.spawnError.message}` },
    };
  if (run.resultTooLarge) return payloadTooLarge(`more than ${RESULT_READ_MAX_BYTES}`);
  let envelope: Envelope | undefined;
  try {
    envelope = raw && raw.length ? (JSON.parse(raw.toString('utf8')) as Envelope) : undefined;
  } catch {
    envelope = undefined;
  }
  if (!envelope) {
    const how = run.signal ? `was killed by ${run.signal}` : `exited with code ${String(run.code)}`;
    const tail = run.stderr.trim();
    return {
      status: 'Failed',
      failure: {
        type: 'Execution',
        message: `The script ended without a result: the interpreter ${how}${tail ? `:\n${tail}` : ''}`,
      },
    };
  }
  if (!envelope.ok)
    return { status: 'Failed', failure: { type: 'Execution', message: envelope.error ?? 'Unknown error' } };
  let payload = envelope.payload ?? null;
  if (Array.isArray(payload) && payload.length > PAYLOAD_MAX_ITEMS)
    payload = payload.slice(0, PAYLOAD_MAX_ITEMS);
  const size = Buffer.byteLength(JSON.stringify(payload));
  if (size > PAYLOAD_MAX_BYTES) return payloadTooLarge(String(size));
  return {
    status: 'Success',
    outputs: payload === null ? {} : { Payload: payload },
    payload: { Payload: payload },
  };
}

// AWS returns "up to 100KB"; a cut JSON text would not parse, so the emulator fails the step and says why.
function payloadTooLarge(bytes: string): ActionResult {
  return {
    status: 'Failed',
    failure: {
      type: 'Execution',
      message: `The script returned ${bytes} bytes of JSON; aws:executeScript returns a Payload of up to ${PAYLOAD_MAX_BYTES / 1024} KB`,
    },
  };
}
