// Patch baselines in the API's shapes: the identity lists show, and the full description Get/Update return.
import type { BaselineDefinition } from '../../../patch-catalog/baseline.js';
import { isDefaultBaseline, type ResolvedBaseline } from '../../../engine/patching/resolve.js';
import type {
  GetPatchBaselineResult,
  PatchBaselineIdentity,
  UpdatePatchBaselineResult,
} from '../../../model/generated/types.js';
import type { RequestContext } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';

export function baselineIdentity(
  ctx: RequestContext,
  r: ResolvedBaseline,
  isDefault?: boolean,
): PatchBaselineIdentity {
  return {
    BaselineId: r.id,
    BaselineName: r.baseline.name,
    OperatingSystem: r.baseline.operatingSystem,
    BaselineDescription: r.baseline.description,
    DefaultBaseline: isDefault ?? isDefaultBaseline(ctx.services.store, scopeOf(ctx), r),
  };
}

/** The definition members, as GetPatchBaseline and UpdatePatchBaseline return them. */
export function definitionView(d: BaselineDefinition): UpdatePatchBaselineResult {
  const out: UpdatePatchBaselineResult = {
    Name: d.name,
    OperatingSystem: d.operatingSystem,
    GlobalFilters: { PatchFilters: d.globalFilters },
    ApprovalRules: { PatchRules: d.approvalRules },
    ApprovedPatches: d.approvedPatches,
    ApprovedPatchesComplianceLevel: d.approvedPatchesComplianceLevel,
    ApprovedPatchesEnableNonSecurity: d.approvedPatchesEnableNonSecurity,
    RejectedPatches: d.rejectedPatches,
    RejectedPatchesAction: d.rejectedPatchesAction,
    Description: d.description,
    Sources: d.sources,
  };
  if (d.availableSecurityUpdatesComplianceStatus)
    out.AvailableSecurityUpdatesComplianceStatus = d.availableSecurityUpdatesComplianceStatus;
  return out;
}

export function fullView(ctx: RequestContext, r: ResolvedBaseline): GetPatchBaselineResult {
  // Patch group rows keep the account's baselines by id and AWS's by ARN: r.id either way.
  const groups = ctx.services.store.patchBaselines.groupsOf(ctx.account, ctx.region, r.id);
  const modified = r.owner === 'Self' ? r.baseline.modifiedMs : r.baseline.createdMs;
  return {
    BaselineId: r.id,
    ...definitionView(r.baseline),
    PatchGroups: groups.map((g) => g.patchGroup),
    CreatedDate: new Date(r.baseline.createdMs),
    ModifiedDate: new Date(modified),
  };
}
