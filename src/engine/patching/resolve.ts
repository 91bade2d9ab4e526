// Finding baselines: a BaselineId as callers give it (pb-... for the account's own, the full ARN for AWS's or
// its own), the default per operating system, and the baseline a node uses (its patch group's, else the default).
import type { OperatingSystem } from '../../model/generated/types.js';
import type { Store } from '../../store/index.js';
import type { StoredBaseline } from '../../patch-catalog/baseline.js';
import {
  awsDefaultFor,
  awsOwnerAccount,
  baselineArn,
  predefinedById,
  type PredefinedBaseline,
} from './predefined.js';

export interface Scope {
  account: string;
  region: string;
}

/** Systems Manager service quotas (General Reference): patch baselines per Region, patch groups per baseline. */
export const MAX_PATCH_BASELINES = 50;
export const MAX_PATCH_GROUPS_PER_BASELINE = 25;

export type ResolvedBaseline =
  | { owner: 'AWS'; baseline: PredefinedBaseline; id: string }
  | { owner: 'Self'; baseline: StoredBaseline; id: string };

const OWN_ID = /^pb-[0-9a-f]{17}$/;
const ARN = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):patchbaseline\/(pb-[0-9a-f]{17})$/;

export type BaselineRef = { owner: 'AWS' | 'Self'; id: string } | { owner: 'foreign' };

/** Parses a BaselineId; undefined when it is neither a baseline id nor a baseline ARN (InvalidResourceId). */
export function parseBaselineRef(scope: Scope, id: string): BaselineRef | undefined {
  if (OWN_ID.test(id)) return { owner: 'Self', id };
  const m = ARN.exec(id);
  if (!m) return undefined;
  if (m[1] !== scope.region) return { owner: 'foreign' };
  if (m[2] === scope.account) return { owner: 'Self', id: m[3] };
  if (m[2] === awsOwnerAccount(scope.region)) return { owner: 'AWS', id: m[3] };
  return { owner: 'foreign' };
}

/** The baseline a reference names, if it exists (AWS's only by ARN, as with AWS). */
export function findBaseline(store: Store, scope: Scope, ref: BaselineRef): ResolvedBaseline | undefined {
  if (ref.owner === 'Self') {
    const b = store.patchBaselines.get<StoredBaseline & { [k: string]: unknown }>(
      scope.account,
      scope.region,
      ref.id,
    );
    return b ? { owner: 'Self', baseline: b, id: b.baselineId } : undefined;
  }
  if (ref.owner === 'AWS') {
    const b = predefinedById(ref.id);
    return b ? awsResolved(scope, b) : undefined;
  }
  return undefined;
}

export function awsResolved(scope: Scope, b: PredefinedBaseline): ResolvedBaseline {
  return { owner: 'AWS', baseline: b, id: baselineArn(scope.region, awsOwnerAccount(scope.region), b.id) };
}

/** A stored reference (pb-... or an AWS ARN, as patch group and default rows keep them) resolved. */
export function resolveStoredId(store: Store, scope: Scope, id: string): ResolvedBaseline | undefined {
  const ref = parseBaselineRef(scope, id);
  return ref ? findBaseline(store, scope, ref) : undefined;
}

/** The default baseline of an operating system in this account/region (AWS's unless one was registered). */
export function defaultBaseline(store: Store, scope: Scope, os: OperatingSystem): ResolvedBaseline {
  const id = store.patchBaselines.defaultFor(scope.account, scope.region, os);
  return (id && resolveStoredId(store, scope, id)) || awsResolved(scope, awsDefaultFor(os));
}

/** Whether a baseline is its operating system's current default. */
export function isDefaultBaseline(store: Store, scope: Scope, r: ResolvedBaseline): boolean {
  return defaultBaseline(store, scope, r.baseline.operatingSystem).id === r.id;
}

/** The baseline nodes of a patch group running `os` use: the group's registration, else the default. */
export function baselineForPatchGroup(
  store: Store,
  scope: Scope,
  patchGroup: string | undefined,
  os: OperatingSystem,
): ResolvedBaseline {
  const g =
    patchGroup === undefined
      ? undefined
      : store.patchBaselines.group(scope.account, scope.region, patchGroup, os);
  return (g && resolveStoredId(store, scope, g.baselineId)) || defaultBaseline(store, scope, os);
}

/** A node's patch group: the value of its `Patch Group` or `PatchGroup` tag ("Patch groups" in the user guide). */
export function nodePatchGroup(tags: Record<string, string>): string | undefined {
  return tags['Patch Group'] ?? tags['PatchGroup'];
}
