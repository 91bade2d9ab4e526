// From a managed node to what Patch Manager evaluates: its operating system and product (what SSM Agent
// determines on the node), and the packages an image built at a given date carries.
import type { OperatingSystem } from '../model/generated/types.js';
import { currentPatches } from './catalog.js';
import type { Catalog } from './catalog-types.js';
import type { InstalledPackage } from './compliance.js';
import { formatVersion, type PackageVersion } from './versions.js';

export interface NodePlatform {
  os: OperatingSystem;
  product: string;
}

const major = (v: string) => v.split('.')[0];
const majorMinor = (v: string) => v.split('.').slice(0, 2).join('.');

/** The node's OS and product from PlatformName / PlatformVersion; undefined for a platform Patch Manager lacks. */
export function nodePlatform(platformName: string, platformVersion: string): NodePlatform | undefined {
  const name = platformName.toLowerCase();
  if (name.includes('windows')) {
    const year = /20(08|12|16|19|22|25)( R2)?/.exec(platformName);
    return year ? { os: 'WINDOWS', product: `WindowsServer20${year[1]}${year[2] ? 'R2' : ''}` } : undefined;
  }
  if (name === 'amazon linux' || name === 'amazon linux ami') {
    if (platformVersion === '2023') return { os: 'AMAZON_LINUX_2023', product: 'AmazonLinux2023' };
    if (platformVersion === '2022') return { os: 'AMAZON_LINUX_2022', product: 'AmazonLinux2022' };
    if (major(platformVersion) === '2') return { os: 'AMAZON_LINUX_2', product: 'AmazonLinux2' };
    return { os: 'AMAZON_LINUX', product: `AmazonLinux${platformVersion}` };
  }
  if (name === 'ubuntu') return { os: 'UBUNTU', product: `Ubuntu${majorMinor(platformVersion)}` };
  if (name.startsWith('red hat'))
    return { os: 'REDHAT_ENTERPRISE_LINUX', product: `RedhatEnterpriseLinux${majorMinor(platformVersion)}` };
  if (name.startsWith('centos')) return { os: 'CENTOS', product: `CentOS${majorMinor(platformVersion)}` };
  if (name.startsWith('rocky'))
    return { os: 'ROCKY_LINUX', product: `RockyLinux${majorMinor(platformVersion)}` };
  if (name.startsWith('almalinux'))
    return { os: 'ALMA_LINUX', product: `AlmaLinux${majorMinor(platformVersion)}` };
  if (name.startsWith('oracle'))
    return { os: 'ORACLE_LINUX', product: `OracleLinux${majorMinor(platformVersion)}` };
  if (name.includes('suse') || name.startsWith('sles'))
    return { os: 'SUSE', product: `Suse${majorMinor(platformVersion)}` };
  if (name.startsWith('debian')) return { os: 'DEBIAN', product: `Debian${major(platformVersion)}` };
  if (name.startsWith('raspbian')) return { os: 'RASPBIAN', product: `Raspbian${major(platformVersion)}` };
  if (name.startsWith('macos') || name.startsWith('mac os'))
    return { os: 'MACOS', product: `MacOS${major(platformVersion)}` };
  return undefined;
}

/**
 * The packages of a node built from an image of `imageMs`: every base package at its newest version
 * released by then (Windows: the newest update of each series), then the node's own packages, which
 * replace the image's version of the same name.
 */
export function imagePackages(
  catalog: Catalog,
  product: string,
  imageMs: number,
  own: readonly { name: string; version: string }[] = [],
): InstalledPackage[] {
  const out = new Map<string, InstalledPackage>();
  if (catalog.os === 'WINDOWS') {
    const released = catalog.patches.filter(
      (p) => p.releaseMs <= imageMs && p.patchSet === 'OS' && p.products.includes(product),
    );
    for (const p of currentPatches(released))
      out.set(p.kb!, { name: p.kb!, version: p.version ?? '', installedMs: p.releaseMs });
  } else {
    const latest = new Map<string, PackageVersion>();
    for (const p of catalog.patches) {
      if (p.releaseMs > imageMs || !p.products.includes(product)) continue;
      latest.set(p.name!, { epoch: p.epoch ?? 0, version: p.version!, release: p.release });
    }
    for (const pkg of catalog.packages) {
      if (!pkg.base || !pkg.products.includes(product)) continue;
      out.set(pkg.name, {
        name: pkg.name,
        version: formatVersion(latest.get(pkg.name) ?? pkg.initial),
        installedMs: imageMs,
      });
    }
  }
  for (const p of own) out.set(p.name, { name: p.name, version: p.version, installedMs: imageMs });
  return [...out.values()];
}
