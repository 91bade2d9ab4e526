// GetDeployablePatchSnapshotForInstance: the baseline a node uses (its patch group's for its operating system,
// else the default, or a BaselineOverride), frozen under a snapshot id. The operation and AWS-RunPatchBaseline
// (which calls it on the node before every Scan or Install) both take snapshots here.
import { createHash } from 'node:crypto';
import type { BaselineOverride } from '../../model/generated/types.js';
import {
  InvalidInstanceId,
  UnsupportedFeatureRequiredException,
  UnsupportedOperatingSystem,
} from '../../model/generated/errors.js';
import type { Store } from '../../store/index.js';
import {
  definitionFrom,
  type BaselineDefinition,
  type StoredBaseline,
} from '../../patch-catalog/baseline.js';
import { nodePlatform } from '../../patch-catalog/node-platform.js';
import { SERVICE_SETTINGS } from '../service-settings.js';
import { baselineForPatchGroup, nodePatchGroup, type Scope } from './resolve.js';
import { validateBaseline } from './validate-baseline.js';

const TIER = '/ssm/managed-instance/activation-tier';

/** How long a snapshot id keeps its baseline for later nodes (AWS-RunPatchBaseline: "up to 3 days"). */
export const SNAPSHOT_REUSE_MS = 3 * 86_400_000;

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

/**
 * Takes (or, for a snapshot id already taken for the same patch group and operating system within three days,
 * reuses) a node's snapshot and stores it. Throws AWS's errors: InvalidInstanceId, UnsupportedOperatingSystem,
 * UnsupportedFeatureRequiredException, and the baseline's ValidationException for a bad override.
 */
export function takePatchSnapshot(
  store: Store,
  scope: Scope,
  nowMs: number,
  input: { InstanceId: string; SnapshotId: string; BaselineOverride?: BaselineOverride },
  /** AWS-RunPatchBaselineAssociation's BaselineTags: the one own baseline of the node's OS with those tags. */
  baselineTags?: { key: string; values: string[] },
): PatchSnapshot {
  const node = store.nodes.get(scope.account, scope.region, input.InstanceId);
  if (!node)
    throw new InvalidInstanceId('').because(
      `no managed node ${input.InstanceId} in ${scope.account}/${scope.region}`,
    );
  const platform = nodePlatform(node.platformName, node.platformVersion);
  // AWS answers with no message (aws/amazon-ssm-agent#592).
  if (!platform)
    throw new UnsupportedOperatingSystem('').because(
      `no patching platform for ${node.platformName} ${node.platformVersion}`,
    );
  const patchGroup = nodePatchGroup(store.nodes.tags.get(scope.account, scope.region, node.instanceId));
  let baselineId: string;
  let baseline: BaselineDefinition;
  const earlier = store.patchBaselines.snapshot<PatchSnapshot>(scope.account, scope.region, input.SnapshotId);
  if (input.BaselineOverride) {
    baseline = definitionFrom(
      { ...input.BaselineOverride, OperatingSystem: input.BaselineOverride.OperatingSystem ?? platform.os },
      'BaselineOverride',
    );
    validateBaseline(baseline);
    baselineId = 'BaselineOverride';
  } else if (baselineTags && taggedBaseline(store, scope, platform.os, baselineTags)) {
    const b = taggedBaseline(store, scope, platform.os, baselineTags)!;
    baselineId = b.baselineId;
    baseline = b;
  } else if (
    earlier &&
    earlier.OperatingSystem === platform.os &&
    earlier.PatchGroup === patchGroup &&
    earlier.BaselineId !== 'BaselineOverride' &&
    nowMs - earlier.CreatedMs <= SNAPSHOT_REUSE_MS
  ) {
    // "a set of managed nodes that are patched in a single operation all have the exact same set of approved
    // patches" (AWS-RunPatchBaseline, Snapshot ID): the same id gives later nodes the same baseline.
    baselineId = earlier.BaselineId;
    baseline = earlier.Baseline;
  } else {
    const r = baselineForPatchGroup(store, scope, patchGroup, platform.os);
    baselineId = r.id;
    baseline = r.baseline;
  }
  const tier =
    store.serviceSettings.get(scope.account, scope.region, TIER)?.value ??
    SERVICE_SETTINGS[TIER].defaultValue;
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
    CreatedMs: earlier && baseline === earlier.Baseline ? earlier.CreatedMs : nowMs,
  };
  store.patchBaselines.putSnapshot(
    scope.account,
    scope.region,
    input.SnapshotId,
    node.instanceId,
    snapshot.CreatedMs,
    snapshot,
  );
  return snapshot;
}

/** Most baselines a Region holds (MAX_PATCH_BASELINES): one page reads them all. */
const ALL_BASELINES = 1000;

/**
 * The account's baseline of `os` tagged with the key and one of the values, as AWS-RunPatchBaselineAssociation
 * looks it up; undefined when none is (the patch group's or the default is used). Throws when several are.
 */
export function taggedBaseline(
  store: Store,
  scope: Scope,
  os: string,
  tags: { key: string; values: string[] },
): StoredBaseline | undefined {
  const found = store.patchBaselines
    .list<StoredBaseline & { [k: string]: unknown }>(scope.account, scope.region, undefined, ALL_BASELINES, {
      operatingSystems: [os],
    })
    .filter((b) =>
      store.tags
        .list(scope.account, scope.region, 'PatchBaseline', b.baselineId)
        .some((t) => t.key === tags.key && tags.values.includes(t.value)),
    );
  // AWS-RunPatchBaselineAssociation: "only one patch baseline can be tagged with that key-value pair".
  if (found.length > 1)
    throw new Error(
      `More than one patch baseline of ${os} is tagged ${tags.key}=${tags.values.join(',')}: only one patch baseline can be tagged with that key-value pair.`,
    );
  return found[0];
}

/** Shaped like AWS's presigned S3 URL; the emulator keeps the snapshot in its store under the snapshot id. */
export function snapshotDownloadUrl(scope: Scope, s: PatchSnapshot): string {
  const bucketKey = createHash('sha256').update(`${scope.account}/${s.SnapshotId}`).digest('hex');
  return `https://patch-baseline-snapshot-${scope.region}.s3.amazonaws.com/${bucketKey}-${scope.account}/${s.OperatingSystem}-${s.SnapshotId}`;
}
