// A node's patch state under a baseline at a date, with every count AWS reports (pure; AWS-RunPatchBaseline
// calls it on Scan and Install). State values are the ones AWS sends on the wire and documents as
// DescribeInstancePatches filter values: Installed, InstalledOther, Missing, NotApplicable, ...
import type { PatchComplianceLevel } from '../model/generated/types.js';
import type { BaselineDefinition } from './baseline.js';
import { currentPatches } from './catalog.js';
import type { Catalog, CatalogPatch } from './catalog-types.js';
import { osProfile } from './operating-systems.js';
import { evaluatePatch, isApproved, type Approval } from './rules.js';
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

// ---- Linux: one row per installed package (name.arch), as yum/dnf/apt report them ----

function linuxPatches(input: NodePatchInput): NodePatch[] {
  const { baseline: b, catalog, product } = input;
  const scheme: VersionScheme = osProfile(b.operatingSystem).family === 'deb' ? 'deb' : 'rpm';
  const installed = new Map(
    input.installed.map((i) => [i.name, { v: parseVersion(i.version), at: i.installedMs }]),
  );
  const streams = new Map<string, CatalogPatch[]>();
  for (const p of catalog.patches) {
    if (!p.products.includes(product)) continue;
    const list = streams.get(p.name!) ?? [];
    list.push(p);
    streams.set(p.name!, list);
  }
  const versionOf = (p: CatalogPatch): PackageVersion => ({
    epoch: p.epoch ?? 0,
    version: p.version!,
    release: p.release,
  });
  const out: NodePatch[] = [];
  for (const [name, list] of streams) {
    const arch = list[0].arch!;
    const kbId = `${name}.${arch}`;
    const decided = list.map((p) => ({ p, a: evaluatePatch(b, p, input.atMs, product) }));
    const approved = decided.filter((d) => isApproved(d.a));
    const inst = installed.get(name);
    if (!inst) {
      // Approved for a package the node doesn't have: "the service or feature it applies to isn't installed".
      const last = approved[approved.length - 1];
      if (last) out.push(entry(last.p, 'NotApplicable', last.a, { kbId }));
      continue;
    }
    installed.delete(name);
    const cmp = (p: CatalogPatch) => compareVersions(inst.v, versionOf(p), scheme);
    const current = [...decided].reverse().find((d) => cmp(d.p) >= 0);
    const title = `${kbId}:${inst.v.epoch}:${inst.v.version}${inst.v.release === undefined ? '' : `-${inst.v.release}`}`;
    const installedMs = inst.at ?? current?.p.releaseMs ?? 0;
    if (current?.a?.status === 'EXPLICIT_REJECTED') {
      const state = b.rejectedPatchesAction === 'BLOCK' ? 'InstalledRejected' : 'InstalledOther';
      out.push(entry(current.p, state, current.a, { kbId, title, installedMs }));
      continue;
    }
    const target = approved[approved.length - 1];
    if (!target) {
      out.push(entry(current?.p, 'InstalledOther', current?.a, { kbId, title, installedMs }));
      continue;
    }
    if (cmp(target.p) >= 0) {
      const state = input.pendingReboot?.includes(kbId) ? 'InstalledPendingReboot' : 'Installed';
      out.push(entry(current?.p ?? target.p, state, target.a, { kbId, title, installedMs }));
      continue;
    }
    // Missing: the newest approved version; classification and severity of the most serious notice skipped.
    const newer = approved.filter((d) => cmp(d.p) < 0);
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
  for (const p of currentPatches(input.catalog.patches)) {
    const kb = p.kb!.toUpperCase();
    const i = installed.get(kb);
    const has = i !== undefined && (p.version === undefined || rpmVerCmp(i.version, p.version) >= 0);
    if (has) seen.add(kb);
    const applicable =
      p.patchSet === 'APPLICATION' ? p.products.some((x) => apps.has(x)) : p.products.includes(product);
    const a = evaluatePatch(b, p, input.atMs);
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
    if (isApproved(a)) {
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
