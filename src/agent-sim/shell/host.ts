// What a node's simulated shell knows about its node: identity, facts, changing state, clock, OS traits.
import type { Sleeper } from '../clock-sleep.js';
import { OS_PRESETS, type NodeIdentity, type NodeProfile } from '../../agent-contract/node-model.js';
import type { NodeState } from '../node-state.js';
import type { OsTraits } from './os-traits.js';
import type { UserInfo } from './users.js';

export interface ShellHost {
  node: NodeIdentity & { region: string };
  profile: NodeProfile;
  state: NodeState;
  sleeper: Sleeper;
  traits: OsTraits;
  users: UserInfo[];
  /** When the node last booted, emulator-clock milliseconds. */
  bootMs(): number;
}

export function isMac(host: ShellHost): boolean {
  return host.node.platformType === 'MacOS';
}

export function arch(host: ShellHost): 'x86_64' | 'aarch64' {
  return host.profile.facts.architecture === 'arm64' ? 'aarch64' : 'x86_64';
}

/** The kernel release `uname -r` prints. */
export function kernel(host: ShellHost): string {
  const k =
    host.profile.os === 'custom'
      ? OS_PRESETS['amazon-linux-2023'].kernel
      : OS_PRESETS[host.profile.os].kernel;
  return arch(host) === 'aarch64' ? k.replace(/x86_64$/, 'aarch64') : k;
}

export function findUser(host: ShellHost, name: string): UserInfo | undefined {
  return host.users.find((u) => u.name === name || String(u.uid) === name);
}

/** ctime-like time of the emulator clock for logs: "Mar  1 00:00:05". */
export function syslogTime(ms: number): string {
  const d = new Date(ms);
  const month = d.toUTCString().slice(8, 11);
  return `${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
}

/** Memory in KiB as free, /proc/meminfo and top agree on it: a quarter used, a fifth cache, no swap. */
export function memoryKb(host: ShellHost) {
  const total = host.profile.facts.memoryMb * 1024;
  const used = Math.round(total * 0.25);
  const buffCache = Math.round(total * 0.2);
  return { total, used, free: total - used - buffCache, shared: 1024, buffCache, available: total - used };
}

/** The root volume in KiB: 30% used. */
export function diskKb(host: ShellHost) {
  const size = host.profile.facts.diskGb * 1024 * 1024;
  const used = Math.round(size * 0.3);
  return { size, used, avail: size - used };
}
