// A node's packages as its package manager (and Patch Manager) sees them: the OS image's packages as of the
// image's release date, then the node's own packages (facts.packages), then what commands installed or removed.
import type { NodeProfile } from '../../agent-contract/node-model.js';
import { catalogAt } from '../../patch-catalog/catalog.js';
import type { InstalledPackage } from '../../patch-catalog/compliance.js';
import { imagePackages, type NodePlatform } from '../../patch-catalog/node-platform.js';

/** What patching keeps on a node between operations (the real module's patch-states-configuration.json). */
export interface PatchBookkeeping {
  /** KB ids / name.arch installed with NoReboot and not yet rebooted: InstalledPendingReboot. */
  pendingReboot: Set<string>;
  /** The last Install with NoReboot (LastNoRebootInstallOperationTime), until the next reboot. */
  lastNoRebootInstallMs?: number;
  /** When each package or KB was installed by a command (InstalledTime). */
  installedMs: Map<string, number>;
  /** An Install that rebooted the node: how its step ends when the agent reruns it after the reboot. */
  afterReboot: Map<string, { failed: boolean; stdout: string }>;
}

export function newPatchBookkeeping(): PatchBookkeeping {
  return { pendingReboot: new Set(), installedMs: new Map(), afterReboot: new Map() };
}

/** The node state plugins change (aws:configurePackage, patching): package name -> version, null once removed. */
export interface PackageState {
  packages: Map<string, string | null>;
  patching?: PatchBookkeeping;
}

// Image packages are the same for every node of one OS image: kept per (product, image date).
const imageCache = new Map<string, InstalledPackage[]>();
const IMAGE_CACHE_LIMIT = 256;

function imageOf(platform: NodePlatform, imageMs: number): InstalledPackage[] {
  const key = `${platform.product}|${imageMs}`;
  let pkgs = imageCache.get(key);
  if (!pkgs) {
    pkgs = imagePackages(catalogAt(platform.os, imageMs), platform.product, imageMs);
    if (imageCache.size >= IMAGE_CACHE_LIMIT) imageCache.delete(imageCache.keys().next().value!);
    imageCache.set(key, pkgs);
  }
  return pkgs;
}

/** Every package installed on the node now, with when it was installed. */
export function nodePackages(
  platform: NodePlatform | undefined,
  profile: NodeProfile,
  state: PackageState,
  imageMs: number,
): InstalledPackage[] {
  const out = new Map<string, InstalledPackage>();
  if (platform) for (const p of imageOf(platform, imageMs)) out.set(p.name, p);
  for (const p of profile.facts.packages)
    out.set(p.name, { name: p.name, version: p.version, installedMs: imageMs });
  for (const [name, version] of state.packages) {
    if (version === null) out.delete(name);
    else out.set(name, { name, version, installedMs: state.patching?.installedMs.get(name) ?? imageMs });
  }
  return [...out.values()];
}
