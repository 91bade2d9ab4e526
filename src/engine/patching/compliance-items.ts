// A node's patch report as compliance items of type Patch (ListComplianceItems, ListResourceComplianceSummaries),
// written through the one compliance store: one item per reported patch (KB id or name.arch), compliant when
// the patch is installed, non-compliant when it is missing, failed, rejected or waiting for a reboot.
import type { PatchReport } from '../../agent-contract/patching.js';
import type { NodePatch } from '../../patch-catalog/compliance.js';
import type { ComplianceItemInput, ComplianceWrite } from '../compliance/engine.js';
import type { NodeRef } from '../fleet/fleet.js';

/** The compliance type Patch Manager reports under. */
export const PATCH_COMPLIANCE_TYPE = 'Patch';

const NON_COMPLIANT = new Set(['Missing', 'Failed', 'InstalledRejected', 'InstalledPendingReboot']);
/** AWS reports only the patches the baseline is about: not the ones that do not apply to the node. */
const NOT_REPORTED = new Set(['NotApplicable']);
const LEVELS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNSPECIFIED'];

function item(p: NodePatch, r: PatchReport): ComplianceItemInput {
  const status =
    NON_COMPLIANT.has(p.state) ||
    (p.state === 'AvailableSecurityUpdate' && p.complianceLevel !== 'UNSPECIFIED')
      ? 'NON_COMPLIANT'
      : 'COMPLIANT';
  return {
    Id: p.kbId,
    Title: p.title,
    Severity: p.complianceLevel,
    Status: status,
    // Detail keys as Patch Manager writes them (ComplianceItem: "PatchSeverity, Classification, and so on").
    Details: {
      Classification: p.classification,
      PatchSeverity: p.severity,
      PatchState: p.state,
      PatchBaselineId: r.baselineId,
      PatchGroup: r.patchGroup,
      InstalledTime: p.installedMs ? String(Math.floor(p.installedMs / 1000)) : '',
    },
  };
}

/** The compliance write of one node's report, with the state-change event's Patch fields. */
export function patchComplianceWrite(from: NodeRef, r: PatchReport): ComplianceWrite {
  const items = r.patches.filter((p) => !NOT_REPORTED.has(p.state)).map((p) => item(p, r));
  const bad = items.filter((i) => i.Status === 'NON_COMPLIANT').map((i) => i.Severity);
  const worst = LEVELS.find((l) => bad.includes(l)) ?? 'UNSPECIFIED';
  return {
    resource: {
      account: from.account,
      region: from.region,
      resourceType: 'ManagedInstance',
      resourceId: from.instanceId,
    },
    complianceType: PATCH_COMPLIANCE_TYPE,
    items,
    execution: { executionMs: r.endMs, executionId: r.commandId, executionType: r.executionType },
    // UG "Amazon EventBridge event examples", Configuration Compliance: patch-baseline-id and severity.
    opts: { eventDetail: { 'patch-baseline-id': r.baselineId, severity: worst.toLowerCase() } },
  };
}
