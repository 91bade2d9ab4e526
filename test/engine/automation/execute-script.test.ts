// aws:executeScript with the machine's python3: the handler contract, the Payload, AWS's failure text, the
// clean environment, and that a stop or the 600-second limit kills everything the script started.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  EXECUTE_SCRIPT_MAX_MS,
  executeScript,
} from '../../../src/engine/automation/actions/execute-script.js';
import {
  ActionInputError,
  type ActionContext,
  type ActionResult,
} from '../../../src/engine/automation/actions/types.js';
import type { Services } from '../../../src/services.js';
import { unusedExecution } from './fakes.js';

const NOW = Date.UTC(2026, 10, 26, 8, 30, 5);
const scratch = mkdtempSync(join(tmpdir(), 'execute-script-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function context(
  inputs: Record<string, unknown>,
  signal = new AbortController().signal,
  config = { host: '127.0.0.1', allowHostExec: false },
): ActionContext {
  const services = {
    config,
    clock: { nowMs: () => NOW },
    sessions: {
      streamUrl: (id: string) => `ws://127.0.0.1:4999/v1/data-channel/${id}?role=publish_subscribe`,
    },
  } as unknown as Services;
  return {
    services,
    scope: { account: '123456789012', region: 'eu-west-1' },
    callerArn: 'arn:aws:iam::123456789012:root',
    executionId: '0c5d2f3a-1111-2222-3333-444455556666',
    stepName: 'script',
    inputs,
    signal,
    sleep: () => Promise.resolve(),
    setWaiting: () => undefined,
    report: () => undefined,
    nextSignal: () => new Promise(() => undefined),
    execution: unusedExecution(),
  };
}

describe('host execution', () => {
  it('a server on a non-loopback address runs scripts only with --allow-host-exec', async () => {
    const script = { Runtime: 'python3.11', Handler: 'handler', Script: 'def handler(e, c):\n  return 1\n' };
    const refused = await executeScript(
      context(script, undefined, { host: '0.0.0.0', allowHostExec: false }),
    );
    expect(refused).toEqual({
      status: 'Failed',
      failure: {
        type: 'Execution',
        message:
          "aws:executeScript runs scripts on the emulator's host; a server listening on 0.0.0.0 does so only with --allow-host-exec (SSM_EMULATOR_ALLOW_HOST_EXEC=1)",
      },
    });
    const allowed = await executeScript(context(script, undefined, { host: '0.0.0.0', allowHostExec: true }));
    expect(allowed).toMatchObject({ status: 'Success', outputs: { Payload: 1 } });
  });
});

const python = (Script: string, extra: Record<string, unknown> = {}) =>
  executeScript(context({ Runtime: 'python3.11', Handler: 'handler', Script, ...extra }));

function failureOf(r: ActionResult): string {
  if (r.status === 'Success') throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r.failure.message;
}

/** Gone, or a zombie nobody reaped yet (a container's init may not reap): either way it no longer runs. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('aws:executeScript (Python)', () => {
  describe('handler contract', () => {
    it('returns what the handler returns as Payload, for outputs and for Selectors', async () => {
      const r = await python(
        'def handler(events, context):\n    return {"greeting": "hi", "n": 3, "ok": True}\n',
      );
      expect(r).toEqual({
        status: 'Success',
        outputs: { Payload: { greeting: 'hi', n: 3, ok: true } },
        payload: { Payload: { greeting: 'hi', n: 3, ok: true } },
      });
    });

    it('passes InputPayload as events and the execution variables as context', async () => {
      const r = await python(
        [
          'def handler(events, context):',
          '    return {"events": events, "id": context["automation:EXECUTION_ID"],',
          '            "account": context["global:ACCOUNT_ID"], "region": context["global:REGION"],',
          '            "date": context["global:DATE_TIME"], "partition": context["global:AWS_PARTITION"]}',
        ].join('\n'),
        { InputPayload: { instanceId: 'i-0123456789abcdef0', tags: ['a', 'b'], nested: { n: 1 } } },
      );
      expect(r.status === 'Success' && r.payload).toEqual({
        Payload: {
          events: { instanceId: 'i-0123456789abcdef0', tags: ['a', 'b'], nested: { n: 1 } },
          id: '0c5d2f3a-1111-2222-3333-444455556666',
          account: '123456789012',
          region: 'eu-west-1',
          date: '2026-11-26_08.30.05',
          partition: 'aws',
        },
      });
    });

    it('gives an empty events object without InputPayload, and no Payload output for None', async () => {
      const r = await python('def handler(events, context):\n    assert events == {}\n    return None\n');
      expect(r).toEqual({ status: 'Success', outputs: {}, payload: { Payload: null } });
    });

    it('print() and writes to stdout or stderr do not reach the Payload, however much the script prints', async () => {
      const r = await python(
        [
          'import os, sys',
          'print("module level")',
          'def handler(events, context):',
          '    print(\'{"ok": false}\')',
          '    sys.stdout.write("x" * 1000000)',
          '    sys.stderr.write("warning\\n")',
          '    os.write(1, b"raw\\n")',
          '    return ["a", 1]',
        ].join('\n'),
      );
      expect(r).toMatchObject({ status: 'Success', outputs: { Payload: ['a', 1] } });
    });

    it('returns at most 100 items of a list', async () => {
      const r = await python('def handler(events, context):\n    return list(range(150))\n');
      expect(r.status === 'Success' && r.payload).toEqual({
        Payload: Array.from({ length: 100 }, (_, i) => i),
      });
    });

    it('fails a Payload over 100 KB rather than cutting its JSON', async () => {
      const r = await python('def handler(events, context):\n    return {"big": "x" * 200000}\n');
      expect(failureOf(r)).toBe(
        'The script returned 200010 bytes of JSON; aws:executeScript returns a Payload of up to 100 KB',
      );
    });
  });

  describe('failures', () => {
    it("an exception reads as AWS shows it: the script's frames, a blank line, then Type - message", async () => {
      const r = await python(
        [
          'def handler(events, context):',
          '    return parse(events)',
          '',
          'def parse(event):',
          "    my_control_id = event['expected_control_id']",
          '    return my_control_id',
        ].join('\n'),
      );
      expect(r.status).toBe('Failed');
      const message = failureOf(r);
      const file = /^Traceback \(most recent call last\):\n {2}File "(.+)", line 2/.exec(message)?.[1];
      expect(file).toMatch(/\/[0-9a-f-]{36}-2026-11-26-08-30-05\/customer_script\.py$/);
      expect(message).toBe(
        `Traceback (most recent call last):\n  File "${file}", line 2, in handler\n    return parse(events)\n` +
          `  File "${file}", line 5, in parse\n    my_control_id = event['expected_control_id']\n\n` +
          "KeyError - 'expected_control_id'",
      );
      expect(r).toMatchObject({ failure: { type: 'Execution' } });
    });

    it('an exception raised while loading the script shows its line', async () => {
      const r = await python('import os\nraise RuntimeError("Could not find rules to delete")\n');
      expect(failureOf(r)).toMatch(
        /^Traceback \(most recent call last\):\n {2}File ".+\/customer_script\.py", line 2, in <module>\n {4}raise RuntimeError\("Could not find rules to delete"\)\n\nRuntimeError - Could not find rules to delete$/,
      );
    });

    it('a syntax error names the script and the line', async () => {
      const r = await python('def handler(events, context)\n    return 1\n');
      expect(failureOf(r)).toMatch(/^SyntaxError - .*\(customer_script\.py, line 1\)$/);
    });

    it('a handler the script does not define fails the step', async () => {
      const r = await python('def main(events, context):\n    return 1\n', { Handler: 'script_handler' });
      expect(failureOf(r)).toBe(
        "AttributeError - module 'customer_script' has no attribute 'script_handler'",
      );
    });

    it('a return value JSON cannot hold fails the step', async () => {
      const r = await python('def handler(events, context):\n    return {1, 2}\n');
      expect(failureOf(r)).toBe('TypeError - Object of type set is not JSON serializable');
    });

    it('an interpreter that dies without a result says how it ended', async () => {
      const r = await python(
        'import os, sys\ndef handler(events, context):\n    sys.stderr.write("bye\\n")\n    os._exit(3)\n',
      );
      expect(failureOf(r)).toBe(
        'The script ended without a result: the interpreter exited with code 3:\nbye',
      );
    });

    it('a missing Handler, Script, Runtime or an Attachment is refused before anything runs', async () => {
      await expect(executeScript(context({ Runtime: 'python3.11', Script: 'x = 1' }))).rejects.toThrow(
        new ActionInputError('Handler is required for a Python runtime of aws:executeScript.'),
      );
      await expect(executeScript(context({ Runtime: 'python3.11', Handler: 'h' }))).rejects.toThrow(
        'aws:executeScript needs the script in its Script input.',
      );
      await expect(executeScript(context({ Handler: 'h', Script: 'x = 1' }))).rejects.toThrow(
        'Runtime is required for aws:executeScript.',
      );
      await expect(
        executeScript(context({ Runtime: 'python3.11', Handler: 'f.h', Attachment: 'f.zip' })),
      ).rejects.toThrow(
        'ssm-emulator does not store document attachments, so aws:executeScript cannot run the Attachment "f.zip"; put the script in the step\'s Script input instead.',
      );
      await expect(
        executeScript(context({ Runtime: 'nodejs20.x', Handler: 'h', Script: 'x' })),
      ).rejects.toThrow(
        'Runtime nodejs20.x is not supported by aws:executeScript; use a Python runtime (python3.X) or PowerShell (PowerShell 7.4).',
      );
    });
  });

  describe('runtimes', () => {
    const savedPath = process.env.PATH;
    afterEach(() => {
      process.env.PATH = savedPath;
    });

    it('a machine without python3 fails the step naming the missing runtime', async () => {
      process.env.PATH = scratch; // a folder with no python3 in it
      const r = await python('def handler(events, context):\n    return 1\n', { Runtime: 'python3.8' });
      expect(r).toEqual({
        status: 'Failed',
        failure: {
          type: 'Execution',
          message:
            'The runtime python3.8 is not available: ssm-emulator runs Python scripts with python3, and there is no python3 on its PATH',
        },
      });
    });

    it('a PowerShell runtime without pwsh on the PATH fails the step naming it', async () => {
      process.env.PATH = scratch;
      const r = await executeScript(context({ Runtime: 'PowerShell 7.4', Script: '@{ a = 1 }' }));
      expect(failureOf(r)).toBe(
        'The runtime PowerShell 7.4 is not available: ssm-emulator runs PowerShell scripts with pwsh, and there is no pwsh on its PATH',
      );
    });
  });

  describe('environment', () => {
    it('runs with a clean environment pointing AWS SDKs at the emulator, in a folder removed afterwards', async () => {
      process.env.SSM_EMULATOR_TEST_SECRET = 'do-not-leak';
      try {
        const r = await python(
          'import os\ndef handler(events, context):\n    return {"env": dict(os.environ), "cwd": os.getcwd()}\n',
        );
        expect(r.status).toBe('Success');
        const { env, cwd } = (r as { payload: { Payload: { env: Record<string, string>; cwd: string } } })
          .payload.Payload;
        expect(env.SSM_EMULATOR_TEST_SECRET).toBeUndefined();
        expect(env).toMatchObject({
          AWS_ENDPOINT_URL: 'http://127.0.0.1:4999',
          AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:4999',
          AWS_REGION: 'eu-west-1',
          AWS_DEFAULT_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: '123456789012',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        });
        expect(
          Object.keys(env)
            .filter((k) => !/^(AWS_|PYTHON|LC_CTYPE$)/.test(k))
            .sort(),
        ).toEqual(['HOME', 'LANG', 'PATH']);
        expect(cwd).toMatch(/\/[0-9a-f-]{36}-2026-11-26-08-30-05$/);
        expect(existsSync(cwd)).toBe(false);
      } finally {
        delete process.env.SSM_EMULATOR_TEST_SECRET;
      }
    });
  });

  describe('stopping', () => {
    // The script starts a grandchild and reports both pids, then blocks; the test then stops the step.
    const BLOCKING = [
      'import os, subprocess, time',
      'def handler(events, context):',
      '    child = subprocess.Popen(["sleep", "60"])',
      '    with open(events["pids"], "w") as f:',
      '        f.write("%d %d %s\\n" % (os.getpid(), child.pid, os.getcwd()))',
      '    time.sleep(60)',
    ].join('\n');

    it('an abort (StopAutomationExecution, step timeout) kills the script and all it started', async () => {
      const pids = join(scratch, 'abort.pids');
      const controller = new AbortController();
      const started = Date.now();
      const result = executeScript(
        context(
          { Runtime: 'python3.11', Handler: 'handler', Script: BLOCKING, InputPayload: { pids } },
          controller.signal,
        ),
      );
      const [script, grandchild, cwd] = (await waitForFile(pids)).trim().split(' ');
      expect(running(Number(script))).toBe(true);
      expect(running(Number(grandchild))).toBe(true);
      controller.abort();
      expect(await result).toMatchObject({ status: 'Cancelled' });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(running(Number(script))).toBe(false);
      expect(running(Number(grandchild))).toBe(false);
      expect(existsSync(cwd)).toBe(false);
    });

    it('the 600-second limit kills the script and all it started, and times the step out', async () => {
      const pids = join(scratch, 'limit.pids');
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const result = executeScript(
          context({ Runtime: 'python3.11', Handler: 'handler', Script: BLOCKING, InputPayload: { pids } }),
        );
        const [script, grandchild] = (await waitForFile(pids)).trim().split(' ');
        vi.advanceTimersByTime(EXECUTE_SCRIPT_MAX_MS - 1);
        expect(running(Number(script))).toBe(true);
        vi.advanceTimersByTime(1);
        expect(await result).toEqual({
          status: 'TimedOut',
          failure: { type: 'Execution', message: 'The script ran longer than 600 seconds' },
        });
        expect(running(Number(script))).toBe(false);
        expect(running(Number(grandchild))).toBe(false);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});

/** Waits for the script to report its pids, without setTimeout (the limit test fakes it). */
async function waitForFile(path: string): Promise<string> {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = performance.now() + 20_000;
  while (performance.now() < until) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.endsWith('\n')) return text;
    }
    Atomics.wait(pause, 0, 0, 5);
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`${path} never appeared`);
}
