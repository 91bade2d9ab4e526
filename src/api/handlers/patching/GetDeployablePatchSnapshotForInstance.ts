import { snapshotDownloadUrl, takePatchSnapshot } from '../../../engine/patching/snapshot.js';
import { defineHandler } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';

// The node's own call (AWS-RunPatchBaseline): its baseline (patch group's, else the default, or the
// BaselineOverride) is stored under the snapshot id for the agent to read back.
export default defineHandler('GetDeployablePatchSnapshotForInstance', (input, ctx) => {
  const scope = scopeOf(ctx);
  const s = takePatchSnapshot(ctx.services.store, scope, ctx.services.clock.nowMs(), input);
  return {
    InstanceId: s.InstanceId,
    SnapshotId: s.SnapshotId,
    Product: s.Product,
    SnapshotDownloadUrl: snapshotDownloadUrl(scope, s),
  };
});
