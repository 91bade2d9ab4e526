import { defineHandler } from '../../protocol/handler.js';
import {
  InvalidItemContentException,
  InvalidResourceId,
  InvalidResourceType,
} from '../../../model/generated/errors.js';
import { MANAGED_INSTANCE } from '../../../engine/compliance/limits.js';

// Writes the items of one resource and type: COMPLETE replaces them all, PARTIAL the named associations' only.
export default defineHandler('PutComplianceItems', (input, ctx) => {
  const { store, compliance } = ctx.services;
  // API reference: "ManagedInstance is currently the only supported resource type." (no message member)
  if (input.ResourceType !== MANAGED_INSTANCE) throw new InvalidResourceType('');
  if (!store.nodes.get(ctx.account, ctx.region, input.ResourceId)) throw new InvalidResourceId('');
  if (input.UploadType === 'PARTIAL') {
    // API reference: PARTIAL "overwrites compliance information for a specific association. The association
    // must be configured with SyncCompliance set to MANUAL." The texts are ours.
    if (input.ComplianceType !== 'Association')
      throw new InvalidItemContentException(
        'UploadType PARTIAL is valid only for the Association compliance type.',
      );
    for (const item of input.Items) {
      const a = item.Id === undefined ? undefined : store.associations.get(ctx.account, ctx.region, item.Id);
      if (!a || a.config.SyncCompliance !== 'MANUAL')
        throw new InvalidItemContentException(
          `Item ${item.Id ?? '(no Id)'} does not name an association with SyncCompliance MANUAL.`,
        );
    }
  }
  const s = input.ExecutionSummary;
  compliance.put(
    {
      account: ctx.account,
      region: ctx.region,
      resourceType: MANAGED_INSTANCE,
      resourceId: input.ResourceId,
    },
    input.ComplianceType,
    input.Items,
    { executionMs: s.ExecutionTime.getTime(), executionId: s.ExecutionId, executionType: s.ExecutionType },
    { uploadType: input.UploadType, contentHash: input.ItemContentHash },
  );
  return {};
});
