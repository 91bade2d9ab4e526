// Canned answers from node facts for common read-only PowerShell commands, so Windows nodes (whose PowerShell
// the emulator cannot run) reply like real ones. Linux and macOS nodes run their scripts in a simulated shell.
import { defaultUsername, type NodeIdentity, type NodeProfile } from '../agent-contract/node-model.js';

type Answer = (args: string, node: NodeIdentity, profile: NodeProfile) => string | undefined;

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

/** The answer for a whole PowerShell script when every line is a known command; undefined otherwise. */
export function builtinAnswer(script: string, node: NodeIdentity, profile: NodeProfile): string | undefined {
  const table = WINDOWS;
  const out: string[] = [];
  let any = false;
  for (const raw of script.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('#!')) continue;
    // Pipes, redirections, chains and substitutions are real shell work: not a built-in answer.
    if (/[;|&<>`{}]|\$\(/.test(line)) return undefined;
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    const answer = table[m[1].toLowerCase()];
    const text = answer?.(m[2].trim(), node, profile);
    if (text === undefined) return undefined;
    out.push(text);
    any = true;
  }
  return any ? out.map((l) => `${l}\n`).join('') : undefined;
}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t.replace(/\s+/g, ' ');
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
