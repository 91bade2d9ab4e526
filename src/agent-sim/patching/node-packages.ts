// A node's packages as its package manager (and Patch Manager) sees them: the OS image's packages as of the
// image's release date, then the node's own packages (facts.packages), then what commands installed or removed.
import { imageReleaseMs, type NodeFacts, type NodeProfile } from '../../agent-contract/node-model.js';
import { catalogAt } from '../../patch-catalog/catalog.js';
import type { InstalledPackage } from '../../patch-catalog/compliance.js';
import { imagePackages, nodePlatform } from '../../patch-catalog/node-platform.js';
import type { NodeState } from '../node-state.js';

// Image packages are the same for every node of one OS image: kept per (product, image date).
const imageCache = new Map<string, ReadonlyMap<string, string>>();
const IMAGE_CACHE_LIMIT = 256;
const NONE: ReadonlyMap<string, string> = new Map();

/**
 * The packages of the OS image a node was built from (name -> version; Windows: installed updates by KB id),
 * read from the OS's simulated repositories on first use. None for a platform Patch Manager does not know.
 */
export function osImage(
  node: { platformName: string; platformVersion: string },
  facts: Pick<NodeFacts, 'imageDate'>,
  joinedMs: number,
): { imageMs: number; image: () => ReadonlyMap<string, string> } {
  const imageMs = imageReleaseMs(facts, joinedMs);
  const platform = nodePlatform(node.platformName, node.platformVersion);
  return {
    imageMs,
    image: () => {
      if (!platform) return NONE;
      const key = `${platform.product}|${imageMs}`;
      let pkgs = imageCache.get(key);
      if (!pkgs) {
        pkgs = new Map(
          imagePackages(catalogAt(platform.os, imageMs), platform.product, imageMs).map((p) => [
            p.name,
            p.version,
          ]),
        );
        if (imageCache.size >= IMAGE_CACHE_LIMIT) imageCache.delete(imageCache.keys().next().value!);
        imageCache.set(key, pkgs);
      }
      return pkgs;
    },
  };
}

/** Every package (and Windows update) installed on the node now, with when it was installed. */
export function nodePackages(profile: NodeProfile, state: NodeState): InstalledPackage[] {
  const { imageMs, installedMs } = state.patching;
  const out = new Map<string, InstalledPackage>();
  for (const [name, version] of state.image()) out.set(name, { name, version, installedMs: imageMs });
  for (const p of profile.facts.packages)
    out.set(p.name, { name: p.name, version: p.version, installedMs: imageMs });
  for (const [name, version] of state.packages) {
    if (version === null) out.delete(name);
    else out.set(name, { name, version, installedMs: installedMs.get(name) ?? imageMs });
  }
  return [...out.values()];
}
