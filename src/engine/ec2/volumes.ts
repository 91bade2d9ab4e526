// EBS as the runbooks use it: DescribeVolumes, AttachVolume, DetachVolume, CreateVolume, DeleteVolume,
// CreateSnapshot, DescribeSnapshots, DeleteSnapshot. Attach and detach take a moment on the emulator clock.
import { decodeToken, encodeToken } from '../../store/pagination.js';
import type { StoredSnapshot, StoredVolume } from '../../store/repositories/ec2-volumes.js';
import {
  Ec2Error,
  invalidParameterValue,
  malformedId,
  missingParameter,
  snapshotNotFound,
  volumeNotFound,
} from './errors.js';
import { checkFilters, matchesFilters, type FilterSpec } from './filters.js';
import { isWellFormed, newId } from './ids.js';
import {
  ATTACH_SECONDS,
  DETACH_SECONDS,
  IMAGE_SECONDS,
  MAX_DESCRIBE_RESULTS,
  MAX_VOLUME_GIB,
  MIN_DESCRIBE_RESULTS,
  VOLUME_CREATE_SECONDS,
} from './limits.js';
import {
  bool,
  filters,
  int,
  reqStr,
  str,
  strList,
  tagRecord,
  tagSpecifications,
  type Params,
} from './params.js';
import type { Ec2Api, Ec2Scope, Ec2Simulator } from './simulator.js';
import { availabilityZone, iso, snapshotView, volumeView, type Json } from './views.js';

/** Every row of a keyset-paged table after `after`, 500 at a time. */
function* scan<T>(
  fetch: (after: string, limit: number) => T[],
  keyOf: (t: T) => string,
  after = '',
): Generator<T> {
  let cursor = after;
  for (;;) {
    const page = fetch(cursor, 500);
    yield* page;
    if (page.length < 500) return;
    cursor = keyOf(page[page.length - 1]);
  }
}

/** One Describe* page: the matching items after NextToken, at most MaxResults, and the token of the next. */
function page<T>(
  p: Params,
  source: (after: string) => Iterable<T>,
  keyOf: (t: T) => string,
  keep: (t: T) => boolean,
): { items: T[]; nextToken?: string } {
  const max = int(p, 'MaxResults');
  if (max !== undefined && (max < MIN_DESCRIBE_RESULTS || max > MAX_DESCRIBE_RESULTS))
    throw invalidParameterValue(
      `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between ${MIN_DESCRIBE_RESULTS} and ${MAX_DESCRIBE_RESULTS}.`,
    );
  const token = str(p, 'NextToken');
  const after = token === undefined ? '' : decodeToken<string>(token);
  if (typeof after !== 'string') throw new Ec2Error('InvalidNextToken', `The token '${token}' is invalid.`);
  const items: T[] = [];
  for (const t of source(after)) {
    if (!keep(t)) continue;
    if (max !== undefined && items.length === max)
      return { items, nextToken: encodeToken(keyOf(items[max - 1])) };
    items.push(t);
  }
  return { items };
}

// ---- volumes ----

export function volumeOf(sim: Ec2Simulator, scope: Ec2Scope, volumeId: string): StoredVolume {
  if (!isWellFormed('volume', volumeId)) throw malformedId('volume', volumeId);
  sim.ensureAll(scope);
  const v = sim.deps.store.ec2.volumes.get(scope.account, scope.region, volumeId);
  if (!v) throw volumeNotFound([volumeId]);
  return v;
}

type VolumeJson = Json & { VolumeId: string; Tags?: { Key: string; Value: string }[] };
const vfield = (k: string) => (v: VolumeJson) => [v[k] === undefined ? undefined : String(v[k])];
const attachment = (k: string) => (v: VolumeJson) =>
  (v.Attachments as Record<string, unknown>[]).map((a) => (a[k] === undefined ? undefined : String(a[k])));

const VOLUME_FILTERS: FilterSpec<VolumeJson> = {
  fields: {
    'volume-id': vfield('VolumeId'),
    status: vfield('State'),
    size: vfield('Size'),
    'snapshot-id': vfield('SnapshotId'),
    'volume-type': vfield('VolumeType'),
    'availability-zone': vfield('AvailabilityZone'),
    encrypted: vfield('Encrypted'),
    'attachment.instance-id': attachment('InstanceId'),
    'attachment.status': attachment('State'),
    'attachment.device': attachment('Device'),
    'attachment.delete-on-termination': attachment('DeleteOnTermination'),
  },
  tags: (v) => Object.fromEntries((v.Tags ?? []).map((t) => [t.Key, t.Value])),
};

const describeVolumes: Ec2Api = (sim, scope, p) => {
  const ids = strList(p, 'VolumeIds');
  const fs = filters(p);
  checkFilters(fs, VOLUME_FILTERS);
  const { ec2 } = sim.deps.store;
  const viewOf = (v: StoredVolume) =>
    volumeView(v, ec2.tags.get(scope.account, scope.region, v.volumeId)) as VolumeJson;
  if (ids?.length) {
    const bad = ids.find((id) => !isWellFormed('volume', id));
    if (bad !== undefined) throw malformedId('volume', bad);
    sim.ensureAll(scope);
    const unique = [...new Set(ids)];
    const found = unique.map((id) => ec2.volumes.get(scope.account, scope.region, id));
    const missing = unique.filter((_, k) => !found[k]);
    if (missing.length) throw volumeNotFound(missing);
    return { Volumes: found.map((v) => viewOf(v!)).filter((v) => matchesFilters(v, fs, VOLUME_FILTERS)) };
  }
  sim.ensureAll(scope);
  const { items, nextToken } = page(
    p,
    (after) =>
      scan(
        (a, n) => ec2.volumes.list(scope.account, scope.region, a, n),
        (v) => v.volumeId,
        after,
      ),
    (v) => v.volumeId,
    (v) => matchesFilters(viewOf(v), fs, VOLUME_FILTERS),
  );
  return { Volumes: items.map(viewOf), ...(nextToken ? { NextToken: nextToken } : {}) };
};

const attachmentView = (v: StoredVolume) => ({
  AttachTime: iso(v.attachment!.attachMs),
  Device: v.attachment!.device,
  InstanceId: v.attachment!.instanceId,
  State: v.attachment!.state,
  VolumeId: v.volumeId,
});

const detachVolume: Ec2Api = (sim, scope, p) => {
  const v = volumeOf(sim, scope, reqStr(p, 'VolumeId'));
  const instanceId = str(p, 'InstanceId');
  const device = str(p, 'Device');
  const force = bool(p, 'Force') ?? false;
  // "Volume 'vol-…' is in the 'available' state." (kubernetes-sigs/aws-ebs-csi-driver#1801).
  if (!v.attachment)
    throw new Ec2Error('IncorrectState', `Volume '${v.volumeId}' is in the '${v.state}' state.`);
  if (v.attachment.state === 'detaching' && !force)
    throw new Ec2Error('IncorrectState', `Volume '${v.volumeId}' is in the 'detaching' state.`);
  if (instanceId !== undefined && instanceId !== v.attachment.instanceId)
    throw new Ec2Error(
      'InvalidAttachment.NotFound',
      `Volume '${v.volumeId}' is not attached to instance '${instanceId}'`,
    );
  if (device !== undefined && device !== v.attachment.device)
    throw new Ec2Error(
      'InvalidAttachment.NotFound',
      `Volume '${v.volumeId}' is not attached with device '${device}'`,
    );
  const inst = sim.deps.store.ec2.instances.get(scope.account, scope.region, v.attachment.instanceId);
  // A root volume comes off only a stopped instance (EC2 UG "Detach an Amazon EBS volume"), Force or not.
  if (
    inst &&
    inst.rootDevice === v.attachment.device &&
    inst.state !== 'stopped' &&
    inst.state !== 'terminated'
  )
    throw new Ec2Error(
      'OperationNotPermitted',
      `Unable to detach root volume '${v.volumeId}' from instance '${v.attachment.instanceId}'`,
    );
  const due = sim.now() + DETACH_SECONDS * 1000;
  v.attachment.state = 'detaching';
  v.dueMs = due;
  sim.deps.store.ec2.volumes.put(v);
  sim.schedule(due);
  return attachmentView(v);
};

const attachVolume: Ec2Api = (sim, scope, p) => {
  const v = volumeOf(sim, scope, reqStr(p, 'VolumeId'));
  const device = reqStr(p, 'Device');
  const [i] = sim.instances(scope, [reqStr(p, 'InstanceId')]);
  if (v.attachment || v.state === 'in-use')
    throw new Ec2Error('VolumeInUse', `${v.volumeId} is already attached to an instance`);
  if (v.state !== 'available')
    throw new Ec2Error('IncorrectState', `Volume '${v.volumeId}' is in the '${v.state}' state.`);
  if (i.inst.state !== 'running' && i.inst.state !== 'stopped')
    throw new Ec2Error('IncorrectInstanceState', `Instance '${i.node.instanceId}' is not 'running'.`);
  const az = availabilityZone(scope.region, sim.deps.fleet.profile(i.node)?.facts);
  if (v.availabilityZone !== az)
    throw new Ec2Error(
      'InvalidVolume.ZoneMismatch',
      `The volume '${v.volumeId}' is not in the same availability zone as instance '${i.node.instanceId}'`,
    );
  const { ec2 } = sim.deps.store;
  if (
    ec2.volumes
      .attachedTo(scope.account, scope.region, i.node.instanceId)
      .some((x) => x.attachment?.device === device)
  )
    throw invalidParameterValue(
      `Invalid value '${device}' for unixDevice. Attachment point ${device} is already in use`,
    );
  const now = sim.now();
  Object.assign(v, {
    state: 'in-use',
    attachment: {
      instanceId: i.node.instanceId,
      device,
      state: 'attaching',
      attachMs: now,
      deleteOnTermination: false,
    },
    dueMs: now + ATTACH_SECONDS * 1000,
  });
  ec2.volumes.put(v);
  sim.schedule(v.dueMs!);
  return attachmentView(v);
};

const createVolume: Ec2Api = (sim, scope, p) => {
  const az = reqStr(p, 'AvailabilityZone');
  if (!az.startsWith(scope.region) || !/^[a-z0-9-]+[a-z]$/.test(az))
    throw invalidParameterValue(`Invalid availability zone: [${az}]`);
  const snapshotId = str(p, 'SnapshotId');
  const snapshot = snapshotId === undefined ? undefined : snapshotOf(sim, scope, snapshotId);
  const size = int(p, 'Size') ?? snapshot?.sizeGb;
  if (size === undefined) throw missingParameter('size');
  if (size < 1 || size > MAX_VOLUME_GIB || (snapshot && size < snapshot.sizeGb))
    throw invalidParameterValue(`Volume of ${size}GiB is invalid for this volume type and snapshot.`);
  const now = sim.now();
  const v: StoredVolume = {
    account: scope.account,
    region: scope.region,
    volumeId: newId('vol'),
    sizeGb: size,
    availabilityZone: az,
    snapshotId,
    // CreateVolume API reference: "Default: gp2".
    volumeType: str(p, 'VolumeType') ?? 'gp2',
    createMs: now,
    state: 'creating',
    dueMs: now + VOLUME_CREATE_SECONDS * 1000,
  };
  const { ec2 } = sim.deps.store;
  ec2.volumes.put(v);
  ec2.tags.put(scope.account, scope.region, v.volumeId, tagRecord(tagSpecifications(p, 'volume')));
  sim.schedule(v.dueMs!);
  return volumeView(v, ec2.tags.get(scope.account, scope.region, v.volumeId));
};

const deleteVolume: Ec2Api = (sim, scope, p) => {
  const v = volumeOf(sim, scope, reqStr(p, 'VolumeId'));
  if (v.attachment)
    throw new Ec2Error(
      'VolumeInUse',
      `Volume ${v.volumeId} is currently attached to ${v.attachment.instanceId}`,
    );
  sim.deps.store.ec2.volumes.delete(scope.account, scope.region, v.volumeId);
  return {};
};

// ---- snapshots ----

export function snapshotOf(sim: Ec2Simulator, scope: Ec2Scope, snapshotId: string): StoredSnapshot {
  if (!isWellFormed('snapshot', snapshotId)) throw malformedId('snapshot', snapshotId);
  const s = sim.deps.store.ec2.snapshots.get(scope.account, scope.region, snapshotId);
  if (!s) throw snapshotNotFound([snapshotId]);
  return s;
}

const createSnapshot: Ec2Api = (sim, scope, p) => {
  const v = volumeOf(sim, scope, reqStr(p, 'VolumeId'));
  const now = sim.now();
  const s: StoredSnapshot = {
    account: scope.account,
    region: scope.region,
    snapshotId: newId('snap'),
    volumeId: v.volumeId,
    sizeGb: v.sizeGb,
    description: str(p, 'Description') ?? '',
    state: 'pending',
    startMs: now,
    dueMs: now + IMAGE_SECONDS * 1000,
  };
  const { ec2 } = sim.deps.store;
  ec2.snapshots.put(s);
  ec2.tags.put(scope.account, scope.region, s.snapshotId, tagRecord(tagSpecifications(p, 'snapshot')));
  sim.schedule(s.dueMs!);
  return snapshotView(s, ec2.tags.get(scope.account, scope.region, s.snapshotId));
};

type SnapshotJson = Json & { SnapshotId: string; Tags?: { Key: string; Value: string }[] };
const sfield = (k: string) => (v: SnapshotJson) => [v[k] === undefined ? undefined : String(v[k])];

const SNAPSHOT_FILTERS: FilterSpec<SnapshotJson> = {
  fields: {
    'snapshot-id': sfield('SnapshotId'),
    'volume-id': sfield('VolumeId'),
    status: sfield('State'),
    description: sfield('Description'),
    'owner-id': sfield('OwnerId'),
    progress: sfield('Progress'),
    'volume-size': sfield('VolumeSize'),
    encrypted: sfield('Encrypted'),
    'storage-tier': sfield('StorageTier'),
  },
  tags: (v) => Object.fromEntries((v.Tags ?? []).map((t) => [t.Key, t.Value])),
};

const describeSnapshots: Ec2Api = (sim, scope, p) => {
  const ids = strList(p, 'SnapshotIds');
  const owners = strList(p, 'OwnerIds');
  const fs = filters(p);
  checkFilters(fs, SNAPSHOT_FILTERS);
  // Only the account's own snapshots exist here: other owners' lists are empty.
  const ownerOk = !owners?.length || owners.some((o) => o === 'self' || o === scope.account);
  const { ec2 } = sim.deps.store;
  const viewOf = (s: StoredSnapshot) =>
    snapshotView(s, ec2.tags.get(scope.account, scope.region, s.snapshotId)) as SnapshotJson;
  if (ids?.length) {
    const unique = [...new Set(ids)];
    const bad = unique.find((id) => !isWellFormed('snapshot', id));
    if (bad !== undefined) throw malformedId('snapshot', bad);
    const found = unique.map((id) => ec2.snapshots.get(scope.account, scope.region, id));
    const missing = unique.filter((_, k) => !found[k]);
    if (missing.length) throw snapshotNotFound(missing);
    return {
      Snapshots: ownerOk
        ? found.map((s) => viewOf(s!)).filter((v) => matchesFilters(v, fs, SNAPSHOT_FILTERS))
        : [],
    };
  }
  if (!ownerOk) return { Snapshots: [] };
  const { items, nextToken } = page(
    p,
    (after) =>
      scan(
        (a, n) => ec2.snapshots.list(scope.account, scope.region, a, n),
        (s) => s.snapshotId,
        after,
      ),
    (s) => s.snapshotId,
    (s) => matchesFilters(viewOf(s), fs, SNAPSHOT_FILTERS),
  );
  return { Snapshots: items.map(viewOf), ...(nextToken ? { NextToken: nextToken } : {}) };
};

const deleteSnapshot: Ec2Api = (sim, scope, p) => {
  const s = snapshotOf(sim, scope, reqStr(p, 'SnapshotId'));
  // "The snapshot snap-… is currently in use by ami-…" (sebdah/automated-ebs-snapshots#4).
  if (s.imageId)
    throw new Ec2Error(
      'InvalidSnapshot.InUse',
      `The snapshot ${s.snapshotId} is currently in use by ${s.imageId}`,
    );
  sim.deps.store.ec2.snapshots.delete(scope.account, scope.region, s.snapshotId);
  return {};
};

export const VOLUME_APIS: Record<string, Ec2Api> = {
  DescribeVolumes: describeVolumes,
  AttachVolume: attachVolume,
  DetachVolume: detachVolume,
  CreateVolume: createVolume,
  DeleteVolume: deleteVolume,
  CreateSnapshot: createSnapshot,
  DescribeSnapshots: describeSnapshots,
  DeleteSnapshot: deleteSnapshot,
};
