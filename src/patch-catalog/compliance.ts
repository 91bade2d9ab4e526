// A node's patch state under a baseline at a date, with every count AWS reports (pure; AWS-RunPatchBaseline
// calls it on Scan and Install). State values are the ones AWS sends on the wire and documents as
// DescribeInstancePatches filter values: Installed, InstalledOther, Missing, NotApplicable, ...
import type { PatchComplianceLevel } from '../model/generated/types.js';
import type { BaselineDefinition } from './baseline.js';
import { currentPatches } from './catalog.js';
import type { Catalog, CatalogPatch } from './catalog-types.js';
import { osProfile } from './operating-systems.js';
import { evaluatePatch, type Approval } from './rules.js';
import {
  compareVersions,
  parseVersion,
  rpmVerCmp,
  type PackageVersion,
  type VersionScheme,
} from './versions.js';

export type PatchState =
  | 'Installed'
  | 'InstalledOther'
  | 'InstalledPendingReboot'
  | 'InstalledRejected'
  | 'Missing'
  | 'NotApplicable'
  | 'Failed'
  | 'AvailableSecurityUpdate';

export interface InstalledPackage {
  /** A package name (Linux), a KB id or an application name (Windows). */
  name: string;
  version: string;
  installedMs?: number;
}

export interface NodePatchInput {
  baseline: BaselineDefinition;
  /** The catalog of the node's operating system as published at `atMs` (catalogAt). */
  catalog: Catalog;
  /** The node's product: AmazonLinux2023, Ubuntu22.04, WindowsServer2022, ... */
  product: string;
  installed: readonly InstalledPackage[];
  atMs: number;
  /** KBIds installed by the last Install and waiting for a reboot. */
  pendingReboot?: readonly string[];
  /** KBIds whose installation failed in the last Install. */
  failed?: readonly string[];
}

/** One row of DescribeInstancePatches (PatchComplianceData), with what compliance reporting needs. */
export interface NodePatch {
  title: string;
  kbId: string;
  classification: string;
  severity: string;
  state: PatchState;
  /** 0 when not installed (AWS reports the epoch). */
  installedMs: number;
  cveIds: string[];
  complianceLevel: PatchComplianceLevel;
  security: boolean;
}

export interface PatchCounts {
  InstalledCount: number;
  InstalledOtherCount: number;
  InstalledPendingRebootCount: number;
  InstalledRejectedCount: number;
  MissingCount: number;
  FailedCount: number;
  NotApplicableCount: number;
  UnreportedNotApplicableCount: number;
  AvailableSecurityUpdateCount: number;
  CriticalNonCompliantCount: number;
  SecurityNonCompliantCount: number;
  OtherNonCompliantCount: number;
}

export interface NodePatchState {
  counts: PatchCounts;
  /** Reported patches; NotApplicable ones beyond NOT_APPLICABLE_REPORT_LIMIT are only counted. */
  patches: NodePatch[];
}

/** NotApplicable patches reported by name; the rest count as UnreportedNotApplicable (AWS's limit is not published). */
export const NOT_APPLICABLE_REPORT_LIMIT = 2500;
/** Applications every Windows Server has (Defender definitions apply without being listed). */
const BUILT_IN_APPLICATIONS = ['MicrosoftDefenderAntivirus'];
const SEVERITY_RANK = ['Critical', 'Important', 'Moderate', 'Medium', 'Low'];

function entry(
  p: CatalogPatch | undefined,
  state: PatchState,
  a: Approval | undefined,
  extra: Partial<NodePatch>,
): NodePatch {
  return {
    title: p?.title ?? '',
    kbId: p?.kb ?? '',
    classification: p?.classification ?? '',
    severity: (p?.os === 'WINDOWS' ? p.msrcSeverity : p?.severity) ?? '',
    state,
    installedMs: 0,
    cveIds: p?.cveIds ?? [],
    complianceLevel: a?.complianceLevel ?? 'UNSPECIFIED',
    security: p?.security ?? false,
    ...extra,
  };
}

/** Computes a node's patch states and counts; see docs/patching.md for the rules per state. */
export function computeNodePatchState(input: NodePatchInput): NodePatchState {
  const patches =
    osProfile(input.baseline.operatingSystem).family === 'windows'
      ? windowsPatches(input)
      : linuxPatches(input);
  return summarize(patches, input.baseline);
}

function summarize(all: NodePatch[], b: BaselineDefinition): NodePatchState {
  const counts: PatchCounts = {
    InstalledCount: 0,
    InstalledOtherCount: 0,
    InstalledPendingRebootCount: 0,
    InstalledRejectedCount: 0,
    MissingCount: 0,
    FailedCount: 0,
    NotApplicableCount: 0,
    UnreportedNotApplicableCount: 0,
    AvailableSecurityUpdateCount: 0,
    CriticalNonCompliantCount: 0,
    SecurityNonCompliantCount: 0,
    OtherNonCompliantCount: 0,
  };
  const reported: NodePatch[] = [];
  for (const p of all) {
    if (p.state === 'NotApplicable' && counts.NotApplicableCount >= NOT_APPLICABLE_REPORT_LIMIT) {
      counts.UnreportedNotApplicableCount++;
      continue;
    }
    reported.push(p);
    counts[`${p.state}Count` as keyof PatchCounts]++;
    const nonCompliant =
      p.state === 'Missing' ||
      p.state === 'Failed' ||
      p.state === 'InstalledRejected' ||
      p.state === 'InstalledPendingReboot' ||
      (p.state === 'AvailableSecurityUpdate' &&
        b.availableSecurityUpdatesComplianceStatus === 'NON_COMPLIANT');
    if (!nonCompliant) continue;
    if (p.complianceLevel === 'CRITICAL') counts.CriticalNonCompliantCount++;
    if (p.security) counts.SecurityNonCompliantCount++;
    if (p.complianceLevel !== 'CRITICAL' && !p.security) counts.OtherNonCompliantCount++;
  }
  return { counts, patches: reported };
}

// ---- the baseline's decisions, shared by every node of one product under one baseline ----

/** A catalog patch and the baseline's decision on it as of any time (APPROVED from its approvalMs on). */
interface Decided {
  p: CatalogPatch;
  a: Approval | undefined;
  /** Linux: the patch's package version. */
  v?: PackageVersion;
}

interface Decisions {
  /** Linux: the product's patches per package name, in release order. */
  streams?: Map<string, Decided[]>;
  /** Windows: the updates Windows Update offers (the newest of each series). */
  updates?: Decided[];
}

/** Decisions kept for this many (baseline, product, catalog) combinations: a fleet has a handful. */
const DECISIONS_CACHE_LIMIT = 64;
const decisionsCache = new Map<string, Decisions>();

/** Approved at `atMs`: explicitly, or by a rule whose delay has passed by then. */
function approvedAt(a: Approval | undefined, atMs: number): boolean {
  return a?.status === 'EXPLICIT_APPROVED' || (a?.status === 'APPROVED' && a.approvalMs! <= atMs);
}

/**
 * What the baseline decides for each patch of the catalog, independent of the date (the date only says which
 * approvals have come due): computed once and shared by every node that scans with the same baseline.
 */
function evaluated(input: NodePatchInput): Decisions {
  const { catalog, product, baseline: b } = input;
  // A catalog is a prefix of one fixed timeline: its OS and length name it.
  const key = `${catalog.os}|${catalog.patches.length}|${product}|${JSON.stringify(b)}`;
  let d = decisionsCache.get(key);
  if (d) return d;
  const decide = (p: CatalogPatch, nodeProduct?: string) => ({
    p,
    a: evaluatePatch(b, p, Number.POSITIVE_INFINITY, nodeProduct),
  });
  if (osProfile(b.operatingSystem).family === 'windows') {
    d = { updates: currentPatches(catalog.patches).map((p) => decide(p)) };
  } else {
    const streams = new Map<string, Decided[]>();
    for (const p of catalog.patches) {
      if (!p.products.includes(product)) continue;
      const list = streams.get(p.name!) ?? [];
      list.push({
        ...decide(p, product),
        v: { epoch: p.epoch ?? 0, version: p.version!, release: p.release },
      });
      streams.set(p.name!, list);
    }
    d = { streams };
  }
  if (decisionsCache.size >= DECISIONS_CACHE_LIMIT)
    decisionsCache.delete(decisionsCache.keys().next().value!);
  decisionsCache.set(key, d);
  return d;
}

// ---- Linux: one row per installed package (name.arch), as yum/dnf/apt report them ----

function linuxPatches(input: NodePatchInput): NodePatch[] {
  const { baseline: b } = input;
  const scheme: VersionScheme = osProfile(b.operatingSystem).family === 'deb' ? 'deb' : 'rpm';
  const installed = new Map(
    input.installed.map((i) => [i.name, { v: parseVersion(i.version), at: i.installedMs }]),
  );
  const { streams } = evaluated(input);
  const out: NodePatch[] = [];
  for (const [name, decided] of streams!) {
    const arch = decided[0].p.arch!;
    const kbId = `${name}.${arch}`;
    let targetAt = -1;
    for (let k = decided.length - 1; k >= 0 && targetAt < 0; k--)
      if (approvedAt(decided[k].a, input.atMs)) targetAt = k;
    const inst = installed.get(name);
    if (!inst) {
      // Approved for a package the node doesn't have: "the service or feature it applies to isn't installed".
      const last = decided[targetAt];
      if (last) out.push(entry(last.p, 'NotApplicable', last.a, { kbId }));
      continue;
    }
    installed.delete(name);
    // A stream's versions only grow in release order (catalog-linux.ts): the patches at or below the
    // installed version are a prefix, found by binary search.
    let lo = 0;
    let hi = decided.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareVersions(inst.v, decided[mid].v!, scheme) >= 0) lo = mid + 1;
      else hi = mid;
    }
    const current = lo > 0 ? decided[lo - 1] : undefined;
    const title = `${kbId}:${inst.v.epoch}:${inst.v.version}${inst.v.release === undefined ? '' : `-${inst.v.release}`}`;
    const installedMs = inst.at ?? current?.p.releaseMs ?? 0;
    if (current?.a?.status === 'EXPLICIT_REJECTED') {
      const state = b.rejectedPatchesAction === 'BLOCK' ? 'InstalledRejected' : 'InstalledOther';
      out.push(entry(current.p, state, current.a, { kbId, title, installedMs }));
      continue;
    }
    const target = decided[targetAt];
    if (!target) {
      out.push(entry(current?.p, 'InstalledOther', current?.a, { kbId, title, installedMs }));
      continue;
    }
    if (targetAt < lo) {
      const state = input.pendingReboot?.includes(kbId) ? 'InstalledPendingReboot' : 'Installed';
      out.push(entry(current?.p ?? target.p, state, target.a, { kbId, title, installedMs }));
      continue;
    }
    // Missing: the newest approved version; classification and severity of the most serious notice skipped.
    const newer = decided.slice(lo).filter((d) => approvedAt(d.a, input.atMs));
    const worst = newer.reduce((w, d) => (rank(d.p) < rank(w.p) ? d : w), target);
    const state = input.failed?.includes(kbId) ? 'Failed' : 'Missing';
    out.push(
      entry(target.p, state, target.a, {
        kbId,
        classification: worst.p.classification ?? '',
        severity: worst.p.severity ?? '',
        security: newer.some((d) => d.p.security),
        cveIds: [...new Set(newer.flatMap((d) => d.p.cveIds ?? []))],
      }),
    );
  }
  // Installed packages the catalog never updates: installed, not in the baseline.
  for (const [name, i] of installed) {
    const version = `${i.v.epoch}:${i.v.version}${i.v.release === undefined ? '' : `-${i.v.release}`}`;
    out.push(
      entry(undefined, 'InstalledOther', undefined, {
        title: `${name}:${version}`,
        kbId: name,
        installedMs: i.at ?? 0,
      }),
    );
  }
  return out;
}

function rank(p: CatalogPatch): number {
  const i = SEVERITY_RANK.indexOf(p.severity ?? '');
  return (p.security ? 0 : 10) + (i < 0 ? 9 : i);
}

// ---- Windows: one row per update (KB), superseded updates replaced by the newest of their series ----

function windowsPatches(input: NodePatchInput): NodePatch[] {
  const { baseline: b, product } = input;
  const installed = new Map<string, InstalledPackage>();
  const apps = new Set<string>(BUILT_IN_APPLICATIONS);
  for (const i of input.installed) {
    if (/^KB\d+$/i.test(i.name)) installed.set(i.name.toUpperCase(), i);
    else apps.add(i.name);
  }
  const seen = new Set<string>();
  const out: NodePatch[] = [];
  for (const { p, a: decided } of evaluated(input).updates!) {
    const kb = p.kb!.toUpperCase();
    const i = installed.get(kb);
    const has = i !== undefined && (p.version === undefined || rpmVerCmp(i.version, p.version) >= 0);
    if (has) seen.add(kb);
    const applicable =
      p.patchSet === 'APPLICATION' ? p.products.some((x) => apps.has(x)) : p.products.includes(product);
    const a = decided;
    const installedMs = i?.installedMs ?? p.releaseMs;
    if (a?.status === 'EXPLICIT_REJECTED') {
      if (has)
        out.push(
          entry(p, b.rejectedPatchesAction === 'BLOCK' ? 'InstalledRejected' : 'InstalledOther', a, {
            installedMs,
          }),
        );
      continue;
    }
    if (approvedAt(a, input.atMs)) {
      if (has)
        out.push(
          entry(p, input.pendingReboot?.includes(kb) ? 'InstalledPendingReboot' : 'Installed', a, {
            installedMs,
          }),
        );
      else if (!applicable) out.push(entry(p, 'NotApplicable', a, {}));
      else out.push(entry(p, input.failed?.includes(kb) ? 'Failed' : 'Missing', a, {}));
      continue;
    }
    if (has) out.push(entry(p, 'InstalledOther', a, { installedMs }));
    else if (applicable && p.security && b.availableSecurityUpdatesComplianceStatus !== undefined)
      out.push(entry(p, 'AvailableSecurityUpdate', a, {}));
  }
  // Installed updates the catalog no longer offers (superseded): reported with the KB only, as AWS does.
  for (const [kb, i] of installed) {
    if (!seen.has(kb))
      out.push(entry(undefined, 'InstalledOther', undefined, { kbId: kb, installedMs: i.installedMs ?? 0 }));
  }
  return out;
}
