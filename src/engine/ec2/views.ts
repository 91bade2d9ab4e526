// Records -> the JSON boto3 returns (PascalCase, timestamps as ISO-8601 strings, absent members omitted).
import type { StoredNode } from '../../store/repositories/nodes.js';
import type { StoredImage } from '../../store/repositories/ec2-images.js';
import type { InstanceStateName, StoredEc2Instance } from '../../store/repositories/ec2-instances.js';
import type { StoredSnapshot, StoredVolume } from '../../store/repositories/ec2-volumes.js';
import type { NodeFacts } from '../../agent-contract/node-model.js';
import { ec2HostName } from '../../agent-contract/node-model.js';
import { platformFields, type BaseImage } from './base-images.js';
import { stableId } from './ids.js';

export type Json = Record<string, unknown>;

/** EC2 InstanceState codes (API reference, InstanceState). */
export const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export const iso = (ms: number) => new Date(ms).toISOString();

export const stateOf = (name: InstanceStateName) => ({ Code: STATE_CODES[name], Name: name });

/** Tags as EC2 lists them; EC2 omits the member when there are none. */
export function tagList(tags: Record<string, string>): { Tags?: { Key: string; Value: string }[] } {
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return list.length ? { Tags: list } : {};
}

/** "User initiated (2026-03-01 12:00:00 GMT)", EC2's StateTransitionReason for a requested change. */
export function userInitiated(ms: number): string {
  return `User initiated (${iso(ms).slice(0, 19).replace('T', ' ')} GMT)`;
}

export const USER_SHUTDOWN = 'Client.UserInitiatedShutdown';

function stateReason(code: string | undefined): Json {
  if (!code) return {};
  const message = code === USER_SHUTDOWN ? `${code}: User initiated shutdown` : code;
  return { StateReason: { Code: code, Message: message } };
}

export function availabilityZone(region: string, facts?: Pick<NodeFacts, 'availabilityZone'>): string {
  return facts?.availabilityZone ?? `${region}a`;
}

export interface InstanceParts {
  node: StoredNode;
  inst: StoredEc2Instance;
  facts?: NodeFacts;
  tags: Record<string, string>;
  volumes: StoredVolume[];
}

// Ids shared by many instances (network, instance profile): hashed once each, not once per instance.
const shared = new Map<string, string>();
function sharedId(prefix: 'subnet' | 'vpc' | 'i', seed: string): string {
  const k = `${prefix}/${seed}`;
  let id = shared.get(k);
  if (!id) {
    if (shared.size > 10_000) shared.clear();
    id = stableId(prefix, seed);
    shared.set(k, id);
  }
  return id;
}

export function instanceView({ node, inst, facts, tags, volumes }: InstanceParts): Json {
  const az = availabilityZone(node.region, facts);
  const terminated = inst.state === 'terminated';
  const platform = platformFields(node.platformType, node.platformName);
  const subnet = sharedId('subnet', `${node.account}/${az}`);
  const vpc = sharedId('vpc', `${node.account}/${node.region}`);
  return {
    AmiLaunchIndex: 0,
    ImageId: inst.imageId,
    InstanceId: node.instanceId,
    InstanceType: facts?.instanceType ?? 't3.medium',
    LaunchTime: iso(inst.launchMs),
    Monitoring: { State: 'disabled' },
    Placement: { AvailabilityZone: az, GroupName: '', Tenancy: 'default' },
    ...(platform.platform ? { Platform: platform.platform } : {}),
    PrivateDnsName: terminated ? '' : ec2HostName(node.ipAddress, node.region),
    ...(terminated ? {} : { PrivateIpAddress: node.ipAddress }),
    ProductCodes: [],
    PublicDnsName: '',
    State: stateOf(inst.state),
    StateTransitionReason: inst.transitionReason,
    ...(terminated ? {} : { SubnetId: subnet, VpcId: vpc }),
    Architecture: facts?.architecture ?? 'x86_64',
    BlockDeviceMappings: volumes
      .filter((v) => v.attachment)
      .map((v) => ({
        DeviceName: v.attachment!.device,
        Ebs: {
          AttachTime: iso(v.attachment!.attachMs),
          DeleteOnTermination: v.attachment!.deleteOnTermination,
          Status: v.attachment!.state,
          VolumeId: v.volumeId,
        },
      })),
    ClientToken: '',
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    ...(node.iamRole
      ? {
          IamInstanceProfile: {
            Arn: `arn:aws:iam::${node.account}:instance-profile/${node.iamRole}`,
            Id: `AIPA${sharedId('i', node.iamRole).slice(3, 19).toUpperCase()}`,
          },
        }
      : {}),
    NetworkInterfaces: [],
    RootDeviceName: inst.rootDevice,
    RootDeviceType: 'ebs',
    SecurityGroups: [],
    SourceDestCheck: true,
    ...stateReason(inst.stateReason),
    ...tagList(tags),
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: facts?.cpuCores ?? 2, ThreadsPerCore: 1 },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: 'enabled',
    },
    PlatformDetails: platform.platformDetails,
    UsageOperation: platform.usageOperation,
    UsageOperationUpdateTime: iso(node.registrationMs),
  };
}

export function volumeView(v: StoredVolume, tags: Record<string, string>): Json {
  return {
    Attachments: v.attachment
      ? [
          {
            AttachTime: iso(v.attachment.attachMs),
            Device: v.attachment.device,
            InstanceId: v.attachment.instanceId,
            State: v.attachment.state,
            VolumeId: v.volumeId,
            DeleteOnTermination: v.attachment.deleteOnTermination,
          },
        ]
      : [],
    AvailabilityZone: v.availabilityZone,
    CreateTime: iso(v.createMs),
    Encrypted: false,
    Size: v.sizeGb,
    SnapshotId: v.snapshotId ?? '',
    State: v.state,
    VolumeId: v.volumeId,
    Iops: 3000,
    ...tagList(tags),
    VolumeType: v.volumeType,
    MultiAttachEnabled: false,
    Throughput: 125,
  };
}

export function snapshotView(s: StoredSnapshot, tags: Record<string, string>): Json {
  return {
    Description: s.description,
    Encrypted: false,
    OwnerId: s.account,
    Progress: s.state === 'completed' ? '100%' : '0%',
    SnapshotId: s.snapshotId,
    StartTime: iso(s.startMs),
    State: s.state,
    VolumeId: s.volumeId,
    VolumeSize: s.sizeGb,
    ...tagList(tags),
    StorageTier: 'standard',
  };
}

export function imageView(i: StoredImage, tags: Record<string, string>): Json {
  return {
    Architecture: i.architecture,
    CreationDate: iso(i.createMs),
    ImageId: i.imageId,
    ImageLocation: `${i.account}/${i.name}`,
    ImageType: 'machine',
    Public: false,
    OwnerId: i.account,
    ...(i.platform ? { Platform: i.platform } : {}),
    PlatformDetails: i.platformDetails,
    UsageOperation: i.usageOperation,
    State: i.state,
    BlockDeviceMappings: i.blockDevices.map((b) => ({
      DeviceName: b.deviceName,
      Ebs: {
        DeleteOnTermination: b.deleteOnTermination,
        SnapshotId: b.snapshotId,
        VolumeSize: b.volumeSize,
        VolumeType: b.volumeType,
        Encrypted: false,
      },
    })),
    ...(i.description !== undefined ? { Description: i.description } : {}),
    EnaSupport: true,
    Hypervisor: 'xen',
    Name: i.name,
    RootDeviceName: i.rootDevice,
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    ...(i.state === 'failed'
      ? { StateReason: { Code: 'Server.InternalError', Message: 'Server.InternalError' } }
      : {}),
    ...tagList(tags),
    VirtualizationType: 'hvm',
    ...(i.sourceInstanceId ? { SourceInstanceId: i.sourceInstanceId } : {}),
  };
}

export function baseImageView(b: BaseImage): Json {
  return {
    Architecture: b.architecture,
    CreationDate: iso(b.creationMs),
    ImageId: b.imageId,
    ImageLocation: `${b.ownerAlias ?? b.ownerId}/${b.name}`,
    ImageType: 'machine',
    Public: true,
    OwnerId: b.ownerId,
    ...(b.platform ? { Platform: b.platform } : {}),
    PlatformDetails: b.platformDetails,
    UsageOperation: b.usageOperation,
    State: 'available',
    BlockDeviceMappings: [
      {
        DeviceName: b.rootDevice,
        Ebs: {
          DeleteOnTermination: true,
          SnapshotId: `snap-${b.imageId.slice(4)}`,
          VolumeSize: b.platform ? 30 : 8,
          VolumeType: 'gp3',
          Encrypted: false,
        },
      },
    ],
    Description: b.description,
    EnaSupport: true,
    Hypervisor: 'xen',
    ...(b.ownerAlias ? { ImageOwnerAlias: b.ownerAlias } : {}),
    Name: b.name,
    RootDeviceName: b.rootDevice,
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    VirtualizationType: 'hvm',
  };
}
