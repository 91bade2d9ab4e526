// Generates the simulated Linux catalogs: month after month from each distribution's release, update notices
// for real package names whose versions only ever grow, with the advisory ids, CVEs, severities and
// repositories each distribution uses. Deterministic: a stream's generator is seeded by its name.
import type { OperatingSystem } from '../model/generated/types.js';
import type { CatalogPackage, CatalogPatch } from './catalog-types.js';
import {
  AL2023_PACKAGES,
  AL2_PACKAGES,
  RHEL9_PACKAGES,
  UBUNTU_PACKAGES,
  type DebPackageRow,
  type RpmPackageRow,
} from './catalog-linux-data.js';
import { Prng } from './prng.js';
import { parseVersion, type PackageVersion } from './versions.js';

interface StreamPackage {
  pkg: CatalogPackage;
  weight: number;
  securityShare: number;
  section?: string;
  priority?: string;
}

/** One product line of a distribution (Ubuntu 22.04 and 24.04 are two streams of the UBUNTU catalog). */
export interface LinuxStream {
  os: OperatingSystem;
  seed: string;
  /** General availability: the first month with updates. */
  startMs: number;
  perMonth: number;
  products: string[];
  kind: 'al2023' | 'al2' | 'rhel9' | 'ubuntu';
  codename?: string;
  packages: StreamPackage[];
}

const utc = (y: number, m: number, d = 1) => Date.UTC(y, m - 1, d);

function rpmStream(
  os: OperatingSystem,
  kind: LinuxStream['kind'],
  startMs: number,
  perMonth: number,
  products: string[],
  rows: readonly RpmPackageRow[],
  initialRelease: string,
): LinuxStream {
  return {
    os,
    seed: `${os}/${products[0]}`,
    startMs,
    perMonth,
    products,
    kind,
    packages: rows.map(([name, arch, base, version, weight, securityShare]) => ({
      pkg: { name, arch, base, initial: { epoch: 0, version, release: initialRelease }, products },
      weight,
      securityShare,
    })),
  };
}

function debStream(
  product: string,
  codename: string,
  startMs: number,
  perMonth: number,
  col: 4 | 5,
): LinuxStream {
  return {
    os: 'UBUNTU',
    seed: `UBUNTU/${product}`,
    startMs,
    perMonth,
    products: [product],
    kind: 'ubuntu',
    codename,
    packages: UBUNTU_PACKAGES.map((row: DebPackageRow) => ({
      pkg: {
        name: row[0],
        arch: 'amd64',
        base: row[3],
        initial: parseVersion(row[col]),
        products: [product],
      },
      weight: row[6],
      securityShare: row[7],
      section: row[1],
      priority: row[2][0].toUpperCase() + row[2].slice(1), // Debian writes priorities lower-case; AWS's values are capitalised
    })),
  };
}

// Release dates: AL2 2018-06 (catalog from 2019), AL2023 2023-03-15, RHEL 9.0 2022-05-17,
// Ubuntu 22.04 2022-04-21 and 24.04 2024-04-25. perMonth puts ~2,000 patches in each catalog by 2026-12.
export const LINUX_STREAMS: Record<string, LinuxStream[]> = {
  AMAZON_LINUX_2023: [
    rpmStream(
      'AMAZON_LINUX_2023',
      'al2023',
      utc(2023, 3, 15),
      44,
      ['AmazonLinux2023'],
      AL2023_PACKAGES,
      '1.amzn2023.0.1',
    ),
  ],
  AMAZON_LINUX_2: [
    rpmStream(
      'AMAZON_LINUX_2',
      'al2',
      utc(2019, 1),
      21,
      ['AmazonLinux2', 'AmazonLinux2.0'],
      AL2_PACKAGES,
      '1.amzn2.0.1',
    ),
  ],
  REDHAT_ENTERPRISE_LINUX: [
    rpmStream(
      'REDHAT_ENTERPRISE_LINUX',
      'rhel9',
      utc(2022, 5, 17),
      36,
      Array.from({ length: 8 }, (_, i) => `RedhatEnterpriseLinux9.${i}`),
      RHEL9_PACKAGES,
      '1.el9',
    ),
  ],
  UBUNTU: [
    debStream('Ubuntu22.04', 'jammy', utc(2022, 4, 21), 24, 4),
    debStream('Ubuntu24.04', 'noble', utc(2024, 4, 25), 20, 5),
  ],
};

// RHEL 9 minor releases: the `el9_N` of an update's release tag.
const RHEL9_MINORS = [
  utc(2022, 5, 17),
  utc(2022, 11, 15),
  utc(2023, 5, 10),
  utc(2023, 11, 7),
  utc(2024, 4, 30),
].concat([utc(2024, 11, 12), utc(2025, 5, 20), utc(2025, 11, 11)]);

/** The version string with its last numeric run (before any `+`/`~` suffix) incremented. */
export function bumpUpstream(version: string): string {
  const m = /^(.*?)([+~].*)?$/.exec(version)!;
  const stem = m[1].replace(/(\d+)(?!.*\d)/, (d) => String(Number(d) + 1));
  return stem + (m[2] ?? '');
}

interface PackageState {
  version: PackageVersion;
  rel: number;
  sub: number;
  debBase?: string;
}

function nextVersion(kind: LinuxStream['kind'], s: PackageState, rng: Prng, atMs: number): PackageVersion {
  const upstream = rng.next() < (kind === 'ubuntu' ? 0.15 : 0.35);
  if (kind === 'ubuntu') {
    const v = s.version;
    if (upstream || v.release === undefined) {
      s.sub = 1;
      s.debBase = v.release === undefined ? undefined : '0ubuntu0.1';
      return {
        epoch: v.epoch,
        version: bumpUpstream(v.version),
        release: s.debBase && `${s.debBase}.${s.sub}`,
      };
    }
    s.debBase ??= v.release;
    s.sub++;
    return { epoch: v.epoch, version: v.version, release: `${s.debBase}.${s.sub}` };
  }
  if (upstream) {
    s.version = { ...s.version, version: bumpUpstream(s.version.version) };
    s.rel = 1;
    s.sub = 1;
  } else if (kind === 'rhel9') s.rel++;
  else s.sub++;
  const tag =
    kind === 'al2023'
      ? `${s.rel}.amzn2023.0.${s.sub}`
      : kind === 'al2'
        ? `${s.rel}.amzn2.0.${s.sub}`
        : `${s.rel}.el9_${RHEL9_MINORS.filter((t) => t <= atMs).length - 1}`;
  return { epoch: s.version.epoch, version: s.version.version, release: tag };
}

const RPM_NON_SECURITY: readonly (readonly [string | undefined, number])[] = [
  ['Bugfix', 60],
  ['Enhancement', 20],
  ['Recommended', 5],
  ['Newpackage', 3],
  [undefined, 12], // an update with no update notice: only EnableNonSecurity rules approve it
];

/** Year-scoped advisory counters: ALAS2023-2024-512, RHSA-2024:1234, USN-6789-1. */
class Advisories {
  private readonly counters = new Map<string, number>();
  constructor(private readonly rng: Prng) {}
  next(prefix: string, year: number, start: number): number {
    const key = `${prefix}${year}`;
    const n = (this.counters.get(key) ?? start) + this.rng.int(1, 4);
    this.counters.set(key, n);
    return n;
  }
}

/** Every patch of a stream released before `untilMs`, in release order. */
export function generateLinuxStream(stream: LinuxStream, untilMs: number): CatalogPatch[] {
  const rng = new Prng(stream.seed);
  const advisories = new Advisories(rng);
  const states = new Map<string, PackageState>(
    stream.packages.map((p) => [p.pkg.name, { version: p.pkg.initial, rel: 1, sub: 1 }]),
  );
  const weights = stream.packages.map((p) => [p, p.weight] as const);
  const out: CatalogPatch[] = [];
  // Ubuntu Security Notices run at about 45 a month from USN-5400 (April 2022).
  let usn = 5400 + Math.floor((stream.startMs - utc(2022, 4, 1)) / (30 * 86_400_000)) * 45;
  const start = new Date(stream.startMs);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
    const monthStart = Math.max(Date.UTC(y, m, 1), stream.startMs);
    if (monthStart >= untilMs) break;
    const monthEnd = Date.UTC(y, m + 1, 1);
    const count = Math.round(stream.perMonth * (0.8 + 0.4 * rng.next()));
    const times = Array.from(
      { length: count },
      () => monthStart + Math.floor(rng.next() * (monthEnd - monthStart)),
    );
    times.sort((a, b) => a - b);
    for (const at of times) {
      const sp = rng.weighted(weights);
      const state = states.get(sp.pkg.name)!;
      const version = nextVersion(stream.kind, state, rng, at);
      state.version = version;
      const security = rng.next() < sp.securityShare;
      if (stream.kind === 'ubuntu') usn += rng.int(0, 2);
      const patch = buildPatch(stream, sp, version, at, security, rng, advisories, usn);
      if (at < untilMs) out.push(patch);
    }
  }
  return out;
}

function buildPatch(
  stream: LinuxStream,
  sp: StreamPackage,
  v: PackageVersion,
  at: number,
  security: boolean,
  rng: Prng,
  advisories: Advisories,
  usn: number,
): CatalogPatch {
  const { name, arch } = sp.pkg;
  const year = new Date(at).getUTCFullYear();
  const cveIds = security
    ? Array.from({ length: rng.int(1, 3) }, () => `CVE-${year - rng.int(0, 1)}-${rng.int(1000, 52999)}`)
    : [];
  const title = `${name}.${arch}:${v.epoch}:${v.version}-${v.release ?? ''}`;
  const patch: CatalogPatch = {
    // Ubuntu's two product lines can ship the same package version: the product keeps ids unique.
    id: stream.kind === 'ubuntu' ? `${stream.products[0]}/${title}` : title,
    os: stream.os,
    products: stream.products,
    title,
    releaseMs: at,
    security,
    name,
    arch,
    epoch: v.epoch,
    version: v.version,
    release: v.release ?? '',
    cveIds,
  };
  if (stream.kind === 'ubuntu') {
    patch.priority = sp.priority;
    patch.section = sp.section;
    patch.repository = `${stream.codename}-${security ? 'security' : 'updates'}`;
    patch.advisoryIds = security ? [`USN-${usn}-1`] : [];
    patch.description = security ? `Security update for ${name} (USN-${usn}-1)` : `Update for ${name}`;
    return patch;
  }
  const classification = security ? 'Security' : rng.weighted(RPM_NON_SECURITY);
  patch.classification = classification;
  patch.repository =
    stream.kind === 'al2023'
      ? 'amazonlinux'
      : stream.kind === 'al2'
        ? 'amzn2-core'
        : sp.pkg.base
          ? 'rhel-9-baseos-rhui-rpms'
          : 'rhel-9-appstream-rhui-rpms';
  if (classification === undefined) {
    patch.description = `${name} ${v.version}-${v.release} (no update notice)`;
    return patch;
  }
  const rhel = stream.kind === 'rhel9';
  patch.severity = security
    ? rng.weighted([
        ['Critical', 8],
        ['Important', 42],
        [rhel ? 'Moderate' : 'Medium', 38],
        ['Low', 12],
      ] as const)
    : stream.kind === 'al2023'
      ? 'None'
      : undefined;
  if (rhel) {
    const kind = security ? 'RHSA' : classification === 'Enhancement' ? 'RHEA' : 'RHBA';
    patch.advisoryIds = [`${kind}-${year}:${String(advisories.next(kind, year, 100)).padStart(4, '0')}`];
    patch.bugzillaIds = Array.from({ length: rng.int(1, 2) }, () => String(rng.int(2000000, 2399999)));
  } else {
    const prefix = stream.kind === 'al2023' ? 'ALAS2023' : 'ALAS2';
    patch.advisoryIds = [
      `${prefix}-${year}-${advisories.next(prefix, year, stream.kind === 'al2023' ? 100 : 1100)}`,
    ];
  }
  const what = security ? `Security update (${patch.severity})` : `${classification} update`;
  patch.description = `${what} for ${name}${cveIds.length ? `: ${cveIds.join(', ')}` : ''}`;
  return patch;
}
