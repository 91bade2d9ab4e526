// How a baseline decides one patch, as Patch Manager does: the rejected list wins, then the approved list,
// then GlobalFilters and the approval rules; a rule approves ApproveAfterDays after the release date (or
// everything released by ApproveUntilDate, whole UTC day), measured on the emulator clock.
import type { PatchComplianceLevel, PatchFilter, PatchRule } from '../model/generated/types.js';
import type { BaselineDefinition } from './baseline.js';
import type { CatalogPatch } from './catalog-types.js';
import { osProfile, type OsFamily } from './operating-systems.js';
import { listMatches } from './patch-ids.js';

export const DAY_MS = 86_400_000;

export type DeploymentStatus = 'APPROVED' | 'PENDING_APPROVAL' | 'EXPLICIT_APPROVED' | 'EXPLICIT_REJECTED';

export interface Approval {
  status: DeploymentStatus;
  /** When the patch is (or will be) approved; absent for rejected patches. */
  approvalMs?: number;
  complianceLevel: PatchComplianceLevel;
}

/** The values a patch has for a filter key (PatchFilter keys and DescribeAvailablePatches keys). */
export function patchAttribute(p: CatalogPatch, key: string): string[] | undefined {
  const one = (v: string | number | undefined) => (v === undefined ? undefined : [String(v)]);
  switch (key) {
    case 'PRODUCT':
      return p.products;
    case 'CLASSIFICATION':
      return one(p.classification);
    case 'SEVERITY':
      return one(p.severity);
    case 'MSRC_SEVERITY':
      return one(p.msrcSeverity);
    case 'PRIORITY':
      return one(p.priority);
    case 'SECTION':
      return one(p.section);
    case 'PATCH_SET':
      return one(p.patchSet);
    case 'PRODUCT_FAMILY':
      return one(p.productFamily);
    case 'PATCH_ID':
      return one(p.kb);
    case 'NAME':
      return one(p.name);
    case 'ARCH':
      return one(p.arch);
    case 'EPOCH':
      return one(p.epoch);
    case 'VERSION':
      return one(p.version);
    case 'RELEASE':
      return one(p.release);
    case 'REPOSITORY':
      return one(p.repository);
    case 'ADVISORY_ID':
      return p.advisoryIds;
    case 'CVE_ID':
      return p.cveIds;
    case 'BUGZILLA_ID':
      return p.bugzillaIds;
    case 'SECURITY':
      return [p.security ? 'true' : 'false'];
    default:
      return undefined;
  }
}

/** An update that comes with no update notice (YUM/DNF) or outside the security pocket (APT). */
function isNonSecurityUpdate(p: CatalogPatch, family: OsFamily): boolean {
  if (family === 'rpm' || family === 'suse') return p.classification === undefined;
  if (family === 'deb') return !p.security;
  return false;
}

function filterMatches(f: PatchFilter, p: CatalogPatch, family: OsFamily, nodeProduct?: string): boolean {
  // On Linux, rules are evaluated on the node: PRODUCT is the node's product, not the patch's list.
  const values = f.Key === 'PRODUCT' && nodeProduct !== undefined ? [nodeProduct] : patchAttribute(p, f.Key);
  if (values === undefined) return false;
  return f.Values.some((v) => v === '*' || values.includes(v));
}

/** Every filter of a group matches (AND across keys, OR across a key's values). */
function groupMatches(
  filters: readonly PatchFilter[],
  p: CatalogPatch,
  family: OsFamily,
  nodeProduct?: string,
): boolean {
  const noNotice = isNonSecurityUpdate(p, family) && family !== 'deb';
  return filters.every((f) => {
    // An update without a notice has no classification or severity to filter on.
    if (noNotice && (f.Key === 'CLASSIFICATION' || f.Key === 'SEVERITY')) return true;
    return filterMatches(f, p, family, nodeProduct);
  });
}

function ruleMatches(rule: PatchRule, p: CatalogPatch, family: OsFamily, nodeProduct?: string): boolean {
  const filters = rule.PatchFilterGroup.PatchFilters;
  if (family === 'windows') {
    // A Windows rule without PATCH_SET covers the operating system's updates, not applications.
    const set = filters.find((f) => f.Key === 'PATCH_SET')?.Values ?? ['OS'];
    if (!set.includes('*') && !set.includes(p.patchSet ?? 'OS')) return false;
  }
  // Non-security updates need EnableNonSecurity (PatchRule reference: "apply non-security updates").
  if (isNonSecurityUpdate(p, family) && !rule.EnableNonSecurity) return false;
  return groupMatches(filters, p, family, nodeProduct);
}

/** When a matching rule approves the patch; undefined when the rule never does (released after its cutoff). */
function ruleApprovalMs(rule: PatchRule, p: CatalogPatch, releaseDates: boolean): number | undefined {
  if (!releaseDates) return p.releaseMs; // Ubuntu/Debian: "no wait before approval"
  if (rule.ApproveUntilDate !== undefined) {
    const end = untilDateEndMs(rule.ApproveUntilDate);
    return end !== undefined && p.releaseMs <= end ? p.releaseMs : undefined;
  }
  return p.releaseMs + (rule.ApproveAfterDays ?? 0) * DAY_MS;
}

/**
 * The baseline's decision on a patch at `nowMs`, or undefined when the baseline does not cover it.
 * `nodeProduct` is the product of the node being evaluated (absent: any of the patch's products).
 */
export function evaluatePatch(
  b: BaselineDefinition,
  p: CatalogPatch,
  nowMs: number,
  nodeProduct?: string,
): Approval | undefined {
  const profile = osProfile(b.operatingSystem);
  const family = profile.family;
  // "If a patch is listed as both approved and rejected in the same patch baseline, the patch is rejected."
  if (listMatches(b.rejectedPatches, p, family))
    return { status: 'EXPLICIT_REJECTED', complianceLevel: 'UNSPECIFIED' };
  const linux = family !== 'windows';
  if (
    listMatches(b.approvedPatches, p, family) &&
    (!linux || p.security || b.approvedPatchesEnableNonSecurity)
  ) {
    return {
      status: 'EXPLICIT_APPROVED',
      approvalMs: p.releaseMs,
      complianceLevel: b.approvedPatchesComplianceLevel,
    };
  }
  if (!groupMatches(b.globalFilters, p, family, nodeProduct)) return undefined;
  let best: { at: number; level: PatchComplianceLevel } | undefined;
  for (const rule of b.approvalRules) {
    if (!ruleMatches(rule, p, family, nodeProduct)) continue;
    const at = ruleApprovalMs(rule, p, profile.releaseDates);
    if (at !== undefined && (best === undefined || at < best.at))
      best = { at, level: rule.ComplianceLevel ?? 'UNSPECIFIED' };
  }
  if (!best) return undefined;
  return {
    status: best.at <= nowMs ? 'APPROVED' : 'PENDING_APPROVAL',
    approvalMs: best.at,
    complianceLevel: best.level,
  };
}

/** Approved now: by a rule whose delay has passed, or explicitly. */
export function isApproved(a: Approval | undefined): boolean {
  return a?.status === 'APPROVED' || a?.status === 'EXPLICIT_APPROVED';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD that names a real day, as the end of that day in UTC (the rule includes the whole day). */
export function untilDateEndMs(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return ms + 86_400_000 - 1;
}
