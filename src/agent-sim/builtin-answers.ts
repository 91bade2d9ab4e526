// Deterministic answers from node facts for common read-only commands, so scripted nodes reply like real ones.
import { OS_PRESETS, defaultUsername, type NodeProfile, type OsName } from '../agent-contract/node-model.js';

export interface NodeIdentity {
  instanceId: string;
  computerName: string;
  ipAddress: string;
  platformType: string;
  platformName: string;
  platformVersion: string;
}

type Answer = (args: string, node: NodeIdentity, profile: NodeProfile) => string | undefined;

const LINUX: Record<string, Answer> = {
  hostname: (a, n) => (a === '' ? n.computerName : a === '-I' || a === '-i' ? n.ipAddress : undefined),
  whoami: (a, _n, p) => (a === '' ? (p.facts.username ?? 'root') : undefined),
  uname: (a, n, p) => {
    const os = preset(p);
    const arch = p.facts.architecture === 'arm64' ? 'aarch64' : 'x86_64';
    const kernel = os?.kernel ?? '6.1.0';
    if (a === '' || a === '-s') return n.platformType === 'MacOS' ? 'Darwin' : 'Linux';
    if (a === '-r') return kernel;
    if (a === '-m') return arch;
    if (a === '-n') return n.computerName;
    if (a === '-a') {
      if (n.platformType === 'MacOS')
        return `Darwin ${n.computerName} ${kernel} Darwin Kernel Version ${kernel} ${arch}`;
      return `Linux ${n.computerName} ${kernel} #1 SMP PREEMPT_DYNAMIC ${arch} ${arch} ${arch} GNU/Linux`;
    }
    return undefined;
  },
  cat: (a, n, p) => {
    if (a === '/etc/os-release') return osRelease(n, p);
    if (a === '/etc/hostname') return n.computerName;
    const f = p.facts.files[a];
    return f === undefined ? undefined : f.replace(/\n$/, '');
  },
  echo: (a) => unquote(a),
  df: (a, _n, p) => (a === '-h' || a === '' ? df(p) : undefined),
  free: (a, _n, p) => (a === '-m' || a === '-h' || a === '' ? free(p, a) : undefined),
  pwd: (a) => (a === '' ? '/usr/bin' : undefined),
  true: () => '',
  id: (a, _n, p) =>
    a === '' && (p.facts.username ?? 'root') === 'root'
      ? 'uid=0(root) gid=0(root) groups=0(root)'
      : undefined,
  nproc: (a, _n, p) => (a === '' ? String(p.facts.cpuCores) : undefined),
};

const WINDOWS: Record<string, Answer> = {
  hostname: (a, n) => (a === '' ? n.computerName : undefined),
  whoami: (a, n, p) => (a === '' ? (p.facts.username ?? defaultUsername('Windows')) : undefined),
  'write-output': (a) => unquote(a),
  'write-host': (a) => unquote(a),
  echo: (a) => unquote(a),
  '$env:computername': (a, n) => (a === '' ? n.computerName : undefined),
  'get-service': (a, _n, p) => getService(a, p),
  'get-process': (a) => (a === '' ? getProcess() : undefined),
  'get-content': (a, _n, p) => {
    const f = p.facts.files[unquote(a)];
    return f === undefined ? undefined : f.replace(/\r?\n$/, '');
  },
};

/** The answer for a whole script when every line is a known command; undefined otherwise. */
export function builtinAnswer(
  script: string,
  shell: 'sh' | 'powershell',
  node: NodeIdentity,
  profile: NodeProfile,
): string | undefined {
  const table = shell === 'powershell' ? WINDOWS : LINUX;
  const out: string[] = [];
  let any = false;
  for (const raw of script.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('#!')) continue;
    // Pipes, redirections, chains and substitutions are real shell work: not a built-in answer.
    if (shell === 'sh' ? /[;|&<>`$(){}]/.test(line) : /[;|&<>`{}]|\$\(/.test(line)) return undefined;
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    const answer = table[shell === 'powershell' ? m[1].toLowerCase() : m[1]];
    const text = answer?.(m[2].trim(), node, profile);
    if (text === undefined) return undefined;
    out.push(text);
    any = true;
  }
  return any ? out.map((l) => `${l}\n`).join('') : undefined;
}

function preset(p: NodeProfile) {
  return p.os === 'custom' ? undefined : OS_PRESETS[p.os as OsName];
}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t.replace(/\s+/g, ' ');
}

function osRelease(n: NodeIdentity, p: NodeProfile): string | undefined {
  const os = preset(p);
  if (n.platformType !== 'Linux') return undefined;
  const id = os?.osId ?? n.platformName.toLowerCase().replace(/\s+/g, '-');
  const pretty = os?.prettyName ?? `${n.platformName} ${n.platformVersion}`;
  return [
    `NAME="${n.platformName}"`,
    `VERSION="${n.platformVersion}"`,
    `ID="${id}"`,
    `VERSION_ID="${n.platformVersion}"`,
    `PRETTY_NAME="${pretty}"`,
  ].join('\n');
}

function df(p: NodeProfile): string {
  const size = p.facts.diskGb;
  const used = Math.max(1, Math.round(size * 0.3));
  const pct = Math.round((used / size) * 100);
  return [
    'Filesystem      Size  Used Avail Use% Mounted on',
    `/dev/nvme0n1p1  ${`${size}G`.padEnd(5)} ${`${used}G`.padEnd(5)} ${`${size - used}G`.padEnd(5)} ${`${pct}%`.padStart(3)} /`,
    'tmpfs           475M     0  475M   0% /dev/shm',
  ].join('\n');
}

function free(p: NodeProfile, flag: string): string {
  const total = p.facts.memoryMb;
  const used = Math.round(total * 0.25);
  const cache = Math.round(total * 0.2);
  const fmt = (mb: number) => (flag === '-h' ? `${(mb / 1024).toFixed(1)}Gi` : String(mb));
  return [
    '               total        used        free      shared  buff/cache   available',
    `Mem:   ${[total, used, total - used - cache, 1, cache, total - used].map((v) => fmt(v).padStart(12)).join('')}`,
    `Swap:  ${[0, 0, 0].map((v) => fmt(v).padStart(12)).join('')}`,
  ].join('\n');
}

function getService(args: string, p: NodeProfile): string | undefined {
  const name = unquote(args.replace(/^-Name\s+/i, ''));
  const services = name
    ? p.facts.services.filter((s) => s.name.toLowerCase() === name.toLowerCase())
    : p.facts.services;
  if (name && !services.length) return undefined;
  const rows = services.map((s) => `${s.status.padEnd(8)} ${s.name.padEnd(18)} ${s.displayName ?? s.name}`);
  return [
    '',
    'Status   Name               DisplayName',
    '------   ----               -----------',
    ...rows,
    '',
  ].join('\n');
}

function getProcess(): string {
  return [
    '',
    'Handles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName',
    '-------  ------    -----      -----     ------     --  -- -----------',
    '    245      17    10432      19876       0.45   2412   0 amazon-ssm-agent',
    '    512      28    40212      52340       3.12    904   0 svchost',
    '    180      11     2044       8120       0.02    612   0 wininit',
    '',
  ].join('\n');
}
