// The public AMIs the fleet's nodes were launched from: one per operating system preset and architecture,
// with the owner, platform and billing fields EC2 reports for such images (ids derived, not real).
import { OS_PRESETS, type OsName } from '../../agent-contract/node-model.js';
import { stableId } from './ids.js';

export interface PlatformFields {
  platform?: 'windows';
  platformDetails: string;
  usageOperation: string;
}

export interface BaseImage extends PlatformFields {
  imageId: string;
  name: string;
  description: string;
  ownerId: string;
  ownerAlias?: string;
  architecture: string;
  rootDevice: string;
  creationMs: number;
}

interface Origin {
  name: (arch: string) => string;
  ownerId: string;
  ownerAlias?: string;
}

// Owner accounts of the public images: Amazon (AL, Windows, macOS), Canonical, Red Hat (their published ids).
const AMAZON = '137112412989';
const ORIGINS: Record<OsName, Origin> = {
  'amazon-linux-2023': {
    name: (a) => `al2023-ami-2023.6.20250107.0-kernel-6.1-${a}`,
    ownerId: AMAZON,
    ownerAlias: 'amazon',
  },
  'amazon-linux-2': {
    name: (a) => `amzn2-ami-kernel-5.10-hvm-2.0.20250108.0-${a}-gp2`,
    ownerId: AMAZON,
    ownerAlias: 'amazon',
  },
  'ubuntu-22.04': {
    name: (a) =>
      `ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-${a === 'arm64' ? 'arm64' : 'amd64'}-server-20250112`,
    ownerId: '099720109477',
  },
  'ubuntu-24.04': {
    name: (a) =>
      `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${a === 'arm64' ? 'arm64' : 'amd64'}-server-20250115`,
    ownerId: '099720109477',
  },
  'rhel-9': { name: (a) => `RHEL-9.5.0_HVM-20241211-${a}-0-Hourly2-GP3`, ownerId: '309956199498' },
  'windows-server-2022': {
    name: () => 'Windows_Server-2022-English-Full-Base-2025.01.15',
    ownerId: '801119661308',
    ownerAlias: 'amazon',
  },
  'windows-server-2019': {
    name: () => 'Windows_Server-2019-English-Full-Base-2025.01.15',
    ownerId: '801119661308',
    ownerAlias: 'amazon',
  },
  'macos-14': {
    name: (a) => `amzn-ec2-macos-14.7.1-20250110-000000${a === 'arm64' ? '-arm64' : ''}`,
    ownerId: '628277914472',
    ownerAlias: 'amazon',
  },
};

/** Billing fields of DescribeInstances / DescribeImages (EC2 "AMI billing information fields"). */
export function platformFields(platformType: string, platformName: string): PlatformFields {
  if (platformType === 'Windows')
    return { platform: 'windows', platformDetails: 'Windows', usageOperation: 'RunInstances:0002' };
  if (/red hat/i.test(platformName))
    return { platformDetails: 'Red Hat Enterprise Linux', usageOperation: 'RunInstances:0010' };
  return { platformDetails: 'Linux/UNIX', usageOperation: 'RunInstances' };
}

/** Amazon Linux boots from /dev/xvda; Ubuntu, RHEL, Windows and macOS images from /dev/sda1. */
export function rootDeviceOf(os: string): string {
  return os.startsWith('amazon-linux') ? '/dev/xvda' : '/dev/sda1';
}

const EPOCH = Date.parse('2025-01-15T00:00:00Z');

export function baseImage(region: string, os: string, architecture: string): BaseImage {
  const preset = (OS_PRESETS as Record<string, (typeof OS_PRESETS)[OsName]>)[os];
  const origin = (ORIGINS as Record<string, Origin>)[os];
  const name = origin ? origin.name(architecture) : `ssm-emulator-custom-${architecture}`;
  return {
    imageId: stableId('ami', `${region}/${name}`),
    name,
    description: preset ? preset.prettyName : 'Image of a custom ssm-emulator node',
    ownerId: origin?.ownerId ?? AMAZON,
    ownerAlias: origin ? origin.ownerAlias : 'amazon',
    architecture,
    rootDevice: rootDeviceOf(os),
    creationMs: EPOCH,
    ...platformFields(preset?.platformType ?? 'Linux', preset?.platformName ?? ''),
  };
}

/** Every base image of a region (x86_64 for all, arm64 too where the OS has one). */
export function baseImages(region: string): BaseImage[] {
  const out: BaseImage[] = [];
  for (const os of Object.keys(OS_PRESETS)) {
    out.push(baseImage(region, os, 'x86_64'));
    if (!os.startsWith('windows')) out.push(baseImage(region, os, 'arm64'));
  }
  return out;
}
