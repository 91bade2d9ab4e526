import { createHash } from 'node:crypto';
import { definitionFrom, type BaselineDefinition } from '../../../patch-catalog/baseline.js';
import { nodePlatform } from '../../../patch-catalog/node-platform.js';
import { baselineForPatchGroup, nodePatchGroup } from '../../../engine/patching/resolve.js';
import { validateBaseline } from '../../../engine/patching/validate-baseline.js';
import { SERVICE_SETTINGS } from '../../../engine/service-settings.js';
import {
  InvalidInstanceId,
  UnsupportedFeatureRequiredException,
  UnsupportedOperatingSystem,
} from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { scopeOf } from './baseline-access.js';

const TIER = '/ssm/managed-instance/activation-tier';

/** What AWS-RunPatchBaseline downloads: the baseline the node uses, resolved when the snapshot is taken. */
export interface PatchSnapshot {
  InstanceId: string;
  SnapshotId: string;
  OperatingSystem: string;
  Product: string;
  PatchGroup?: string;
  BaselineId: string;
  Baseline: BaselineDefinition;
  CreatedMs: number;
}

const patchesApplications = (d: BaselineDefinition) =>
  d.approvalRules.some((r) =>
    r.PatchFilterGroup.PatchFilters.some((f) => f.Key === 'PATCH_SET' && f.Values.includes('APPLICATION')),
  );

// The node's own call (AWS-RunPatchBaseline): its baseline (patch group's, else the default, or the
// BaselineOverride) is stored under the snapshot id for the agent to read back.
export default defineHandler('GetDeployablePatchSnapshotForInstance', (input, ctx) => {
  const { store } = ctx.services;
  const node = store.nodes.get(ctx.account, ctx.region, input.InstanceId);
  if (!node) throw new InvalidInstanceId('');
  const platform = nodePlatform(node.platformName, node.platformVersion);
  // AWS answers with no message (aws/amazon-ssm-agent#592).
  if (!platform) throw new UnsupportedOperatingSystem('');
  const patchGroup = nodePatchGroup(store.nodes.tags(ctx.account, ctx.region, node.instanceId));
  let baselineId: string;
  let baseline: BaselineDefinition;
  if (input.BaselineOverride) {
    baseline = definitionFrom(
      { ...input.BaselineOverride, OperatingSystem: input.BaselineOverride.OperatingSystem ?? platform.os },
      'BaselineOverride',
    );
    validateBaseline(baseline);
    baselineId = 'BaselineOverride';
  } else {
    const r = baselineForPatchGroup(store, scopeOf(ctx), patchGroup, platform.os);
    baselineId = r.id;
    baseline = r.baseline;
  }
  const tier =
    store.serviceSettings.get(ctx.account, ctx.region, TIER)?.value ?? SERVICE_SETTINGS[TIER].defaultValue;
  if (
    platform.os === 'WINDOWS' &&
    node.instanceId.startsWith('mi-') &&
    tier !== 'advanced' &&
    patchesApplications(baseline)
  ) {
    // UnsupportedFeatureRequiredException's documentation in the model.
    throw new UnsupportedFeatureRequiredException(
      'Patching for applications released by Microsoft is only available on EC2 instances and advanced instances. To patch applications released by Microsoft on on-premises servers and VMs, you must enable advanced instances. For more information, see Turning on the advanced-instances tier in the Amazon Web Services Systems Manager User Guide.',
    );
  }
  const snapshot: PatchSnapshot = {
    InstanceId: node.instanceId,
    SnapshotId: input.SnapshotId,
    OperatingSystem: platform.os,
    Product: platform.product,
    PatchGroup: patchGroup,
    BaselineId: baselineId,
    Baseline: baseline,
    CreatedMs: ctx.services.clock.nowMs(),
  };
  store.patchBaselines.putSnapshot(
    ctx.account,
    ctx.region,
    input.SnapshotId,
    node.instanceId,
    snapshot.CreatedMs,
    snapshot,
  );
  // Shaped like AWS's presigned S3 URL; the emulator keeps the snapshot in its store under the snapshot id.
  const bucketKey = createHash('sha256').update(`${ctx.account}/${input.SnapshotId}`).digest('hex');
  return {
    InstanceId: node.instanceId,
    SnapshotId: input.SnapshotId,
    Product: platform.product,
    SnapshotDownloadUrl: `https://patch-baseline-snapshot-${ctx.region}.s3.amazonaws.com/${bucketKey}-${ctx.account}/${platform.os}-${input.SnapshotId}`,
  };
});
