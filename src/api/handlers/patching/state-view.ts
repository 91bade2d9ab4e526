// Reported patch states in the API's shapes (InstancePatchState, PatchComplianceData).
import type { InstancePatchRecord, PatchStateRecord } from '../../../store/repositories/patch-states.js';
import type { InstancePatchState, PatchComplianceData } from '../../../model/generated/types.js';

export function stateView(s: PatchStateRecord): InstancePatchState {
  const { OperationStartMs, OperationEndMs, LastNoRebootInstallOperationMs, ...rest } = s;
  return {
    ...rest,
    OperationStartTime: new Date(OperationStartMs),
    OperationEndTime: new Date(OperationEndMs),
    LastNoRebootInstallOperationTime:
      LastNoRebootInstallOperationMs === undefined ? undefined : new Date(LastNoRebootInstallOperationMs),
  };
}

export function patchDataView(p: InstancePatchRecord): PatchComplianceData {
  return {
    Title: p.Title,
    KBId: p.KBId,
    Classification: p.Classification,
    Severity: p.Severity,
    // AWS sends the states as Installed, InstalledOther, ... (its documented filter values), not the model's enum.
    State: p.State as PatchComplianceData['State'],
    InstalledTime: new Date(p.InstalledMs),
    CVEIds: p.CVEIds,
  };
}
