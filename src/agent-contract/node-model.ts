// The simulated managed node: identity, platform, facts the agent answers from, and behaviours (executor, faults).
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { lazy } from '../lazy.js';

export const PLATFORM_TYPES = ['Linux', 'Windows', 'MacOS'] as const;
export type PlatformType = (typeof PLATFORM_TYPES)[number];

/** Agent version the simulated nodes run unless told otherwise (a 3.3 release, as current agents report). */
export const DEFAULT_AGENT_VERSION = '3.3.1142.0';

export interface OsPreset {
  platformType: PlatformType;
  /** What AWS reports as PlatformName / PlatformVersion for this OS. */
  platformName: string;
  platformVersion: string;
  /** PRETTY_NAME of /etc/os-release (Linux), caption (Windows), product name (macOS). */
  prettyName: string;
  kernel: string;
}

export const OS_PRESETS = {
  'amazon-linux-2023': {
    platformType: 'Linux',
    platformName: 'Amazon Linux',
    platformVersion: '2023',
    prettyName: 'Amazon Linux 2023.6.20250107',
    kernel: '6.1.119-129.201.amzn2023.x86_64',
  },
  'amazon-linux-2': {
    platformType: 'Linux',
    platformName: 'Amazon Linux',
    platformVersion: '2',
    prettyName: 'Amazon Linux 2',
    kernel: '5.10.230-223.885.amzn2.x86_64',
  },
  'ubuntu-22.04': {
    platformType: 'Linux',
    platformName: 'Ubuntu',
    platformVersion: '22.04',
    prettyName: 'Ubuntu 22.04.5 LTS',
    kernel: '6.8.0-1021-aws',
  },
  'ubuntu-24.04': {
    platformType: 'Linux',
    platformName: 'Ubuntu',
    platformVersion: '24.04',
    prettyName: 'Ubuntu 24.04.1 LTS',
    kernel: '6.8.0-1021-aws',
  },
  'rhel-9': {
    platformType: 'Linux',
    platformName: 'Red Hat Enterprise Linux',
    platformVersion: '9.5',
    prettyName: 'Red Hat Enterprise Linux 9.5 (Plow)',
    kernel: '5.14.0-503.11.1.el9_5.x86_64',
  },
  'windows-server-2022': {
    platformType: 'Windows',
    platformName: 'Microsoft Windows Server 2022 Datacenter',
    platformVersion: '10.0.20348',
    prettyName: 'Microsoft Windows Server 2022 Datacenter',
    kernel: '10.0.20348',
  },
  'windows-server-2019': {
    platformType: 'Windows',
    platformName: 'Microsoft Windows Server 2019 Datacenter',
    platformVersion: '10.0.17763',
    prettyName: 'Microsoft Windows Server 2019 Datacenter',
    kernel: '10.0.17763',
  },
  'macos-14': {
    platformType: 'MacOS',
    platformName: 'macOS',
    platformVersion: '14.7.1',
    prettyName: 'macOS Sonoma 14.7.1',
    kernel: '23.6.0',
  },
} satisfies Record<string, OsPreset>;

export type OsName = keyof typeof OS_PRESETS;
export const OS_NAMES = Object.keys(OS_PRESETS) as [OsName, ...OsName[]];

// ---- facts and behaviours: plain JSON so that they can be stored, sent to agents and written in fleet files ----

/** Defaults of the schemas below, shared with the demo fleet, which is built without zod at start-up. */
export const FACT_DEFAULTS = {
  architecture: 'x86_64',
  cpuCores: 2,
  memoryMb: 4096,
  diskGb: 20,
  instanceType: 't3.medium',
} as const;
export const ANSWER_DEFAULTS = { stdout: '', stderr: '', exitCode: 0, durationSeconds: 0 } as const;
export const FAULT_DEFAULTS = {
  offline: false,
  latencySeconds: 0,
  failureProbability: 0,
  hang: false,
} as const;

// Built on first use (src/lazy.ts): only fleet files and the control plane need them.
export const nodeFactsSchema = lazy(() => {
  const Package = z.object({ name: z.string().min(1), version: z.string().default('1.0.0') }).strict();
  const Application = z
    .object({
      name: z.string().min(1),
      version: z.string().default('1.0.0'),
      publisher: z.string().optional(),
    })
    .strict();
  const Service = z
    .object({
      name: z.string().min(1),
      status: z.enum(['Running', 'Stopped']).default('Running'),
      displayName: z.string().optional(),
    })
    .strict();
  return z
    .object({
      architecture: z.enum(['x86_64', 'arm64']).default(FACT_DEFAULTS.architecture),
      cpuCores: z.number().int().positive().default(FACT_DEFAULTS.cpuCores),
      memoryMb: z.number().int().positive().default(FACT_DEFAULTS.memoryMb),
      diskGb: z.number().int().positive().default(FACT_DEFAULTS.diskGb),
      username: z.string().min(1).optional(),
      instanceType: z.string().default(FACT_DEFAULTS.instanceType),
      availabilityZone: z.string().optional(),
      packages: z.array(Package).default([]),
      applications: z.array(Application).default([]),
      services: z.array(Service).default([]),
      /** Absolute path -> content, what `cat` and aws:downloadContent see. */
      files: z.record(z.string(), z.string()).default({}),
      env: z.record(z.string(), z.string()).default({}),
      /** Ports a Session Manager port-forwarding session may open on this node. */
      ports: z.array(z.number().int().min(1).max(65535)).default([]),
      /** Real addresses port-forwarding sessions reach: "80" or "db.example.com:5432" -> "127.0.0.1:8080". */
      portTargets: z.record(z.string(), z.string().regex(/^.+:\d{1,5}$/, 'must be host:port')).optional(),
      macAddress: z.string().optional(),
      /** The release date of the image the node was built from: its OS packages are the image's as of then. */
      imageDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2025-01-07')
        .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'is not a date')
        .optional(),
    })
    .strict();
});

/** A node built from an image this many days older than the moment it joined, unless facts.imageDate says when. */
export const IMAGE_AGE_DAYS = 60;

/** When the node's image was released: facts.imageDate, else IMAGE_AGE_DAYS before it joined (emulator clock). */
export function imageReleaseMs(facts: Pick<NodeFacts, 'imageDate'>, joinedMs: number): number {
  return facts.imageDate
    ? Date.parse(`${facts.imageDate}T00:00:00Z`)
    : joinedMs - IMAGE_AGE_DAYS * 86_400_000;
}
export type NodeFacts = z.infer<ReturnType<typeof nodeFactsSchema>>;

export const scriptRuleSchema = lazy(() =>
  z
    .object({
      /** A JavaScript regular expression tested against the whole script (multiline). */
      match: z.string().min(1).refine(isRegex, 'is not a valid regular expression'),
      stdout: z.string().default(ANSWER_DEFAULTS.stdout),
      stderr: z.string().default(ANSWER_DEFAULTS.stderr),
      exitCode: z.number().int().default(ANSWER_DEFAULTS.exitCode),
      /** Exit code on the runs after a reboot (AWS reruns the script after exit 194 / 3010). */
      exitCodeAfterReboot: z.number().int().optional(),
      durationSeconds: z.number().min(0).default(ANSWER_DEFAULTS.durationSeconds),
    })
    .strict(),
);
export type ScriptRule = z.infer<ReturnType<typeof scriptRuleSchema>>;

export const scriptAnswerSchema = lazy(() =>
  z
    .object({
      stdout: z.string().default(ANSWER_DEFAULTS.stdout),
      stderr: z.string().default(ANSWER_DEFAULTS.stderr),
      exitCode: z.number().int().default(ANSWER_DEFAULTS.exitCode),
      durationSeconds: z.number().min(0).default(ANSWER_DEFAULTS.durationSeconds),
    })
    .strict(),
);
export type ScriptAnswer = z.infer<ReturnType<typeof scriptAnswerSchema>>;

export const nodeFaultsSchema = lazy(() =>
  z
    .object({
      /** The agent is down: no heartbeats (ConnectionLost after AWS's interval), commands are not delivered. */
      offline: z.boolean().default(FAULT_DEFAULTS.offline),
      /** Extra seconds (emulator clock) before the agent picks up a command. */
      latencySeconds: z.number().min(0).default(FAULT_DEFAULTS.latencySeconds),
      /** Chance in [0, 1] that a plugin fails (exit 1) whatever the script. */
      failureProbability: z.number().min(0).max(1).default(FAULT_DEFAULTS.failureProbability),
      /** The agent accepts commands and never answers (the command ends by its timeout). */
      hang: z.boolean().default(FAULT_DEFAULTS.hang),
      /** Patches whose installation fails (Failed in the Install's report): package names, name.arch or KB ids, `*` wildcards. */
      failPatches: z.array(z.string().min(1).max(200)).max(100).optional(),
      /** A reboot never comes back: the node stays down (ConnectionLost after AWS's interval), its command times out. */
      rebootHangs: z.boolean().optional(),
    })
    .strict(),
);
export type NodeFaults = z.infer<ReturnType<typeof nodeFaultsSchema>>;

/** Faults with their defaults filled in, for faults checked when they were stored (nodes' faults_json). */
export function withFaultDefaults(faults: Record<string, unknown> | undefined): NodeFaults {
  return { ...FAULT_DEFAULTS, ...(faults as Partial<NodeFaults> | undefined) };
}

export const nodeBehaviourSchema = lazy(() =>
  z
    .object({
      executor: z.enum(['scripted', 'shell']).default('scripted'),
      rules: z.array(scriptRuleSchema()).default([]),
      /** What a script that matches no rule and no built-in answer returns. */
      default: scriptAnswerSchema().default({ ...ANSWER_DEFAULTS }),
    })
    .strict(),
);
export type NodeBehaviour = z.infer<ReturnType<typeof nodeBehaviourSchema>>;

/** Facts plus behaviour: what a group of nodes shares and what an agent needs to execute. */
export interface NodeProfile {
  os: OsName | 'custom';
  facts: NodeFacts;
  behaviour: NodeBehaviour;
}

/** Who a node is, as its agent reports it. */
export interface NodeIdentity {
  instanceId: string;
  computerName: string;
  ipAddress: string;
  platformType: string;
  platformName: string;
  platformVersion: string;
}

/** Everything needed to create one node (fleet file, control plane, demo fleet). */
export interface NodeSeed {
  account: string;
  region: string;
  instanceId: string;
  name?: string;
  computerName: string;
  ipAddress: string;
  platformType: PlatformType;
  platformName: string;
  platformVersion: string;
  agentVersion: string;
  iamRole?: string;
  tags: Record<string, string>;
  faults: NodeFaults;
  /** Nodes of one fleet-file group share one profile (memory and start-up time at 10,000 nodes). */
  profileId: string;
  profile: NodeProfile;
  source: 'fleet' | 'demo' | 'control';
}

// ---- ids ----

const EC2_ID = /^i-[0-9a-f]{17}$/;
const MI_ID = /^mi-[0-9a-f]{17}$/;

export function isInstanceId(id: string): boolean {
  return EC2_ID.test(id) || MI_ID.test(id);
}

/** A stable EC2-style id from a seed, so a fleet file gives the same ids on every start. */
export function ec2IdFrom(seed: string): string {
  return `i-0${createHash('sha1').update(seed).digest('hex').slice(0, 16)}`;
}

export function randomManagedInstanceId(): string {
  return `mi-0${randomBytes(8).toString('hex')}`;
}

/** A private IP derived from a number, 10.x.y.z, never .0 or .255. */
export function privateIp(n: number, base = 0): string {
  const v = (base + n) % (254 * 254 * 250);
  return `10.${(Math.floor(v / (254 * 254)) % 250) + 1}.${Math.floor(v / 254) % 254}.${(v % 254) + 1}`;
}

/** EC2's default host name for an address: ip-10-0-1-5.ec2.internal. */
export function ec2HostName(ip: string, region: string): string {
  const host = `ip-${ip.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

export function defaultUsername(platformType: PlatformType): string {
  return platformType === 'Windows' ? 'nt authority\\system' : 'root';
}

function isRegex(s: string): boolean {
  try {
    new RegExp(s, 'm');
    return true;
  } catch {
    return false;
  }
}

/** The profile of a standalone agent's node: a real host, so it runs scripts with its shell. */
export function standaloneProfile(platformType: string): NodeProfile {
  return {
    os: 'custom',
    facts: {
      architecture: 'x86_64',
      cpuCores: 1,
      memoryMb: 1024,
      diskGb: 10,
      instanceType: 'on-premises',
      packages: [],
      applications: [],
      services: [],
      files: {},
      env: {},
      ports: [],
      username: platformType === 'Windows' ? 'nt authority\\system' : 'root',
    },
    behaviour: {
      executor: 'shell',
      rules: [],
      default: { stdout: '', stderr: '', exitCode: 0, durationSeconds: 0 },
    },
  };
}
