// What commands change on a node (files downloaded, packages installed or removed, services started or
// stopped), over the facts it started with: plugins, inventory, the simulated shell and patching all read it
// here. A node's packages are its OS image's (src/patch-catalog: the repositories as of the image's date), then
// its own (facts.packages), then what commands (yum, aws:configurePackage, AWS-RunPatchBaseline) changed.
import type { NodeProfile } from '../agent-contract/node-model.js';
import { newPatchBookkeeping, type PatchBookkeeping } from './patching/bookkeeping.js';

export type ServiceStatus = 'Running' | 'Stopped';

export interface NodeState {
  /** Files written by aws:downloadContent (path -> content). */
  files: Map<string, string>;
  /** Package name -> installed version, or null once removed. */
  packages: Map<string, string | null>;
  /** Service name -> status, whether it starts at boot, and when it last started (emulator clock). */
  services: Map<string, { status: ServiceStatus; enabled: boolean; sinceMs?: number }>;
  /** The OS image's packages, name -> version (Windows: its installed updates by KB id); built on first use. */
  image: () => ReadonlyMap<string, string>;
  /** What patching keeps between operations (pending reboots, install times). */
  patching: PatchBookkeeping;
}

/** A node's state before any command; `image` gives its OS image's packages (none: a host or an unknown OS). */
export function newNodeState(
  os: { imageMs: number; image: () => ReadonlyMap<string, string> } = {
    imageMs: 0,
    image: () => NO_PACKAGES,
  },
): NodeState {
  return {
    files: new Map(),
    packages: new Map(),
    services: new Map(),
    image: os.image,
    patching: newPatchBookkeeping(os.imageMs),
  };
}

const NO_PACKAGES: ReadonlyMap<string, string> = new Map();
/** Windows updates are listed by their KB id: updates, not applications (inventory's AWS:Application). */
const KB = /^KB\d+$/;

export interface InstalledPackage {
  name: string;
  version: string;
}

/** The node's packages now: its image's, its facts, then the installs and removals commands made. */
export function installedPackages(profile: NodeProfile, state: NodeState): InstalledPackage[] {
  const out = new Map<string, string>();
  for (const [name, version] of state.image()) if (!KB.test(name)) out.set(name, version);
  for (const p of profile.facts.packages) out.set(p.name, p.version);
  for (const [name, version] of state.packages) {
    if (version === null) out.delete(name);
    else out.set(name, version);
  }
  return [...out].map(([name, version]) => ({ name, version }));
}

export function packageVersion(profile: NodeProfile, state: NodeState, name: string): string | undefined {
  if (state.packages.has(name)) return state.packages.get(name) ?? undefined;
  return profile.facts.packages.find((p) => p.name === name)?.version ?? state.image().get(name);
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
