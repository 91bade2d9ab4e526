// A computed node patch state as the records the store keeps and DescribeInstancePatch* read back: what
// AWS-RunPatchBaseline reports after a Scan or an Install.
import type { InstancePatchRecord, PatchStateRecord } from '../../store/repositories/patch-states.js';
import type { NodePatchState } from '../../patch-catalog/compliance.js';

export interface ReportMeta {
  instanceId: string;
  /** '' when the node is in no patch group, as AWS reports it. */
  patchGroup: string;
  baselineId: string;
  snapshotId?: string;
  operation: 'Scan' | 'Install';
  startMs: number;
  endMs: number;
  rebootOption?: 'RebootIfNeeded' | 'NoReboot';
  installOverrideList?: string;
  ownerInformation?: string;
  lastNoRebootInstallMs?: number;
}

export function patchStateRecords(
  meta: ReportMeta,
  s: NodePatchState,
): { state: PatchStateRecord; patches: InstancePatchRecord[] } {
  const state: PatchStateRecord = {
    InstanceId: meta.instanceId,
    PatchGroup: meta.patchGroup,
    BaselineId: meta.baselineId,
    SnapshotId: meta.snapshotId,
    InstallOverrideList: meta.installOverrideList,
    OwnerInformation: meta.ownerInformation,
    ...s.counts,
    OperationStartMs: meta.startMs,
    OperationEndMs: meta.endMs,
    Operation: meta.operation,
    LastNoRebootInstallOperationMs: meta.lastNoRebootInstallMs,
    RebootOption: meta.rebootOption,
  };
  const patches = s.patches.map(
    (p): InstancePatchRecord => ({
      Title: p.title,
      KBId: p.kbId,
      Classification: p.classification,
      Severity: p.severity,
      State: p.state,
      InstalledMs: p.installedMs,
      CVEIds: p.cveIds.length ? p.cveIds.join(',') : undefined,
    }),
  );
  return { state, patches };
}
