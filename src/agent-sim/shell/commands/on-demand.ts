// Commands a stock image lacks until their package is installed: their file in /usr/bin follows the node's
// package list, so `command -v jq || yum install -y jq` behaves as on AWS.
import type { IFileSystem } from 'just-bash';
import { packageVersion } from '../../node-state.js';
import type { ShellHost } from '../host.js';

/** just-bash command -> the package names that bring it. */
export const ON_DEMAND: Record<string, string[]> = {
  jq: ['jq'],
  yq: ['yq'],
  rg: ['ripgrep'],
  tree: ['tree'],
  sqlite3: ['sqlite', 'sqlite3'],
};

export const commandStub = (name: string) => `#!/bin/bash\n# Built-in command: ${name}\n`;

export function installed(host: ShellHost, command: string): boolean {
  return ON_DEMAND[command].some((p) => packageVersion(host.profile, host.state, p) !== undefined);
}

// What each node's files last got, so that a run without package changes touches no file.
const synced = new WeakMap<ShellHost, string>();

/** Adds or removes /usr/bin/<command> as the packages behind it come and go. */
export async function syncOnDemand(fs: IFileSystem, host: ShellHost): Promise<void> {
  const key = Object.keys(ON_DEMAND)
    .map((c) => (installed(host, c) ? '1' : '0'))
    .join('');
  if (synced.get(host) === key) return;
  synced.set(host, key);
  for (const command of Object.keys(ON_DEMAND)) {
    const path = `/usr/bin/${command}`;
    const want = installed(host, command);
    if (want === (await fs.exists(path))) continue;
    if (want) {
      await fs.writeFile(path, commandStub(command));
      await fs.chmod(path, 0o755);
    } else await fs.rm(path, { force: true });
  }
}
