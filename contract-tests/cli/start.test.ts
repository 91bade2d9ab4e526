// `ssm-emulator` as users run it: one start line, configuration from flags and env, clean shutdown, persistence.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, CLI, freePort, probe, run, start, stop, type Running } from './cli-process.js';

const TIER = '/ssm/parameter-store/default-parameter-tier';
// Each test spawns one to three Node processes: seconds each when the 2 cores are busy with other suites.
const SLOW = 60_000;
const started: Running[] = [];
const track = (p: Running) => (started.push(p), p);
let tmp: string;

beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` (npm test does)`).toBe(true);
  tmp = mkdtempSync(join(tmpdir(), 'ssm-emulator-cli-'));
});
afterEach(async () => {
  for (const p of started.splice(0))
    if (p.proc.exitCode === null && p.proc.signalCode === null) await stop(p, 'SIGKILL');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('start', { timeout: SLOW }, () => {
  it('prints exactly one line: the endpoint and an aws --endpoint-url example', async () => {
    const port = await freePort();
    const p = track(await start(['--port', String(port), '--in-memory']));
    const endpoint = `http://127.0.0.1:${port}`;
    expect(p.endpoint).toBe(endpoint);
    // A round trip first, so that anything printed after the start line would be there by now.
    expect((await call(endpoint, 'GetServiceSetting', { SettingId: TIER })).status).toBe(200);
    expect(p.stdout()).toMatch(
      new RegExp(
        `^ssm-emulator \\d+\\.\\d+\\.\\d+\\S* listening on ${endpoint} \\(in memory\\); try: aws --endpoint-url ${endpoint} ssm describe-parameters\\n$`,
      ),
    );
    expect(p.stderr()).toBe('');
  });

  it('takes the port from SSM_EMULATOR_PORT', async () => {
    const port = await freePort();
    const p = track(await start([], { SSM_EMULATOR_PORT: String(port), SSM_EMULATOR_IN_MEMORY: '1' }));
    expect(p.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(p.stdout()).toContain('(in memory)');
    expect((await fetch(`${p.endpoint}/_emulator/health`)).status).toBe(200);
  });

  it('lets flags override the environment', async () => {
    const envPort = await freePort();
    let flagPort = await freePort();
    while (flagPort === envPort) flagPort = await freePort();
    const p = track(
      await start(['--port', String(flagPort), '--default-account', '111122223333'], {
        SSM_EMULATOR_PORT: String(envPort),
        SSM_EMULATOR_IN_MEMORY: '1',
        SSM_EMULATOR_DEFAULT_ACCOUNT: '444455556666',
      }),
    );
    expect(p.endpoint).toBe(`http://127.0.0.1:${flagPort}`);
    expect(await probe(envPort)).toBe('refused');
    const health = (await (await fetch(`${p.endpoint}/_emulator/health`)).json()) as {
      defaultAccount: string;
    };
    expect(health.defaultAccount).toBe('111122223333');
  });
});

describe('commands and flags', { timeout: SLOW }, () => {
  it('prints the usage for --help and exits 0', async () => {
    const r = run(['--help']);
    expect(await r.exited).toBe(0);
    expect(r.out()).toMatch(/^Usage: ssm-emulator start \[options\]\n/);
    expect(r.out()).toContain('--port PORT');
    expect(r.out()).toContain('SSM_EMULATOR_PORT');
  });

  it('exits 2 on an unknown command, naming it', async () => {
    const r = run(['launch']);
    expect(await r.exited).toBe(2);
    expect(r.err()).toMatch(/^ssm-emulator: unknown command 'launch'\n\nUsage: ssm-emulator start/);
    expect(r.out()).toBe('');
  });

  it('exits non-zero on a bad flag value with a clear message', async () => {
    const r = run(['start', '--port', 'nope', '--in-memory']);
    expect(await r.exited).toBe(1);
    expect(r.err()).toBe(
      'ssm-emulator: invalid configuration: port: Invalid input: expected number, received NaN\n',
    );
    expect(r.out()).toBe('');
  });

  it('exits non-zero on an unknown flag, naming it', async () => {
    const r = run(['start', '--colour', 'blue']);
    expect(await r.exited).toBe(1);
    expect(r.err()).toMatch(/^ssm-emulator: Unknown option '--colour'/);
  });

  it('exits non-zero with the cause when the port is taken', async () => {
    const port = await freePort();
    track(await start(['--port', String(port), '--in-memory']));
    const r = run(['start', '--port', String(port), '--in-memory']);
    expect(await r.exited).toBe(1);
    expect(r.err()).toMatch(
      new RegExp(`^ssm-emulator: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}\\n$`),
    );
  });
});

describe('shutdown', { timeout: SLOW }, () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`exits 0 on ${signal} and frees the port`, async () => {
      const port = await freePort();
      const p = track(await start(['--port', String(port), '--in-memory']));
      expect(await probe(port)).toBe('open');
      expect(await stop(p, signal)).toBe(0);
      expect(p.stdout().split('\n').slice(1)).toEqual([`ssm-emulator: ${signal}, shutting down`, '']);
      expect(await probe(port)).toBe('refused');
    });
  }
});

describe('--in-memory', { timeout: SLOW }, () => {
  it('keeps its files (command outputs) in one temporary folder and removes it on SIGTERM', async () => {
    const tmpRoot = mkdtempSync(join(tmp, 'tmpdir-'));
    const p = track(await start(['--port', String(await freePort()), '--in-memory'], { TMPDIR: tmpRoot }));
    const sent = await call(p.endpoint, 'SendCommand', {
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: ['i-0123456789abcdef0'],
      Parameters: { commands: ['echo hello'] },
      OutputS3BucketName: 'outputs',
    });
    expect(sent.status).toBe(200);
    const id = sent.json.Command.CommandId as string;
    let status = '';
    for (let i = 0; i < 100 && !['Success', 'Failed'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (
        await call(p.endpoint, 'GetCommandInvocation', { CommandId: id, InstanceId: 'i-0123456789abcdef0' })
      ).json.Status;
    }
    expect(status).toBe('Success');
    // While it runs: one folder, named after the process, holding the bucket.
    const made = readdirSync(tmpRoot);
    expect(made).toEqual([expect.stringMatching(new RegExp(`^ssm-emulator-${p.proc.pid}-`))]);
    expect(readdirSync(join(tmpRoot, made[0], 's3'))).toEqual(['outputs']);
    expect(await stop(p)).toBe(0);
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('makes no folder at all when nothing writes a file', async () => {
    const tmpRoot = mkdtempSync(join(tmp, 'tmpdir-'));
    const p = track(await start(['--port', String(await freePort()), '--in-memory'], { TMPDIR: tmpRoot }));
    expect((await call(p.endpoint, 'GetServiceSetting', { SettingId: TIER })).status).toBe(200);
    expect(readdirSync(tmpRoot)).toEqual([]);
    expect(await stop(p)).toBe(0);
    expect(readdirSync(tmpRoot)).toEqual([]);
  });
});

describe('persistence', { timeout: SLOW }, () => {
  it('keeps state across a restart with the same --data-dir', async () => {
    const dataDir = join(tmp, 'data');
    const port = await freePort();
    const first = track(await start(['--port', String(port), '--data-dir', dataDir]));
    expect(first.stdout()).toContain(`(data in ${dataDir})`);
    const update = await call(first.endpoint, 'UpdateServiceSetting', {
      SettingId: TIER,
      SettingValue: 'Advanced',
    });
    expect(update).toEqual({ status: 200, json: {} });
    expect(await stop(first)).toBe(0);
    expect(readdirSync(dataDir)).toContain('ssm.db');

    const second = track(await start(['--port', String(port), '--data-dir', dataDir]));
    const got = await call(second.endpoint, 'GetServiceSetting', { SettingId: TIER });
    expect(got.status).toBe(200);
    expect(got.json.ServiceSetting).toMatchObject({
      SettingId: TIER,
      SettingValue: 'Advanced',
      Status: 'Customized',
    });
    expect(got.json.ServiceSetting.LastModifiedUser).toBe('arn:aws:iam::000000000000:root');
  });

  it("refuses a second emulator on a running one's data dir at once, naming the dir and the process", async () => {
    const dataDir = join(tmp, 'locked');
    const first = track(await start(['--port', String(await freePort()), '--data-dir', dataDir]));
    const began = Date.now();
    const second = run(['start', '--port', String(await freePort()), '--data-dir', dataDir]);
    expect(await second.exited).toBe(1);
    expect(Date.now() - began).toBeLessThan(10_000); // a process start on busy cores, not a wait for the lock
    expect(second.err()).toMatch(
      new RegExp(
        `^ssm-emulator: the data dir ${dataDir} is in use by another ssm-emulator \\(pid ${first.proc.pid} on \\S+, started \\S+, listening on ${first.endpoint}\\); stop it, or give this one another --data-dir \\(or --in-memory\\)\\n$`,
      ),
    );
    expect(second.out()).toBe('');
    // The first one is unharmed.
    expect((await call(first.endpoint, 'GetServiceSetting', { SettingId: TIER })).status).toBe(200);
  });

  it('takes over a data dir whose emulator was killed (kill -9 leaves no lock behind)', async () => {
    const dataDir = join(tmp, 'killed');
    const first = track(await start(['--port', String(await freePort()), '--data-dir', dataDir]));
    expect(await stop(first, 'SIGKILL')).toBe('SIGKILL');
    const second = track(await start(['--port', String(await freePort()), '--data-dir', dataDir]));
    expect((await call(second.endpoint, 'GetServiceSetting', { SettingId: TIER })).status).toBe(200);
  });

  it('starts empty in another data dir', async () => {
    const p = track(await start(['--port', String(await freePort()), '--data-dir', join(tmp, 'other')]));
    const got = await call(p.endpoint, 'GetServiceSetting', { SettingId: TIER });
    expect(got.json.ServiceSetting).toMatchObject({ SettingValue: 'Standard', Status: 'Default' });
  });
});
