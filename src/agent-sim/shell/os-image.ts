// The file system a node's shell starts with, built from its facts: release files, accounts, host name,
// logs, /proc, the users' homes, then the fleet file's own files (facts.files) over all of it.
import { arch, diskKb, isMac, kernel, memoryKb, syslogTime, type ShellHost } from './host.js';
import { SSM_USER, groupFile, passwdFile } from './users.js';

export interface OsImage {
  /** Path -> content; functions are read on first use (an idle node pays nothing for them). */
  files: Record<string, string | (() => string)>;
  dirs: string[];
}

export function osImage(host: ShellHost): OsImage {
  const { node, traits, users } = host;
  const files: OsImage['files'] = {
    '/etc/hostname': `${node.computerName}\n`,
    '/etc/hosts': `127.0.0.1   localhost localhost.localdomain\n::1         localhost6 localhost6.localdomain6\n${node.ipAddress} ${node.computerName}\n`,
    '/etc/passwd': passwdFile(users),
    '/etc/group': groupFile(users),
    // SSM Agent adds ssm-user to sudoers when it creates the user (agent/session/utility CreateLocalAdminUser).
    '/etc/sudoers.d/ssm-agent-users': `# User rules for ${SSM_USER}\n${SSM_USER} ALL=(ALL) NOPASSWD:ALL\n`,
  };
  if (traits.osRelease) files['/etc/os-release'] = `${traits.osRelease}\n`;
  if (host.profile.os === 'amazon-linux-2023' || host.profile.os === 'amazon-linux-2')
    files['/etc/system-release'] =
      host.profile.os === 'amazon-linux-2'
        ? 'Amazon Linux release 2 (Karoo)\n'
        : `Amazon Linux release ${node.platformVersion} (Amazon Linux)\n`;
  if (host.profile.os === 'rhel-9')
    files['/etc/redhat-release'] = 'Red Hat Enterprise Linux release 9.5 (Plow)\n';
  if (!isMac(host)) {
    files['/etc/resolv.conf'] = `nameserver ${node.ipAddress.split('.').slice(0, 2).join('.')}.0.2\n`;
    files['/proc/cpuinfo'] = () => cpuinfo(host);
    files['/proc/meminfo'] = () => meminfo(host);
    files['/proc/version'] = () =>
      `Linux version ${kernel(host)} (mockbuild@builder) (gcc (GCC) 11.4.1) #1 SMP PREEMPT_DYNAMIC\n`;
    files['/etc/fstab'] = `UUID=${uuidOf(node.instanceId)}     /           xfs    defaults,noatime  1   1\n`;
  }
  if (traits.logFile) files[traits.logFile] = () => bootLog(host);
  for (const [path, content] of Object.entries(host.profile.facts.files)) files[path] = content;
  const homes = users.filter((u) => u.uid === 0 || u.uid >= traits.uidBase).map((u) => u.home);
  return { files, dirs: ['/tmp', '/var/tmp', '/var/log', '/opt', '/usr/local/bin', ...homes] };
}

/** The log lines of the node's last boot: the services the facts list starting, then the agent. */
export function bootLog(host: ShellHost): string {
  const boot = host.bootMs();
  const name = host.node.computerName.split('.')[0];
  const line = (s: number, who: string, text: string) =>
    `${syslogTime(boot + s * 1000)} ${name} ${who}: ${text}\n`;
  const services = host.profile.facts.services.filter((s) => s.name !== 'amazon-ssm-agent');
  return [
    line(0, 'kernel', `Linux version ${kernel(host)}`),
    line(1, 'systemd[1]', 'Started systemd-journald.service - Journal Service.'),
    ...services.map((s, i) =>
      line(3 + i, 'systemd[1]', `Started ${s.name}.service - ${s.displayName ?? s.name}.`),
    ),
    line(4, 'systemd[1]', 'Started amazon-ssm-agent.service - amazon-ssm-agent.'),
    line(
      5,
      'amazon-ssm-agent[1432]',
      `INFO [amazon-ssm-agent] amazon-ssm-agent - v${host.profile.facts.packages.find((p) => p.name === 'amazon-ssm-agent')?.version ?? '3.3.1142.0'}`,
    ),
    line(
      6,
      'amazon-ssm-agent[1432]',
      `INFO [amazon-ssm-agent] OS: linux, Arch: ${arch(host) === 'aarch64' ? 'arm64' : 'amd64'}`,
    ),
    line(7, 'amazon-ssm-agent[1432]', 'INFO [CredentialRefresher] Credentials ready'),
  ].join('');
}

function cpuinfo(host: ShellHost): string {
  const n = host.profile.facts.cpuCores;
  const cores = Array.from({ length: n }, (_, i) =>
    arch(host) === 'aarch64'
      ? `processor\t: ${i}\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n`
      : `processor\t: ${i}\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\nstepping\t: 7\ncpu MHz\t\t: 2499.998\ncache size\t: 36608 KB\nphysical id\t: 0\nsiblings\t: ${n}\ncore id\t\t: ${i}\ncpu cores\t: ${n}\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm avx2 avx512f\nbogomips\t: 4999.99\n`,
  );
  return cores.join('\n');
}

function meminfo(host: ShellHost): string {
  const m = memoryKb(host);
  const row = (k: string, v: number) => `${`${k}:`.padEnd(16)}${String(v).padStart(8)} kB\n`;
  return [
    row('MemTotal', m.total),
    row('MemFree', m.free),
    row('MemAvailable', m.available),
    row('Buffers', Math.round(m.buffCache / 10)),
    row('Cached', m.buffCache - Math.round(m.buffCache / 10)),
    row('SwapCached', 0),
    row('Shmem', m.shared),
    row('SwapTotal', 0),
    row('SwapFree', 0),
  ].join('');
}

/** A stable file-system UUID for the root volume. */
function uuidOf(seed: string): string {
  const hex = seed
    .replace(/[^0-9a-f]/g, '')
    .padEnd(32, '0')
    .slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What `df` shows for the root volume and the usual tmpfs. */
export function mounts(host: ShellHost) {
  const d = diskKb(host);
  const shm = Math.round(memoryKb(host).total / 2);
  return [
    { fs: host.traits.iface === 'eth0' ? '/dev/xvda1' : '/dev/nvme0n1p1', type: 'xfs', ...d, on: '/' },
    { fs: 'tmpfs', type: 'tmpfs', size: shm, used: 0, avail: shm, on: '/dev/shm' },
    { fs: 'tmpfs', type: 'tmpfs', size: shm, used: 0, avail: shm, on: '/tmp' },
  ];
}
