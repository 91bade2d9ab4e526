// Fleet files (`--fleet fleet.yaml`): nodes and groups of nodes, validated with zod; every error names the file,
// the path in it and the problem (docs/fleet.md).
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { lazy } from '../lazy.js';
import {
  DEFAULT_AGENT_VERSION,
  OS_NAMES,
  OS_PRESETS,
  ec2HostName,
  ec2IdFrom,
  isInstanceId,
  nodeBehaviourSchema,
  nodeFactsSchema,
  nodeFaultsSchema,
  privateIp,
  scriptAnswerSchema,
  scriptRuleSchema,
  type NodeProfile,
  type NodeSeed,
  type OsName,
} from '../agent-contract/node-model.js';

/** Largest group a fleet file may declare (the emulator is measured with 10,000 nodes in one process). */
export const MAX_GROUP_COUNT = 50_000;

// Built on first use (src/lazy.ts): without --fleet, start-up needs none of them.
const Account = lazy(() => z.string().regex(/^\d{12}$/, 'must be 12 digits'));
const Region = lazy(() =>
  z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be a region name such as us-east-1'),
);
const common = lazy(() => {
  const Tags = z
    .record(z.string().min(1).max(128), z.string().max(256))
    .refine((t) => Object.keys(t).length <= 50, 'at most 50 tags per node (the AWS limit per resource)');
  return {
    os: z.enum(OS_NAMES).default('amazon-linux-2023'),
    account: Account().optional(),
    region: Region().optional(),
    agentVersion: z
      .string()
      .regex(/^[0-9]{1,6}(\.[0-9]{1,6}){2,3}$/, 'must look like 3.3.1142.0')
      .optional(),
    iamRole: z.string().max(64).optional(),
    tags: Tags.default({}),
    executor: z.enum(['scripted', 'shell']).default('scripted'),
    rules: z.array(scriptRuleSchema()).default([]),
    default: scriptAnswerSchema().optional(),
    faults: nodeFaultsSchema().partial().default({}),
    facts: nodeFactsSchema().partial().default({}),
  };
});

export const fleetNodeSchema = lazy(() =>
  z
    .object({
      id: z.string().refine(isInstanceId, 'must be i- or mi- followed by 17 hexadecimal digits').optional(),
      /** The computer (host) name; defaults to EC2's ip-10-0-0-1 style name. */
      name: z.string().min(1).max(255).optional(),
      ip: z.ipv4().optional(),
      ...common(),
    })
    .strict(),
);

export const fleetGroupSchema = lazy(() =>
  z
    .object({
      /** Computer names are namePrefix-1, namePrefix-2, ...; ids are derived from it, so they are stable. */
      namePrefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'letters, digits and dashes'),
      count: z.number().int().min(1).max(MAX_GROUP_COUNT),
      ...common(),
    })
    .strict(),
);

export const fleetFileSchema = lazy(() =>
  z
    .object({
      version: z.literal(1).default(1),
      account: Account().optional(),
      region: Region().optional(),
      /** Also load the built-in demo nodes. */
      includeDemo: z.boolean().default(false),
      nodes: z.array(fleetNodeSchema()).default([]),
      groups: z.array(fleetGroupSchema()).default([]),
    })
    .strict(),
);
export type FleetFile = z.infer<ReturnType<typeof fleetFileSchema>>;
type FleetNode = z.infer<ReturnType<typeof fleetNodeSchema>>;
type FleetGroup = z.infer<ReturnType<typeof fleetGroupSchema>>;

export class FleetFileError extends Error {}

/** Reads and validates a fleet file (YAML or JSON). Throws FleetFileError naming the file, path and problem. */
export function readFleetFile(path: string): FleetFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FleetFileError(`fleet file ${path}: cannot be read: ${(err as Error).message}`);
  }
  return parseFleetFile(text, path);
}

export function parseFleetFile(text: string, path = 'fleet file'): FleetFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const at = lineCounter.linePos(e.pos[0]);
    const where = `line ${at.line}, column ${at.col}: `;
    throw new FleetFileError(`fleet file ${path}: ${where}${e.message.split('\n')[0]}`);
  }
  const parsed = fleetFileSchema().safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new FleetFileError(`fleet file ${path}: ${problems.join('; ')}`);
  }
  const ids = new Set<string>();
  parsed.data.nodes.forEach((n, i) => {
    if (!n.id) return;
    if (ids.has(n.id))
      throw new FleetFileError(`fleet file ${path}: nodes[${i}].id: ${n.id} is declared twice`);
    ids.add(n.id);
  });
  return parsed.data;
}

function formatPath(path: PropertyKey[]): string {
  if (!path.length) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

export interface SeedDefaults {
  account: string;
  region: string;
}

/** Turns a validated fleet file into node seeds; groups share one profile each. */
export function seedsFromFleet(file: FleetFile, defaults: SeedDefaults): NodeSeed[] {
  const seeds: NodeSeed[] = [];
  const base = {
    account: file.account ?? defaults.account,
    region: file.region ?? defaults.region,
  };
  file.nodes.forEach((n, i) => {
    const account = n.account ?? base.account;
    const region = n.region ?? base.region;
    const id = n.id ?? ec2IdFrom(`${account}/${region}/node/${n.name ?? i}`);
    seeds.push(
      seedOf(n, {
        account,
        region,
        id,
        ip: n.ip ?? privateIp(i, 5000),
        name: n.name,
        profileId: `node/${id}`,
      }),
    );
  });
  for (const g of file.groups) {
    const account = g.account ?? base.account;
    const region = g.region ?? base.region;
    const profileId = `group/${g.namePrefix}`;
    const profile = profileOf(g);
    const faults = nodeFaultsSchema().parse(g.faults); // parsed once: a group can hold tens of thousands of nodes
    const offset = hashNumber(g.namePrefix) * 1000;
    for (let i = 1; i <= g.count; i++) {
      seeds.push(
        seedOf(
          g,
          {
            account,
            region,
            id: ec2IdFrom(`${account}/${region}/group/${g.namePrefix}/${i}`),
            ip: privateIp(i, offset),
            name: `${g.namePrefix}-${i}`,
            profileId,
          },
          profile,
          faults,
        ),
      );
    }
  }
  return seeds;
}

function profileOf(spec: FleetNode | FleetGroup): NodeProfile {
  return {
    os: spec.os,
    facts: nodeFactsSchema().parse(spec.facts),
    behaviour: nodeBehaviourSchema().parse({
      executor: spec.executor,
      rules: spec.rules,
      ...(spec.default ? { default: spec.default } : {}),
    }),
  };
}

function seedOf(
  spec: FleetNode | FleetGroup,
  at: { account: string; region: string; id: string; ip: string; name?: string; profileId: string },
  profile = profileOf(spec),
  faults = nodeFaultsSchema().parse(spec.faults),
): NodeSeed {
  const os = OS_PRESETS[spec.os as OsName];
  const computerName =
    at.name ??
    (os.platformType === 'Windows'
      ? `EC2AMAZ-${at.id.slice(-7).toUpperCase()}`
      : ec2HostName(at.ip, at.region));
  return {
    account: at.account,
    region: at.region,
    instanceId: at.id,
    computerName,
    ipAddress: at.ip,
    platformType: os.platformType,
    platformName: os.platformName,
    platformVersion: os.platformVersion,
    agentVersion: spec.agentVersion ?? DEFAULT_AGENT_VERSION,
    iamRole: spec.iamRole,
    tags: spec.tags,
    faults,
    profileId: at.profileId,
    profile,
    source: 'fleet',
  };
}

function hashNumber(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) % 997;
  return h;
}
