// A patch baseline as the engine evaluates it: the request's members with AWS's defaults filled in.
import type {
  OperatingSystem,
  PatchAction,
  PatchComplianceLevel,
  PatchComplianceStatus,
  PatchFilter,
  PatchRule,
  PatchSource,
} from '../model/generated/types.js';

export interface BaselineDefinition {
  name: string;
  operatingSystem: OperatingSystem;
  description?: string;
  globalFilters: PatchFilter[];
  approvalRules: PatchRule[];
  approvedPatches: string[];
  approvedPatchesComplianceLevel: PatchComplianceLevel;
  approvedPatchesEnableNonSecurity: boolean;
  rejectedPatches: string[];
  rejectedPatchesAction: PatchAction;
  sources: PatchSource[];
  availableSecurityUpdatesComplianceStatus?: PatchComplianceStatus;
}

/** A customer baseline as stored: the definition plus identity and timestamps. */
export interface StoredBaseline extends BaselineDefinition {
  baselineId: string;
  createdMs: number;
  modifiedMs: number;
  clientToken?: string;
  /** The CreatePatchBaseline members ClientToken idempotency compares (JSON text). */
  fingerprint?: string;
}

/** The members CreatePatchBaseline, UpdatePatchBaseline and a BaselineOverride share. */
export interface BaselineInput {
  OperatingSystem?: OperatingSystem;
  Name?: string;
  Description?: string;
  GlobalFilters?: { PatchFilters: PatchFilter[] };
  ApprovalRules?: { PatchRules: PatchRule[] };
  ApprovedPatches?: string[];
  ApprovedPatchesComplianceLevel?: PatchComplianceLevel;
  ApprovedPatchesEnableNonSecurity?: boolean;
  RejectedPatches?: string[];
  RejectedPatchesAction?: PatchAction;
  Sources?: PatchSource[];
  AvailableSecurityUpdatesComplianceStatus?: PatchComplianceStatus;
}

// GetPatchBaseline answers these for members a baseline was created without.
export const DEFAULT_COMPLIANCE_LEVEL: PatchComplianceLevel = 'UNSPECIFIED';
export const DEFAULT_REJECTED_ACTION: PatchAction = 'ALLOW_AS_DEPENDENCY';

/** A rule with AWS's defaults: ComplianceLevel UNSPECIFIED and EnableNonSecurity false. */
export function normalizeRule(r: PatchRule): PatchRule {
  const out: PatchRule = {
    PatchFilterGroup: { PatchFilters: r.PatchFilterGroup.PatchFilters.map((f) => ({ ...f })) },
    ComplianceLevel: r.ComplianceLevel ?? DEFAULT_COMPLIANCE_LEVEL,
  };
  if (r.ApproveAfterDays !== undefined) out.ApproveAfterDays = r.ApproveAfterDays;
  if (r.ApproveUntilDate !== undefined) out.ApproveUntilDate = r.ApproveUntilDate;
  out.EnableNonSecurity = r.EnableNonSecurity ?? false;
  return out;
}

/** A definition from request members, defaults for the absent ones (CreatePatchBaseline, Replace, overrides). */
export function definitionFrom(input: BaselineInput, fallbackName = ''): BaselineDefinition {
  const d: BaselineDefinition = {
    name: input.Name ?? fallbackName,
    operatingSystem: input.OperatingSystem ?? 'WINDOWS', // CreatePatchBaseline: "The default value is WINDOWS."
    globalFilters: (input.GlobalFilters?.PatchFilters ?? []).map((f) => ({ ...f })),
    approvalRules: (input.ApprovalRules?.PatchRules ?? []).map(normalizeRule),
    approvedPatches: [...(input.ApprovedPatches ?? [])],
    approvedPatchesComplianceLevel: input.ApprovedPatchesComplianceLevel ?? DEFAULT_COMPLIANCE_LEVEL,
    approvedPatchesEnableNonSecurity: input.ApprovedPatchesEnableNonSecurity ?? false,
    rejectedPatches: [...(input.RejectedPatches ?? [])],
    rejectedPatchesAction: input.RejectedPatchesAction ?? DEFAULT_REJECTED_ACTION,
    sources: (input.Sources ?? []).map((s) => ({ ...s, Products: [...s.Products] })),
  };
  if (input.Description !== undefined) d.description = input.Description;
  if (input.AvailableSecurityUpdatesComplianceStatus !== undefined)
    d.availableSecurityUpdatesComplianceStatus = input.AvailableSecurityUpdatesComplianceStatus;
  return d;
}

/** UpdatePatchBaseline without Replace: the members given replace the stored ones, the others stay. */
export function mergeDefinition(current: BaselineDefinition, input: BaselineInput): BaselineDefinition {
  const given = definitionFrom({ ...input, OperatingSystem: current.operatingSystem }, current.name);
  const d: BaselineDefinition = { ...current };
  if (input.Name !== undefined) d.name = given.name;
  if (input.Description !== undefined) d.description = given.description;
  if (input.GlobalFilters !== undefined) d.globalFilters = given.globalFilters;
  if (input.ApprovalRules !== undefined) d.approvalRules = given.approvalRules;
  if (input.ApprovedPatches !== undefined) d.approvedPatches = given.approvedPatches;
  if (input.ApprovedPatchesComplianceLevel !== undefined)
    d.approvedPatchesComplianceLevel = given.approvedPatchesComplianceLevel;
  if (input.ApprovedPatchesEnableNonSecurity !== undefined)
    d.approvedPatchesEnableNonSecurity = given.approvedPatchesEnableNonSecurity;
  if (input.RejectedPatches !== undefined) d.rejectedPatches = given.rejectedPatches;
  if (input.RejectedPatchesAction !== undefined) d.rejectedPatchesAction = given.rejectedPatchesAction;
  if (input.Sources !== undefined) d.sources = given.sources;
  if (input.AvailableSecurityUpdatesComplianceStatus !== undefined)
    d.availableSecurityUpdatesComplianceStatus = given.availableSecurityUpdatesComplianceStatus;
  return d;
}
