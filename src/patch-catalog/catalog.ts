// The simulated patch catalogs, one per operating system, and how they relate to the emulator's clock.
//
// Each catalog is ONE deterministic timeline that starts at the distribution's release (2019 for Windows
// and Amazon Linux 2) and runs forward for ever; what a caller sees at time T is the part released by T.
// A catalog is not generated relative to "now": then every patch would keep its age as the clock moves and
// approval delays could never elapse. On a fixed timeline, advancing the emulator clock publishes new
// patches and ages the old ones, so ApproveAfterDays 7 approves a patch exactly 7 days after its release
// date, and two runs at the same emulator date see the same patches on any machine.
import type { OperatingSystem } from '../model/generated/types.js';
import type { Catalog, CatalogPackage, CatalogPatch } from './catalog-types.js';
import { generateLinuxStream, LINUX_STREAMS } from './catalog-linux.js';
import { generateWindows } from './catalog-windows.js';

/** Operating systems with a simulated catalog; baselines for the others work, with no patches to match. */
export const CATALOG_OPERATING_SYSTEMS: readonly OperatingSystem[] = [
  'WINDOWS',
  'AMAZON_LINUX_2023',
  'AMAZON_LINUX_2',
  'UBUNTU',
  'REDHAT_ENTERPRISE_LINUX',
];

interface Generated {
  /** Patches released before this moment (the end of a calendar month) are generated. */
  throughMs: number;
  patches: CatalogPatch[];
  packages: CatalogPackage[];
}

const cache = new Map<OperatingSystem, Generated>();
/** The last catalog handed out per OS: every node scanning at about the same time gets the same object. */
const lastSlice = new Map<OperatingSystem, Catalog>();

/** The first instant of the month after `atMs`: catalogs are generated a whole month at a time. */
function monthAfter(atMs: number): number {
  const d = new Date(atMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function generate(os: OperatingSystem, throughMs: number): Generated {
  if (os === 'WINDOWS') return { throughMs, patches: generateWindows(throughMs), packages: [] };
  const streams = LINUX_STREAMS[os] ?? [];
  const patches = streams
    .flatMap((s) => generateLinuxStream(s, throughMs))
    .sort((a, b) => a.releaseMs - b.releaseMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { throughMs, patches, packages: streams.flatMap((s) => s.packages.map((p) => p.pkg)) };
}

/** Index of the first patch released after `atMs` (patches are in release order). */
function upperBound(patches: readonly CatalogPatch[], atMs: number): number {
  let lo = 0;
  let hi = patches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (patches[mid].releaseMs <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The catalog of an operating system as published at `atMs` on the emulator clock. */
export function catalogAt(os: OperatingSystem, atMs: number): Catalog {
  let g = cache.get(os);
  if (!g || g.throughMs <= atMs) {
    g = generate(os, monthAfter(Math.max(atMs, g?.throughMs ?? 0)));
    cache.set(os, g);
  }
  const n = upperBound(g.patches, atMs);
  const last = lastSlice.get(os);
  if (last && last.patches.length === n && last.packages === g.packages) return last;
  const catalog: Catalog = { os, patches: g.patches.slice(0, n), packages: g.packages };
  lastSlice.set(os, catalog);
  return catalog;
}

/**
 * Windows Update offers only the newest update of a series (each cumulative update replaces the last):
 * the patches of a catalog that nothing later in the same series supersedes.
 */
export function currentPatches(patches: readonly CatalogPatch[]): CatalogPatch[] {
  const latest = new Map<string, CatalogPatch>();
  const out: CatalogPatch[] = [];
  for (const p of patches) {
    if (p.series === undefined) out.push(p);
    else latest.set(p.series, p);
  }
  return out.concat([...latest.values()]).sort((a, b) => a.releaseMs - b.releaseMs || (a.id < b.id ? -1 : 1));
}
