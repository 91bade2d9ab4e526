// CreateImage, DescribeImages, DeregisterImage, CopyImage: the simulated AMI registry. An image is taken
// from the instance's attached volumes (one snapshot each) and turns available on the emulator clock.
import type { ImageBlockDevice, StoredImage } from '../../store/repositories/ec2-images.js';
import type { StoredSnapshot } from '../../store/repositories/ec2-volumes.js';
import { baseImages, platformFields } from './base-images.js';
import { Ec2Error, imageNotFound, invalidParameterValue, malformedId } from './errors.js';
import { checkFilters, matchesFilters, type FilterSpec } from './filters.js';
import { isWellFormed, newId } from './ids.js';
import { reboot } from './instances.js';
import {
  IMAGE_SECONDS,
  MAX_IMAGE_DESCRIPTION,
  MAX_IMAGE_NAME,
  MIN_IMAGE_NAME,
  REBOOT_SECONDS,
} from './limits.js';
import { bool, filters, reqStr, str, strList, tagRecord, tagSpecifications, type Params } from './params.js';
import type { Ec2Api, Ec2Scope, Ec2Simulator } from './simulator.js';
import { baseImageView, imageView, type Json } from './views.js';

// CreateImage API reference, Name: letters, numbers, ( ) [ ] space . / - ' @ _ ; 3 to 128 characters.
const NAME_RE = /^[A-Za-z0-9()[\] ./\-'@_]+$/;

function checkName(name: string): void {
  if (name.length < MIN_IMAGE_NAME || name.length > MAX_IMAGE_NAME || !NAME_RE.test(name))
    // EC2's text (hashicorp/packer#2774, base2Services/shelvery-aws-backups#28), older than the wider character set.
    throw new Ec2Error(
      'InvalidAMIName.Malformed',
      "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'",
    );
}

function checkDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_IMAGE_DESCRIPTION)
    throw invalidParameterValue(
      `Value for parameter description is invalid. Length exceeds maximum of ${MAX_IMAGE_DESCRIPTION} characters.`,
    );
}

function checkUniqueName(sim: Ec2Simulator, scope: Ec2Scope, name: string): void {
  const taken = sim.deps.store.ec2.images.named(scope.account, scope.region, name);
  // "AMI name X is already in use by AMI ami-…" (hashicorp/terraform-aws-consul#131).
  if (taken)
    throw new Ec2Error(
      'InvalidAMIName.Duplicate',
      `AMI name ${name} is already in use by AMI ${taken.imageId}`,
    );
}

interface MappingOverride {
  noDevice: boolean;
  volumeSize?: number;
  volumeType?: string;
  deleteOnTermination?: boolean;
}

/** CreateImage BlockDeviceMappings: NoDevice leaves a volume out; Ebs changes its size, type, deletion. */
function overrides(p: Params): Map<string, MappingOverride> {
  const v = p.BlockDeviceMappings;
  const out = new Map<string, MappingOverride>();
  if (v === undefined || v === null) return out;
  if (!Array.isArray(v))
    throw invalidParameterValue('BlockDeviceMappings must be a list of block device mappings');
  for (const m of v as { DeviceName?: unknown; NoDevice?: unknown; Ebs?: Record<string, unknown> }[]) {
    if (typeof m?.DeviceName !== 'string')
      throw invalidParameterValue('A block device mapping needs a DeviceName');
    const ebs = m.Ebs ?? {};
    const size = ebs.VolumeSize === undefined ? undefined : Number(ebs.VolumeSize);
    if (size !== undefined && (!Number.isInteger(size) || size < 1))
      throw invalidParameterValue(`Volume size ${String(ebs.VolumeSize)} is invalid`);
    out.set(m.DeviceName, {
      noDevice: m.NoDevice !== undefined,
      volumeSize: size,
      volumeType: typeof ebs.VolumeType === 'string' ? ebs.VolumeType : undefined,
      deleteOnTermination:
        ebs.DeleteOnTermination === undefined ? undefined : String(ebs.DeleteOnTermination) === 'true',
    });
  }
  return out;
}

const createImage: Ec2Api = (sim, scope, p) => {
  const instanceId = reqStr(p, 'InstanceId');
  const name = reqStr(p, 'Name');
  const description = str(p, 'Description');
  const noReboot = bool(p, 'NoReboot') ?? false;
  checkName(name);
  checkDescription(description);
  const mappings = overrides(p);
  const [i] = sim.instances(scope, [instanceId]);
  // Quoted by aws-samples/aws-systemsmanagerautomation-with-asglifecyclehooks#2.
  if (!['running', 'stopping', 'stopped'].includes(i.inst.state))
    throw invalidParameterValue(
      `Invalid value '${instanceId}' for instanceId. Instance is not in state 'running' or 'stopping' or 'stopped'`,
    );
  checkUniqueName(sim, scope, name);
  const { ec2 } = sim.deps.store;
  const now = sim.now();
  // Without NoReboot EC2 shuts the instance down, snapshots it and reboots it (CreateImage API reference).
  const rebooting = !noReboot && i.inst.state === 'running';
  if (rebooting) reboot(sim, i);
  const readyAt = now + ((rebooting ? REBOOT_SECONDS : 0) + IMAGE_SECONDS) * 1000;
  const imageId = newId('ami');
  const blockDevices: ImageBlockDevice[] = [];
  const snapshots: StoredSnapshot[] = [];
  for (const v of ec2.volumes.attachedTo(scope.account, scope.region, instanceId)) {
    if (!v.attachment || v.attachment.state !== 'attached') continue;
    const o = mappings.get(v.attachment.device);
    if (o?.noDevice) continue;
    const snapshotId = newId('snap');
    snapshots.push({
      account: scope.account,
      region: scope.region,
      snapshotId,
      volumeId: v.volumeId,
      sizeGb: v.sizeGb,
      // EC2's own description of the snapshots behind an AMI.
      description: `Created by CreateImage(${instanceId}) for ${imageId}`,
      state: 'pending',
      startMs: now,
      imageId,
      dueMs: readyAt,
    });
    blockDevices.push({
      deviceName: v.attachment.device,
      snapshotId,
      volumeSize: Math.max(o?.volumeSize ?? v.sizeGb, v.sizeGb),
      volumeType: o?.volumeType ?? v.volumeType,
      deleteOnTermination: o?.deleteOnTermination ?? v.attachment.deleteOnTermination,
    });
  }
  const facts = sim.deps.fleet.profile(i.node)?.facts;
  const image: StoredImage = {
    account: scope.account,
    region: scope.region,
    imageId,
    name,
    description,
    state: 'pending',
    sourceInstanceId: instanceId,
    architecture: facts?.architecture ?? 'x86_64',
    ...platformFields(i.node.platformType, i.node.platformName),
    rootDevice: i.inst.rootDevice,
    createMs: now,
    blockDevices,
    dueMs: readyAt,
  };
  ec2.images.put(image);
  ec2.tags.put(scope.account, scope.region, imageId, tagRecord(tagSpecifications(p, 'image')));
  const snapshotTags = tagRecord(tagSpecifications(p, 'snapshot'));
  for (const s of snapshots) {
    ec2.snapshots.put(s);
    ec2.tags.put(scope.account, scope.region, s.snapshotId, snapshotTags);
  }
  sim.schedule(readyAt);
  return { ImageId: imageId };
};

type ImageJson = Json & {
  ImageId: string;
  OwnerId: string;
  ImageOwnerAlias?: string;
  Tags?: { Key: string; Value: string }[];
};

const field = (k: string) => (v: ImageJson) => [v[k] === undefined ? undefined : String(v[k])];

const IMAGE_FILTERS: FilterSpec<ImageJson> = {
  fields: {
    'image-id': field('ImageId'),
    name: field('Name'),
    state: field('State'),
    description: field('Description'),
    'owner-id': field('OwnerId'),
    'owner-alias': field('ImageOwnerAlias'),
    architecture: field('Architecture'),
    platform: field('Platform'),
    'platform-details': field('PlatformDetails'),
    'is-public': field('Public'),
    'image-type': field('ImageType'),
    'root-device-name': field('RootDeviceName'),
    'root-device-type': field('RootDeviceType'),
    'virtualization-type': field('VirtualizationType'),
    'source-instance-id': field('SourceInstanceId'),
    'block-device-mapping.snapshot-id': (v) =>
      (v.BlockDeviceMappings as { Ebs: { SnapshotId: string } }[]).map((b) => b.Ebs.SnapshotId),
  },
  tags: (v) => Object.fromEntries((v.Tags ?? []).map((t) => [t.Key, t.Value])),
};

/** The account's images in id order (all pages). */
export function ownImages(sim: Ec2Simulator, scope: Ec2Scope): StoredImage[] {
  const out: StoredImage[] = [];
  let after = '';
  for (;;) {
    const page = sim.deps.store.ec2.images.list(scope.account, scope.region, after, 500);
    out.push(...page);
    if (page.length < 500) return out;
    after = page[page.length - 1].imageId;
  }
}

function ownerMatches(v: ImageJson, owner: string, account: string): boolean {
  if (owner === 'self') return v.OwnerId === account;
  if (owner === 'amazon') return v.ImageOwnerAlias === 'amazon';
  return v.OwnerId === owner;
}

const describeImages: Ec2Api = (sim, scope, p) => {
  const ids = strList(p, 'ImageIds');
  const owners = strList(p, 'Owners');
  const fs = filters(p);
  checkFilters(fs, IMAGE_FILTERS);
  const bad = ids?.find((id) => !isWellFormed('image', id));
  if (bad !== undefined) throw malformedId('image', bad);
  const { ec2 } = sim.deps.store;
  let views: ImageJson[] = [
    ...ownImages(sim, scope).map(
      (i) => imageView(i, ec2.tags.get(scope.account, scope.region, i.imageId)) as ImageJson,
    ),
    ...baseImages(scope.region).map((b) => baseImageView(b) as ImageJson),
  ];
  if (ids?.length) {
    const wanted = new Set(ids);
    views = views.filter((v) => wanted.has(v.ImageId));
    const missing = [...wanted].filter((id) => !views.some((v) => v.ImageId === id));
    if (missing.length) throw imageNotFound(missing);
  }
  if (owners?.length) views = views.filter((v) => owners.some((o) => ownerMatches(v, o, scope.account)));
  return { Images: views.filter((v) => matchesFilters(v, fs, IMAGE_FILTERS)) };
};

/** One of the account's own images, or EC2's error for a malformed, unknown or foreign id. */
export function ownImage(sim: Ec2Simulator, scope: Ec2Scope, imageId: string): StoredImage {
  if (!isWellFormed('image', imageId)) throw malformedId('image', imageId);
  const image = sim.deps.store.ec2.images.get(scope.account, scope.region, imageId);
  if (image) return image;
  if (baseImages(scope.region).some((b) => b.imageId === imageId))
    throw new Ec2Error('AuthFailure', `Not authorized for image:${imageId}`);
  throw imageNotFound([imageId]);
}

const deregisterImage: Ec2Api = (sim, scope, p) => {
  const image = ownImage(sim, scope, reqStr(p, 'ImageId'));
  const deleteSnapshots = bool(p, 'DeleteAssociatedSnapshots') ?? false;
  const { ec2 } = sim.deps.store;
  ec2.images.delete(scope.account, scope.region, image.imageId);
  const results: Json[] = [];
  // The snapshots stay (and are no longer in use) unless DeleteAssociatedSnapshots (DeregisterImage API reference).
  for (const s of ec2.snapshots.ofImage(scope.account, scope.region, image.imageId)) {
    if (deleteSnapshots) {
      ec2.snapshots.delete(scope.account, scope.region, s.snapshotId);
      results.push({ SnapshotId: s.snapshotId, ReturnCode: 'success' });
    } else ec2.snapshots.put({ ...s, imageId: undefined });
  }
  return { Return: true, ...(deleteSnapshots ? { DeleteSnapshotResults: results } : {}) };
};

const copyImage: Ec2Api = (sim, scope, p) => {
  const sourceId = reqStr(p, 'SourceImageId');
  const sourceRegion = reqStr(p, 'SourceRegion');
  const name = reqStr(p, 'Name');
  const description = str(p, 'Description');
  checkName(name);
  checkDescription(description);
  const source = ownImage(sim, { account: scope.account, region: sourceRegion }, sourceId);
  if (source.state !== 'available')
    throw new Ec2Error('IncorrectState', `Image '${sourceId}' is not in the 'available' state.`);
  checkUniqueName(sim, scope, name);
  const { ec2 } = sim.deps.store;
  const now = sim.now();
  const readyAt = now + IMAGE_SECONDS * 1000;
  const imageId = newId('ami');
  const blockDevices = source.blockDevices.map((b) => {
    const snapshotId = newId('snap');
    ec2.snapshots.put({
      account: scope.account,
      region: scope.region,
      snapshotId,
      // Copied snapshots name no volume of this region; EC2 shows the placeholder vol-ffffffff.
      volumeId: 'vol-ffffffff',
      sizeGb: b.volumeSize,
      description: `Copied for DestinationAmi ${imageId} from SourceAmi ${sourceId} for SourceSnapshot ${b.snapshotId}`,
      state: 'pending',
      startMs: now,
      imageId,
      dueMs: readyAt,
    });
    return { ...b, snapshotId };
  });
  ec2.images.put({
    ...source,
    region: scope.region,
    imageId,
    name,
    description: description ?? source.description,
    state: 'pending',
    createMs: now,
    blockDevices,
    dueMs: readyAt,
  });
  sim.schedule(readyAt);
  return { ImageId: imageId };
};

export const IMAGE_APIS: Record<string, Ec2Api> = {
  CreateImage: createImage,
  DescribeImages: describeImages,
  DeregisterImage: deregisterImage,
  CopyImage: copyImage,
};
