// ApprovedPatches and RejectedPatches entries in the formats each operating system accepts ("Package name
// formats for approved and rejected patch lists"): KB and MS bulletin ids on Windows; on YUM/DNF systems
// Bugzilla ids, CVE ids, advisory ids (approved list only) and full package names with at most one `*`;
// plain package names on APT systems; full names on macOS.
import { wildcard } from '../wildcard.js';
import type { CatalogPatch } from './catalog-types.js';
import type { OsFamily } from './operating-systems.js';

const KB = /^KB\d{6,7}$/i;
const MS_BULLETIN = /^MS\d{2}-\d{3}$/i;
const BUGZILLA = /^\d+$/;
const CVE = /^CVE-\d{4}-\d{4,}$/;
// RHSA-2017:0864, ALAS-2018-123, ALAS2-2023-2000, ALAS2023-2024-512, ELSA-2024-1234, RLSA-2024:1234
const ADVISORY = /^[A-Z][A-Z0-9]*-\d{4}[-:]\d+$/;
const PACKAGE = /^[A-Za-z0-9_.+:~^*-]+$/;
const DEB_PACKAGE = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;

type Kind = 'kb' | 'bulletin' | 'bugzilla' | 'cve' | 'advisory' | 'package';

function kindOf(id: string, family: OsFamily, list: 'approved' | 'rejected'): Kind | undefined {
  switch (family) {
    case 'windows':
      return KB.test(id) ? 'kb' : MS_BULLETIN.test(id) ? 'bulletin' : undefined;
    case 'deb':
      return DEB_PACKAGE.test(id) ? 'package' : undefined;
    case 'macos':
      return PACKAGE.test(id) && !id.includes('*') ? 'package' : undefined;
    case 'rpm':
    case 'suse': {
      if (list === 'approved' && family === 'rpm') {
        if (BUGZILLA.test(id)) return 'bugzilla';
        if (CVE.test(id)) return 'cve';
        if (ADVISORY.test(id)) return 'advisory';
      }
      if (BUGZILLA.test(id) || CVE.test(id)) return undefined; // not a package name
      const stars = id.split('*').length - 1;
      return PACKAGE.test(id) && stars <= 1 ? 'package' : undefined;
    }
  }
}

/** The entries of a patch list that the operating system does not accept, in list order. */
export function invalidPatchIds(
  ids: readonly string[],
  family: OsFamily,
  list: 'approved' | 'rejected',
): string[] {
  return ids.filter((id) => kindOf(id, family, list) === undefined);
}

/** The names a package patch answers to: `name`, `name.arch`, `name-version-release.arch`, with epoch. */
function packageNames(p: CatalogPatch): string[] {
  const vr = `${p.version}-${p.release}`;
  return [
    p.name!,
    `${p.name}.${p.arch}`,
    `${p.name}-${vr}.${p.arch}`,
    `${p.name}-${p.epoch ?? 0}:${vr}.${p.arch}`,
  ];
}

/** Whether a list entry names this patch. */
export function patchIdMatches(id: string, patch: CatalogPatch, family: OsFamily): boolean {
  switch (kindOf(id, family, 'approved') ?? kindOf(id, family, 'rejected')) {
    case 'kb':
      return patch.kb?.toUpperCase() === id.toUpperCase();
    case 'bulletin':
      return patch.msrcNumber?.toUpperCase() === id.toUpperCase();
    case 'bugzilla':
      return patch.bugzillaIds?.includes(id) ?? false;
    case 'cve':
      return patch.cveIds?.includes(id) ?? false;
    case 'advisory':
      return patch.advisoryIds?.includes(id) ?? false;
    case 'package': {
      if (patch.name === undefined) return false;
      if (family === 'deb') return patch.name === id;
      if (!id.includes('*')) return packageNames(patch).includes(id);
      const re = wildcard(id);
      return packageNames(patch).some((n) => re.test(n));
    }
    default:
      return false;
  }
}

export function listMatches(ids: readonly string[], patch: CatalogPatch, family: OsFamily): boolean {
  return ids.some((id) => patchIdMatches(id, patch, family));
}
