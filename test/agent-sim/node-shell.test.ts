// The simulated shell of virtual Linux nodes: the OS image, commands consistent with node facts, package and
// service state, the emulator clock, timeouts and cancels, and the sh wording SSM Agent's scripts get.
import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../../src/engine/clock.js';
import { clockSleeper } from '../../src/agent-sim/clock-sleep.js';
import { demoSeeds } from '../../src/agent-sim/demo-fleet.js';
import { parseFleetFile, seedsFromFleet } from '../../src/agent-sim/fleet-file.js';
import type { NodeSeed } from '../../src/agent-contract/node-model.js';
import { installedPackages, newNodeState, nodeServices } from '../../src/agent-sim/node-state.js';
import { NodeShellHandle } from '../../src/agent-sim/shell/handle.js';
import { openShellSession } from '../../src/agent-sim/shell/session.js';
import { SimulatedExecutor } from '../../src/agent-sim/executors/simulated.js';
import { ScriptedExecutor } from '../../src/agent-sim/executors/scripted.js';
import type { ScriptRun } from '../../src/agent-sim/executors/types.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const AL = 'i-0123456789abcdef0';
const UBUNTU = 'i-0fedcba9876543210';
const clocks: Clock[] = [];
afterEach(() => clocks.splice(0).forEach((c) => c.dispose()));

function nodeOf(seed: NodeSeed) {
  const clock = new Clock(() => T0);
  clock.freeze();
  clocks.push(clock);
  const state = newNodeState();
  const sleeper = clockSleeper(clock);
  const handle = new NodeShellHandle({
    node: { ...seed, region: seed.region },
    profile: seed.profile,
    state,
    sleeper,
    bootMs: T0 - 3_600_000,
  });
  const scripted = new ScriptedExecutor(seed, seed.profile, sleeper, 137);
  const executor = new SimulatedExecutor(() => handle.get(), scripted, 137);
  let n = 0;
  const run = (script: string, extra: Partial<ScriptRun> = {}, signal = new AbortController().signal) =>
    executor.run(
      {
        script,
        shell: 'sh',
        workingDirectory: '',
        timeoutSeconds: 3600,
        attempt: 0,
        env: { ...seed.profile.facts.env, SSM_COMMAND_ID: `c${++n}`, AWS_SSM_INSTANCE_ID: seed.instanceId },
        commandId: `c${n}`,
        stepName: 'aws:runShellScript',
        ...extra,
      },
      signal,
    );
  return { clock, state, handle, run, seed };
}

const demo = (id: string) =>
  nodeOf(demoSeeds({ account: '000000000000', region: 'us-east-1' }).find((s) => s.instanceId === id)!);
const fleet = (yaml: string) =>
  nodeOf(seedsFromFleet(parseFleetFile(yaml), { account: '000000000000', region: 'eu-west-1' })[0]);
const scriptPath = (id: string, cmd: string) =>
  `/var/lib/amazon/ssm/${id}/document/orchestration/${cmd}/awsrunShellScript/0.awsrunShellScript/_script.sh`;
/** Lets the clock's waiters and the shell's promises run (real time, a few ms). */
const settle = () => new Promise((r) => setTimeout(r, 30));
/** Waits until the run sleeps on the clock (its timeout is one timer, the sleep another). */
async function sleeping(clock: Clock): Promise<void> {
  for (let i = 0; i < 300 && clock.pendingTimers() < 2; i++) await settle();
}

describe('simulated shell: the OS image', () => {
  it('has the image files of its OS, with the node facts', async () => {
    const al = demo(AL);
    const r = await al.run(
      'grep PRETTY_NAME /etc/os-release; cat /etc/hostname; grep -c "" /proc/cpuinfo >/dev/null && grep -c processor /proc/cpuinfo; head -1 /proc/meminfo; cut -d: -f1 /etc/passwd | tail -2; echo /home/*; cat /usr/share/nginx/html/index.html',
    );
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.stdout).toBe(
      'PRETTY_NAME="Amazon Linux 2023.6.20250107"\nweb-prod-1\n2\nMemTotal:        4194304 kB\nec2-user\nssm-user\n/home/ec2-user /home/ssm-user\n<h1>web-prod-1</h1>\n',
    );
    // Amazon Linux 2023 ships journald, not rsyslog: there is no /var/log/messages.
    expect(await al.run('cat /var/log/messages')).toMatchObject({
      exitCode: 1,
      stderr: 'cat: /var/log/messages: No such file or directory\n',
    });
    const ubuntu = demo(UBUNTU);
    const u = await ubuntu.run(
      '. /etc/os-release; echo "$NAME $VERSION_ID"; grep -c apache2 /var/log/syslog; id ubuntu',
    );
    expect(u.stdout).toBe(
      'Ubuntu 22.04\n1\nuid=1000(ubuntu) gid=1000(ubuntu) groups=1000(ubuntu),4(adm),27(sudo)\n',
    );
  });

  it('answers identity and system commands from the facts', async () => {
    const n = fleet(
      'nodes: [{ name: app-1, ip: 10.1.2.3, os: rhel-9, facts: { architecture: arm64, cpuCores: 4, memoryMb: 8192, env: { APP_ENV: prod } } }]',
    );
    const r = await n.run(
      'whoami; id; hostname -I; uname -srm; nproc; free -m | sed -n 2p; ip -4 addr | grep inet | tail -1; echo "[$HOME] $APP_ENV $AWS_SSM_REGION_NAME $AWS_SSM_PLATFORM_NAME"; pwd',
    );
    expect(r.stdout).toBe(
      [
        'root',
        'uid=0(root) gid=0(root) groups=0(root)',
        '10.1.2.3 ',
        'Linux 5.14.0-503.11.1.el9_5.aarch64 aarch64',
        '4',
        'Mem:            8192        2048        4506           1        1638        6144',
        '    inet 10.1.2.3/24 metric 512 brd 10.1.2.255 scope global dynamic eth0',
        // No HOME for Run Command: the agent is a system service (amazon-ssm-agent executers_unix.go).
        '[] prod eu-west-1 Red Hat Enterprise Linux',
        '/usr/bin',
        '',
      ].join('\n'),
    );
  });
});

describe('simulated shell: bash semantics as sh', () => {
  it('exit codes, stderr and the sh wording of the OS (bash on Amazon Linux, dash on Ubuntu)', async () => {
    const al = demo(AL);
    expect(await al.run('echo start\nfalse\nno-such-tool --flag\necho "after $?"')).toMatchObject({
      exitCode: 0,
      stdout: 'start\nafter 127\n',
      stderr: `${scriptPath(AL, 'c1')}: line 3: no-such-tool: command not found\n`,
    });
    expect(await al.run('exit 3')).toMatchObject({ exitCode: 3, stdout: '', stderr: '' });
    expect(await al.run('ls /nonexistent')).toMatchObject({
      exitCode: 2,
      stderr: "ls: cannot access '/nonexistent': No such file or directory\n",
    });
    const ubuntu = demo(UBUNTU);
    expect(await ubuntu.run('yum install -y nginx')).toMatchObject({
      exitCode: 127,
      stderr: `${scriptPath(UBUNTU, 'c1')}: 1: yum: not found\n`,
    });
  });

  it('keeps the node file system across commands; a PowerShell document fails without pwsh', async () => {
    const al = demo(AL);
    expect((await al.run('mkdir -p /opt/app && echo v1 > /opt/app/version')).exitCode).toBe(0);
    expect((await al.run('cat /opt/app/version')).stdout).toBe('v1\n');
    expect(await al.run('Get-Process', { shell: 'powershell' })).toMatchObject({
      exitCode: 1,
      stdout: '',
      launchError: 'fork/exec /usr/bin/pwsh: no such file or directory',
    });
    const pwsh = fleet(
      'nodes: [{ name: ps-1, facts: { packages: [{ name: powershell, version: 7.4.6 }] } }]',
    );
    expect(await pwsh.run('Write-Output "hi"', { shell: 'powershell' })).toMatchObject({
      exitCode: 0,
      stdout: 'hi\n',
    });
  });

  it('working directories: absolute, missing, relative to the downloads folder', async () => {
    const al = demo(AL);
    expect((await al.run('pwd', { workingDirectory: '/tmp' })).stdout).toBe('/tmp\n');
    expect(await al.run('pwd', { workingDirectory: '/srv/none' })).toMatchObject({
      exitCode: 1,
      launchError: 'fork/exec /usr/bin/sh: no such file or directory',
    });
    expect((await al.run('pwd', { workingDirectory: 'scripts' })).stdout).toBe('/usr/bin\n');
  });
});

describe('simulated shell: node state', () => {
  it('yum/dnf and rpm on Amazon Linux change the package list that inventory reads', async () => {
    const al = demo(AL);
    expect((await al.run('rpm -q nginx jq')).stdout).toBe(
      'nginx-1.24.0-1.amzn2023.x86_64\npackage jq is not installed\n',
    );
    expect((await al.run('echo \'{"a":1}\' | jq .a')).exitCode).toBe(127);
    const unconfirmed = await al.run('dnf install jq');
    expect(unconfirmed).toMatchObject({ exitCode: 1, stderr: 'Operation aborted.\n' });
    expect(unconfirmed.stdout.endsWith('Is this ok [y/N]: ')).toBe(true);
    const done = await al.run('yum install -y jq && rpm -q jq && echo \'{"a":1}\' | jq .a');
    expect(done.exitCode).toBe(0);
    expect(done.stdout).toContain('Installed:\n  jq-1.0.0-1.amzn2023.x86_64\n\nComplete!\n');
    expect(done.stdout.endsWith('jq-1.0.0-1.amzn2023.x86_64\n1\n')).toBe(true);
    expect(installedPackages(al.seed.profile, al.state).map((p) => p.name)).toEqual([
      'nginx',
      'amazon-ssm-agent',
      'jq',
    ]);
    await al.run('dnf remove -y nginx');
    expect((await al.run('dnf list installed')).stdout).not.toContain('nginx');
  });

  it('apt-get and dpkg on Ubuntu; only root may install', async () => {
    const u = demo(UBUNTU);
    const r = await u.run(
      'apt-get install -y tree >/dev/null && dpkg -s tree | grep Version; dpkg -l apache2 | tail -1',
    );
    expect(r.stdout).toBe('Version: 1.0.0\nii  apache2        2.4.52-1ubuntu4.12 amd64        apache2\n');
    expect(await u.run('dpkg -s nginx')).toMatchObject({
      exitCode: 1,
      stderr:
        "dpkg-query: package 'nginx' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n",
    });
    let out = '';
    const session = openShellSession(u.handle.get(), { onOutput: (t) => (out += t), onClose: () => {} });
    session.feed('apt-get install -y jq\n');
    for (let i = 0; i < 100 && out.split('$ ').length < 3; i++) await settle();
    expect(out).toBe(
      '$ E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n$ ',
    );
  });

  it('systemctl starts and stops the node services, seen by ps and inventory', async () => {
    const al = fleet('nodes: [{ facts: { services: [{ name: nginx }, { name: sshd }] } }]');
    expect(
      await al.run('systemctl is-active nginx && systemctl stop nginx; systemctl is-active nginx'),
    ).toMatchObject({
      stdout: 'active\ninactive\n',
      exitCode: 3,
    });
    expect(nodeServices(al.seed.profile, al.state).find((s) => s.name === 'nginx')!.status).toBe('Stopped');
    expect((await al.run('ps -ef | grep -c nginx')).stdout).toBe('0\n');
    expect(await al.run('systemctl restart httpd')).toMatchObject({
      exitCode: 5,
      stderr: 'Failed to restart httpd.service: Unit httpd.service not found.\n',
    });
    expect(await al.run('systemctl status nginx')).toMatchObject({ exitCode: 3 });
    await al.run('systemctl start nginx');
    expect((await al.run('systemctl status nginx')).stdout).toContain(
      'Active: active (running) since Sun 2026-03-01 00:00:00 UTC; 0s ago',
    );
  });
});

describe('simulated shell: time', () => {
  it('date and sleep follow the emulator clock; timeouts and cancels end a run', async () => {
    const al = demo(AL);
    const p = al.run('date -u +%FT%T; sleep 30; date -u +%FT%T');
    await sleeping(al.clock);
    await al.clock.advance(30);
    expect((await p).stdout).toBe('2026-03-01T00:00:00\n2026-03-01T00:00:30\n');

    const slow = al.run('echo begun; sleep 100; echo never', { timeoutSeconds: 10 });
    await sleeping(al.clock);
    await al.clock.advance(10);
    // just-bash drops the output of an aborted run: a timed-out script reports none.
    expect(await slow).toMatchObject({ timedOut: true, cancelled: false, exitCode: 137, stdout: '' });

    const cancel = new AbortController();
    const cancelled = al.run('sleep 100', {}, cancel.signal);
    await sleeping(al.clock);
    cancel.abort();
    expect(await cancelled).toMatchObject({ cancelled: true, exitCode: 137 });
  });
});

describe('simulated shell: sessions', () => {
  it('an Ubuntu session: dash prompt and wording, sudo, a root shell, exit N', async () => {
    const u = demo(UBUNTU);
    let out = '';
    let closed: string | undefined;
    const session = openShellSession(u.handle.get(), {
      onOutput: (t) => (out += t),
      onClose: (r) => (closed = r),
    });
    session.feed(
      'foo\rexport X=1; Y=2\nsh -c \'echo "[$X][$Y]"\'\nsudo whoami\nsudo su -\nwhoami; pwd\nexit\nexit 4\n',
    );
    for (let i = 0; i < 200 && !closed; i++) await settle();
    expect(out).toBe(
      [
        '$ sh: 1: foo: not found',
        '$ $ [1][]',
        '$ root',
        '$ root@dev-1:~# root',
        '/root',
        'root@dev-1:~# $ ',
      ].join('\n'),
    );
    expect(closed).toBe('exit');
  });
});
