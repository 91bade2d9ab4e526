// What commands change on a node (files downloaded, packages installed or removed, services started or
// stopped), over the facts it started with: plugins, inventory and the simulated shell all read it here.
import type { NodeProfile } from '../agent-contract/node-model.js';

export type ServiceStatus = 'Running' | 'Stopped';

export interface NodeState {
  /** Files written by aws:downloadContent (path -> content). */
  files: Map<string, string>;
  /** Package name -> installed version, or null once removed. */
  packages: Map<string, string | null>;
  /** Service name -> status, whether it starts at boot, and when it last started (emulator clock). */
  services: Map<string, { status: ServiceStatus; enabled: boolean; sinceMs?: number }>;
}

export function newNodeState(): NodeState {
  return { files: new Map(), packages: new Map(), services: new Map() };
}

export interface InstalledPackage {
  name: string;
  version: string;
}

/** The node's packages now: its facts, then the installs and removals commands made. */
export function installedPackages(profile: NodeProfile, state: NodeState): InstalledPackage[] {
  const out = profile.facts.packages
    .filter((p) => !state.packages.has(p.name))
    .map((p) => ({ name: p.name, version: p.version }));
  for (const [name, version] of state.packages) if (version !== null) out.push({ name, version });
  return out;
}

export function packageVersion(profile: NodeProfile, state: NodeState, name: string): string | undefined {
  if (state.packages.has(name)) return state.packages.get(name) ?? undefined;
  return profile.facts.packages.find((p) => p.name === name)?.version;
}

export interface ServiceNow {
  name: string;
  displayName: string;
  status: ServiceStatus;
  enabled: boolean;
  sinceMs?: number;
}

/** The node's services now: its facts with the starts and stops commands made. */
export function nodeServices(profile: NodeProfile, state: NodeState): ServiceNow[] {
  return profile.facts.services.map((s) => {
    const now = state.services.get(s.name);
    return {
      name: s.name,
      displayName: s.displayName ?? s.name,
      status: now?.status ?? s.status,
      enabled: now?.enabled ?? true,
      sinceMs: now?.sinceMs,
    };
  });
}
