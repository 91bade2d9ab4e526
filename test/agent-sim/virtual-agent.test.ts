// Virtual agents: scripted answers from rules and facts, plugins, reboots, faults, sessions, on a virtual clock.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, Socket, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../src/engine/clock.js';
import { VirtualAgent } from '../../src/agent-sim/virtual-agent.js';
import { loadPty } from '../../src/agent-sim/streams/host-shell.js';
import { parseFleetFile, seedsFromFleet } from '../../src/agent-sim/fleet-file.js';
import type { AgentToEngine, PluginStep } from '../../src/agent-contract/protocol.js';
import type { StoredNode } from '../../src/store/repositories/nodes.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const clocks: Clock[] = [];
afterEach(() => {
  clocks.splice(0).forEach((c) => c.dispose());
  vi.restoreAllMocks();
});

function agentFor(
  yaml: string,
  opts: { allowHostExec?: boolean; random?: () => number; sandboxRoot?: string; pty?: boolean } = {},
) {
  const [seed] = seedsFromFleet(parseFleetFile(yaml), { account: '000000000000', region: 'us-east-1' });
  const clock = new Clock(() => T0);
  clock.freeze();
  clocks.push(clock);
  const node: StoredNode = {
    account: seed.account,
    region: seed.region,
    instanceId: seed.instanceId,
    resourceType: 'EC2Instance',
    computerName: seed.computerName,
    ipAddress: seed.ipAddress,
    platformType: seed.platformType,
    platformName: seed.platformName,
    platformVersion: seed.platformVersion,
    agentVersion: seed.agentVersion,
    registrationMs: T0,
    source: 'fleet',
    agentKind: 'virtual',
    agentConnected: true,
    lastPingMs: T0,
    profileId: seed.profileId,
    faults: seed.faults,
  };
  const out: AgentToEngine[] = [];
  const agent = new VirtualAgent(
    { node, profile: seed.profile, clock, emit: (m) => out.push(m) },
    {
      allowHostExec: opts.allowHostExec ?? false,
      sandboxRoot: opts.sandboxRoot ?? '/nonexistent',
      random: opts.random,
      pty: opts.pty,
    },
  );
  const run = (steps: PluginStep[], commandId = 'cmd-1') =>
    agent.send({ type: 'deliver-command', commandId, documentName: 'doc', steps });
  const result = () =>
    out.find((m) => m.type === 'result') as Extract<AgentToEngine, { type: 'result' }> | undefined;
  return { agent, clock, out, run, result, node };
}

const shell = (lines: string[], extra: Record<string, unknown> = {}): PluginStep => ({
  plugin: 'aws:runShellScript',
  name: 'aws:runShellScript',
  inputs: { runCommand: lines, ...extra },
});
const flush = () => new Promise((r) => setImmediate(r));
/** Waits (real time) until cond holds: the simulated shell loads and runs asynchronously. */
async function until(cond: () => unknown, ms = 5000): Promise<void> {
  for (let t = 0; !cond() && t < ms; t += 10) await new Promise((r) => setTimeout(r, 10));
}
const SCRIPT = (id: string, cmd = 'cmd-1') =>
  `/var/lib/amazon/ssm/${id}/document/orchestration/${cmd}/awsrunShellScript/0.awsrunShellScript/_script.sh`;

describe('simulated shell and scripted executor', () => {
  it('runs common commands in the simulated shell, consistent with node facts', async () => {
    const a = agentFor(
      'nodes: [{ id: i-0123456789abcdef0, name: web-1, os: amazon-linux-2023, ip: 10.0.0.7 }]',
    );
    a.run([
      shell([
        'hostname',
        'whoami',
        'echo "hello world"',
        'uname -a',
        'cat /etc/os-release',
        'df -h',
        'free -m',
      ]),
    ]);
    await until(a.result);
    const r = a.result()!;
    expect(r.status).toBe('Success');
    const lines = r.plugins[0].stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['web-1', 'root', 'hello world']);
    // The build date in the version is what the old canned answer lacked.
    expect(lines[3]).toMatch(
      /^Linux web-1 6\.1\.\S+ #1 SMP PREEMPT_DYNAMIC \w{3} \w{3} [ \d]\d [\d:]{8} UTC \d{4} x86_64 x86_64 x86_64 GNU\/Linux$/,
    );
    expect(r.plugins[0].stdout).toContain('NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"');
    expect(r.plugins[0].stdout).toContain('Filesystem      Size  Used Avail Use% Mounted on');
    expect(r.plugins[0].stdout).toMatch(/Mem: +4096 +1024/);
    expect(r.plugins[0]).toMatchObject({
      exitCode: 0,
      stderr: '',
      name: 'aws:runShellScript',
      plugin: 'aws:runShellScript',
    });
  });

  it('answers Get-Service and Get-Process on Windows, and refuses runShellScript there', async () => {
    const a = agentFor(
      `nodes: [{ os: windows-server-2022, name: WIN-1, facts: { services: [{ name: W3SVC, displayName: IIS }] } }]`,
    );
    a.run([
      {
        plugin: 'aws:runPowerShellScript',
        name: 'ps',
        inputs: { runCommand: ['Get-Service', 'Get-Process', 'hostname'] },
      },
      shell(['hostname']),
    ]);
    await flush();
    const r = a.result()!;
    expect(r.plugins[0].stdout).toContain('Running  W3SVC              IIS');
    expect(r.plugins[0].stdout).toContain('amazon-ssm-agent');
    expect(r.plugins[0].stdout.endsWith('WIN-1\n')).toBe(true);
    expect(r.plugins[1]).toMatchObject({ status: 'Failed', exitCode: 1 });
    expect(r.status).toBe('Failed');
  });

  it('fleet-file rules win and take their duration on the clock; the shell runs the rest', async () => {
    const a = agentFor(`
nodes:
  - rules: [{ match: "^systemctl restart nginx$", stdout: "restarted\\n", exitCode: 0, durationSeconds: 30 }]
    default: { stdout: "", stderr: "unknown\\n", exitCode: 127 }
`);
    a.run([shell(['systemctl restart nginx'])]);
    await flush();
    expect(a.result()).toBeUndefined();
    await a.clock.advance(29);
    await flush();
    expect(a.result()).toBeUndefined();
    await a.clock.advance(1);
    await flush();
    expect(a.result()!.plugins[0]).toMatchObject({
      stdout: 'restarted\n',
      status: 'Success',
      startMs: T0,
      endMs: T0 + 30_000,
    });
    // `default` answers only on Windows nodes: a Linux node runs what no rule matches.
    a.run([shell(['make install'])], 'cmd-2');
    const results = () =>
      a.out.filter((m) => m.type === 'result') as Extract<AgentToEngine, { type: 'result' }>[];
    await until(() => results()[1]);
    expect(results()[1].plugins[0]).toMatchObject({
      status: 'Failed',
      exitCode: 127,
      stderr: `${SCRIPT(a.node.instanceId, 'cmd-2')}: line 1: make: command not found\nfailed to run commands: exit status 127\n`,
    });
  });

  it('executionTimeout ends a long script as TimedOut with exit code 137', async () => {
    const a = agentFor(`nodes: [{ rules: [{ match: sleep, durationSeconds: 100 }] }]`);
    a.run([shell(['sleep 100'], { timeoutSeconds: '10' })]);
    await a.clock.advance(10);
    await flush();
    expect(a.result()).toMatchObject({
      status: 'TimedOut',
      plugins: [{ status: 'TimedOut', exitCode: 137 }],
    });
  });

  it('exit 194 reboots the node (offline, then back) and reruns the script', async () => {
    const a = agentFor(
      `nodes: [{ rules: [{ match: yum, stdout: "updated\\n", exitCode: 194, exitCodeAfterReboot: 0 }] }]`,
    );
    a.run([shell(['yum -y update && exit 194'])]);
    await flush();
    expect(a.out.map((m) => m.type)).toEqual(['rebooting']);
    await a.clock.advance(60);
    await flush();
    expect(a.out.map((m) => m.type)).toEqual(['rebooting', 'heartbeat', 'progress', 'result']);
    expect(a.result()).toMatchObject({ status: 'Success', plugins: [{ exitCode: 0 }] });
  });

  it('skips steps whose platform precondition does not hold, and honours onFailure: exit', async () => {
    const a = agentFor('nodes: [{ os: ubuntu-22.04 }]');
    a.run([
      {
        plugin: 'aws:runPowerShellScript',
        name: 'win',
        inputs: { runCommand: ['hostname'] },
        precondition: { StringEquals: ['platformType', 'Windows'] },
      },
      { plugin: 'aws:nope', name: 'bad', inputs: {}, onFailure: 'exit' },
      shell(['hostname']),
    ]);
    await flush();
    const r = a.result()!;
    expect(r.plugins.map((p) => p.status)).toEqual(['Skipped', 'Failed']);
    expect(r.plugins[0].stdout).toBe(
      `Step execution skipped due to unsatisfied preconditions: '"StringEquals": [platformType, Windows]'. Step name: win\n`,
    );
    expect(r.plugins[1].stderr).toBe('Plugin with name aws:nope not found. Step name: bad\n');
  });
});

describe('faults', () => {
  it('latency delays pickup, failureProbability fails, hang never answers', async () => {
    const slow = agentFor('nodes: [{ faults: { latencySeconds: 5 } }]');
    slow.run([shell(['hostname'])]);
    await slow.clock.advance(4);
    await flush();
    expect(slow.result()).toBeUndefined();
    await slow.clock.advance(1);
    await until(slow.result);
    expect(slow.result()?.status).toBe('Success');

    const failing = agentFor('nodes: [{ faults: { failureProbability: 0.5 } }]', { random: () => 0.2 });
    failing.run([shell(['hostname'])]);
    await flush();
    expect(failing.result()!.plugins[0]).toMatchObject({
      status: 'Failed',
      exitCode: 1,
      stderr: 'simulated failure (fault: failureProbability)\n',
    });

    const hung = agentFor('nodes: [{ faults: { hang: true } }]');
    hung.run([shell(['hostname'])]);
    await hung.clock.advance(86400);
    expect(hung.out).toEqual([]);
  });

  it('cancel-command ends a running command as Cancelled', async () => {
    const a = agentFor(`nodes: [{ rules: [{ match: sleep, durationSeconds: 100 }] }]`);
    a.run([shell(['sleep 100'])]);
    a.agent.send({ type: 'cancel-command', commandId: 'cmd-1' });
    await flush();
    expect(a.result()).toMatchObject({ status: 'Cancelled', plugins: [{ status: 'Cancelled' }] });
  });
});

describe('other plugins', () => {
  it('configurePackage, updateSsmAgent, softwareInventory, downloadContent, runDocument', async () => {
    const a = agentFor(
      'nodes: [{ facts: { packages: [{ name: nginx, version: 1.24.0 }], files: { /opt/app.sh: "echo app\\n" } } }]',
    );
    const inner: PluginStep[] = [shell(['echo inner'])];
    a.agent.send({
      type: 'deliver-command',
      commandId: 'c',
      documentName: 'doc',
      documents: { 'My-Inner': inner },
      steps: [
        {
          plugin: 'aws:configurePackage',
          name: 'pkg',
          inputs: { name: 'AmazonCloudWatchAgent', action: 'Install', version: '1.300' },
        },
        { plugin: 'aws:updateSsmAgent', name: 'upd', inputs: {} },
        { plugin: 'aws:softwareInventory', name: 'inv', inputs: {} },
        {
          plugin: 'aws:downloadContent',
          name: 'dl',
          inputs: { sourceType: 'S3', sourceInfo: '{"path":"/opt/app.sh"}', destinationPath: '/tmp/app.sh' },
        },
        {
          plugin: 'aws:downloadContent',
          name: 'dl2',
          inputs: { sourceType: 'HTTP', sourceInfo: { path: 'https://example.com/x' } },
        },
        {
          plugin: 'aws:runDocument',
          name: 'nested',
          inputs: { documentType: 'SSMDocument', documentPath: 'My-Inner' },
        },
      ],
    });
    await until(a.result);
    const r = a.result()!;
    expect(r.plugins.map((p) => [p.name, p.status])).toEqual([
      ['pkg', 'Success'],
      ['upd', 'Success'],
      ['inv', 'Success'],
      ['dl', 'Success'],
      ['dl2', 'Failed'],
      ['nested', 'Success'],
    ]);
    expect(r.plugins[0].stdout).toBe('Successfully installed AmazonCloudWatchAgent 1.300\n');
    expect(r.plugins[1].stdout).toBe(
      'Updating amazon-ssm-agent from 3.3.1142.0 to 3.3.1611.0\nSuccessfully updated amazon-ssm-agent to 3.3.1611.0\n',
    );
    expect(a.out).toContainEqual({
      type: 'heartbeat',
      instanceId: a.node.instanceId,
      facts: { agentVersion: '3.3.1611.0' },
    });
    const inv = a.out.find((m) => m.type === 'inventory') as Extract<AgentToEngine, { type: 'inventory' }>;
    // The node's packages: its OS image's (Amazon Linux 2023 as of the image date), its facts, what it installed.
    const apps = inv.items.find((i) => i.typeName === 'AWS:Application')!.content;
    expect(apps.slice(-2)).toEqual([
      { Name: 'nginx', Version: '1.24.0', Publisher: '' },
      { Name: 'AmazonCloudWatchAgent', Version: '1.300', Publisher: '' },
    ]);
    expect(apps.find((p) => p.Name === 'kernel')?.Version).toMatch(/^6\.1\.\d+-\d+\.amzn2023\.0\.\d+$/);
    expect(r.plugins[3].stdout).toBe('Content downloaded to /tmp/app.sh\n');
    expect(r.plugins[5].stdout).toBe('inner\n');
  });
});

describe('shell executor', () => {
  it('runs only with --allow-host-exec, inside the node sandbox', async () => {
    const yaml = 'nodes: [{ id: i-0123456789abcdef0, executor: shell }]';
    const gated = agentFor(yaml, { allowHostExec: false });
    gated.run([shell(['echo real > made.txt; echo $AWS_SSM_INSTANCE_ID; pwd'])]);
    await until(gated.result);
    // Without it the simulated shell runs the script: made.txt is a file of the virtual node only.
    expect(gated.result()!.plugins[0].stdout).toBe('i-0123456789abcdef0\n/usr/bin\n');

    const root = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const real = agentFor(yaml, { allowHostExec: true, sandboxRoot: root });
    real.run([
      shell(['echo real > made.txt; echo $AWS_SSM_INSTANCE_ID; pwd'], { workingDirectory: '/srv/app' }),
    ]);
    for (let i = 0; i < 100 && !real.result(); i++) await new Promise((r) => setTimeout(r, 20));
    const r = real.result()!;
    expect(r.plugins[0].stdout).toBe(
      `i-0123456789abcdef0\n${join(root, 'i-0123456789abcdef0', 'srv', 'app')}\n`,
    );
    expect(readFileSync(join(root, 'i-0123456789abcdef0', 'srv', 'app', 'made.txt'), 'utf8')).toBe('real\n');
    expect(existsSync('/srv/app/made.txt')).toBe(false);
  });
});

describe('sessions', () => {
  const outputOf = (a: ReturnType<typeof agentFor>, sessionId: string) =>
    a.out
      .filter((m) => m.type === 'session-output' && m.sessionId === sessionId)
      .map((m) => Buffer.from((m as { data: string }).data, 'base64').toString())
      .join('');
  const closedOf = (a: ReturnType<typeof agentFor>, sessionId: string) =>
    a.out.find((m) => m.type === 'session-closed' && m.sessionId === sessionId);
  const feed = (a: ReturnType<typeof agentFor>, sessionId: string, text: string) =>
    a.agent.send({ type: 'feed-session', sessionId, data: Buffer.from(text).toString('base64') });
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));
  async function echoServer() {
    const seen: string[] = [];
    const server = createServer((c) => {
      seen.push('connection');
      c.on('data', (d: Buffer) => c.write(`echo:${d.toString()}`));
      c.on('error', () => undefined);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { port: (server.address() as { port: number }).port, seen };
  }

  it('a shell runs lines in the node shell as ssm-user; port sessions need a listed port', async () => {
    const a = agentFor('nodes: [{ name: web-1, facts: { ports: [80] } }]');
    const text = () =>
      a.out
        .filter((m) => m.type === 'session-output')
        .map((m) => Buffer.from((m as { data: string }).data, 'base64').toString())
        .join('');
    const feed = (sessionId: string, s: string) =>
      a.agent.send({ type: 'feed-session', sessionId, data: Buffer.from(s).toString('base64') });
    a.agent.send({ type: 'open-session', sessionId: 's1', kind: 'shell' });
    feed('s1', 'whoami\nhostname; whoami\nfoo\ncd /tmp\npwd\necho from-session > made.txt\necho $HOME\n');
    await until(() => text().split('sh-5.2$ ').length > 7);
    expect(text()).toBe(
      [
        'sh-5.2$ ssm-user',
        'sh-5.2$ web-1\nssm-user',
        'sh-5.2$ sh: foo: command not found',
        'sh-5.2$ sh-5.2$ /tmp',
        'sh-5.2$ sh-5.2$ /home/ssm-user',
        'sh-5.2$ ',
      ].join('\n'),
    );
    // The file the session wrote is on the node for the next command, which runs as root.
    a.run([shell(['cat /tmp/made.txt; ls -l /tmp/made.txt | wc -l; whoami'])]);
    await until(a.result);
    expect(a.result()!.plugins[0]).toMatchObject({ status: 'Success', stdout: 'from-session\n1\nroot\n' });
    feed('s1', 'exit\n');
    await until(() => a.out.at(-1)?.type === 'session-closed');
    expect(a.out.at(-1)).toEqual({ type: 'session-closed', sessionId: 's1', reason: 'exit' });
  });

  it('a command session runs its command as the node answers it, then ends with its exit code', async () => {
    const a = agentFor(`
nodes:
  - rules: [{ match: "^systemctl status nginx$", stdout: "active (running)\\n", exitCode: 3, durationSeconds: 5 }]
`);
    a.agent.send({ type: 'open-session', sessionId: 'c1', kind: 'shell', command: 'systemctl status nginx' });
    await flush();
    expect(closedOf(a, 'c1')).toBeUndefined(); // it takes its 5 s on the emulator clock
    await a.clock.advance(5);
    await flush();
    expect(outputOf(a, 'c1')).toBe('active (running)\n');
    expect(closedOf(a, 'c1')).toEqual({ type: 'session-closed', sessionId: 'c1', reason: 'exit 3' });
  });

  it('a listed port with nothing mapped echoes; close-session ends it without an answer', () => {
    const a = agentFor('nodes: [{ facts: { ports: [80] } }]');
    a.agent.send({ type: 'open-session', sessionId: 'p1', kind: 'port', port: 80 });
    feed(a, 'p1', 'ping');
    expect(outputOf(a, 'p1')).toBe('ping');
    const before = a.out.length;
    a.agent.send({ type: 'close-session', sessionId: 'p1' });
    feed(a, 'p1', 'gone');
    expect(a.out.length).toBe(before);
  });

  it('dials only what portTargets maps: a mapped port and a mapped remote host reach real TCP', async () => {
    const echo = await echoServer();
    const a = agentFor(
      `nodes: [{ facts: { portTargets: { "80": "127.0.0.1:${echo.port}", "db.internal:5432": "127.0.0.1:${echo.port}" } } }]`,
    );
    const pause = vi.spyOn(Socket.prototype, 'pause');
    a.agent.send({ type: 'open-session', sessionId: 'p1', kind: 'port', port: 80 });
    a.agent.send({ type: 'open-session', sessionId: 'p2', kind: 'port', port: 5432, host: 'db.internal' });
    feed(a, 'p1', 'one');
    feed(a, 'p2', 'two');
    await vi.waitFor(() => expect(outputOf(a, 'p1') + outputOf(a, 'p2')).toBe('echo:oneecho:two'));
    expect(echo.seen).toHaveLength(2);
    // The engine's flow control reaches the socket.
    a.agent.send({ type: 'pause-session', sessionId: 'p1' });
    expect(pause).toHaveBeenCalledTimes(1);
    a.agent.send({ type: 'resume-session', sessionId: 'p1' });
    a.agent.send({ type: 'close-session', sessionId: 'p1' });
    a.agent.send({ type: 'close-session', sessionId: 'p2' });
    await flush();
    expect(closedOf(a, 'p1')).toBeUndefined();
  });

  it('an unmapped port or host is refused as a failed dial, without dialling anything', async () => {
    const echo = await echoServer();
    const a = agentFor(
      `nodes: [{ facts: { ports: [80], portTargets: { "81": "127.0.0.1:${echo.port}" } } }]`,
    );
    const connect = vi.spyOn(Socket.prototype, 'connect');
    a.agent.send({ type: 'open-session', sessionId: 'p1', kind: 'port', port: 5432 });
    a.agent.send({ type: 'open-session', sessionId: 'p2', kind: 'port', port: echo.port, host: '127.0.0.1' });
    // A remote host is never the node's own listed port: port 80 of another host is not mapped either.
    a.agent.send({ type: 'open-session', sessionId: 'p3', kind: 'port', port: 80, host: 'db.internal' });
    expect(closedOf(a, 'p1')).toBeUndefined(); // a dial fails after the open, as a real one does
    await flush();
    expect([closedOf(a, 'p1'), closedOf(a, 'p2'), closedOf(a, 'p3')]).toEqual([
      {
        type: 'session-closed',
        sessionId: 'p1',
        reason: 'Connection to destination port 5432 failed: connect ECONNREFUSED 127.0.0.1:5432',
      },
      {
        type: 'session-closed',
        sessionId: 'p2',
        reason: `Connection to destination port ${echo.port} failed: connect ECONNREFUSED 127.0.0.1:${echo.port}`,
      },
      {
        type: 'session-closed',
        sessionId: 'p3',
        reason: 'Connection to destination port 80 failed: connect ECONNREFUSED db.internal:80',
      },
    ]);
    expect(connect).not.toHaveBeenCalled();
    expect(echo.seen).toEqual([]);
  });

  it('a host-exec node runs a real shell in its sandbox with the shell profile typed first', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const a = agentFor(
      'nodes: [{ id: i-0123456789abcdef0, executor: shell, facts: { env: { ROLE: web } } }]',
      {
        allowHostExec: true,
        sandboxRoot: root,
        pty: false,
      },
    );
    expect(a.agent.capabilities).toEqual([]); // pipes: the engine edits lines
    a.agent.send({ type: 'open-session', sessionId: 's1', kind: 'shell', shellProfile: 'GREETING=hi' });
    feed(a, 's1', 'echo "$GREETING $ROLE $HOME"; pwd; exit 7\n');
    await vi.waitFor(() => expect(closedOf(a, 's1')).toBeDefined(), { timeout: 5000 });
    const sandbox = join(root, 'i-0123456789abcdef0');
    expect(outputOf(a, 's1')).toContain(`hi web ${sandbox}\n${join(sandbox, 'work')}\n`);
    expect(closedOf(a, 's1')).toEqual({ type: 'session-closed', sessionId: 's1', reason: 'exit 7' });
  });

  it('with node-pty a host-exec node declares pty; closing the link ends its sessions and says so', async () => {
    const a = agentFor('nodes: [{ executor: shell, facts: { ports: [80] } }]', {
      allowHostExec: true,
      sandboxRoot: mkdtempSync(join(tmpdir(), 'sandbox-')),
    });
    expect(a.agent.capabilities).toEqual(loadPty() ? ['pty'] : []);
    a.agent.send({ type: 'open-session', sessionId: 's1', kind: 'shell', cols: 100, rows: 30 });
    a.agent.send({ type: 'open-session', sessionId: 'p1', kind: 'port', port: 80 });
    a.agent.close();
    expect(a.out.filter((m) => m.type === 'session-closed')).toEqual([
      { type: 'session-closed', sessionId: 's1', reason: 'the agent stopped' },
      { type: 'session-closed', sessionId: 'p1', reason: 'the agent stopped' },
    ]);
  });
});
