// What a standalone agent reports about the machine it runs on (RegisterManagedInstance / UpdateInstanceInformation).
import { existsSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces, platform, release } from 'node:os';
import type { NodeFactsReport } from '../../agent-contract/protocol.js';
import { DEFAULT_AGENT_VERSION } from '../../agent-contract/node-model.js';

export function hostFacts(): NodeFactsReport {
  const p = platform();
  const platformType = p === 'win32' ? 'Windows' : p === 'darwin' ? 'MacOS' : 'Linux';
  let platformName: string = p === 'win32' ? 'Microsoft Windows' : p === 'darwin' ? 'macOS' : 'Linux';
  let platformVersion = release();
  if (platformType === 'Linux' && existsSync('/etc/os-release')) {
    const kv = Object.fromEntries(
      readFileSync('/etc/os-release', 'utf8')
        .split('\n')
        .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => [m[1], m[2].replace(/^"|"$/g, '')]),
    );
    platformName = kv.NAME ?? platformName;
    platformVersion = kv.VERSION_ID ?? platformVersion;
  }
  return {
    computerName: hostname().slice(0, 255) || 'localhost',
    ipAddress: firstIpv4() ?? '127.0.0.1',
    platformType,
    platformName,
    platformVersion,
    agentVersion: DEFAULT_AGENT_VERSION,
  };
}

function firstIpv4(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}
