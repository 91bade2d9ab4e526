// aws:executeScript: runs the step's script in a child process of this machine — Python runtimes with its
// python3, PowerShell runtimes with its pwsh — under AWS's handler contract (actions reference,
// "aws:executeScript – Run a script"): handler(events, context), the return value becomes the Payload output.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  pythonInterpreter,
  RESULT_READ_MAX_BYTES,
  runChild,
  which,
  type ChildRun,
} from '../script-process.js';
import { isLoopback } from '../../../loopback.js';
import { systemVariables } from '../values.js';
import { ActionInputError, type ActionContext, type ActionResult, type ActionRunner } from './types.js';

/** Actions reference: "Each aws:executeScript action can run up to a maximum duration of 600 seconds". */
export const EXECUTE_SCRIPT_MAX_MS = 600_000;
/** Actions reference, output Payload: "Up to 100KB is returned." */
export const PAYLOAD_MAX_BYTES = 100 * 1024;
/** Actions reference, output Payload: "If you output a list, a maximum of 100 items is returned." */
export const PAYLOAD_MAX_ITEMS = 100;
/** AWS runs the script as /tmp/<id>-<time>/customer_script.py (a real aws:executeScript traceback names that path). */
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
        { cwd: dir, env, stdin: request, resultFd: true, maxMs: EXECUTE_SCRIPT_MAX_MS },
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
      {
        cwd: dir,
        env: { ...env, InputPayload: JSON.stringify(inputs.events) },
        resultFd: false,
        maxMs: EXECUTE_SCRIPT_MAX_MS,
      },
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
