// The built-in demo fleet, loaded when no fleet file is given, so the guide's examples have targets
// (docs/fleet.md lists these nodes). i-0123456789abcdef0 is the id the AWS documentation's examples use.
// A typed literal rather than fleet-file YAML: every start loads it, and parsing YAML and checking it
// with zod took ~30 ms of the cold start (docs/benchmarks.md). test/agent-sim/demo-fleet.test.ts checks it
// against the same nodes written as a fleet file.
import type { SeedDefaults } from './fleet-file.js';
import {
  ANSWER_DEFAULTS,
  DEFAULT_AGENT_VERSION,
  FACT_DEFAULTS,
  FAULT_DEFAULTS,
  OS_PRESETS,
  type NodeFacts,
  type NodeSeed,
  type OsName,
  type ScriptRule,
} from '../agent-contract/node-model.js';

interface DemoNode {
  id: string;
  name: string;
  os: OsName;
  ip: string;
  tags: Record<string, string>;
  facts: Partial<NodeFacts>;
  rules?: (Partial<ScriptRule> & Pick<ScriptRule, 'match'>)[];
}

const ROLE = 'SSMInstanceProfile';

const DEMO_NODES: readonly DemoNode[] = [
  {
    id: 'i-0123456789abcdef0',
    name: 'web-prod-1',
    os: 'amazon-linux-2023',
    ip: '10.0.1.10',
    tags: { Name: 'web-prod-1', Environment: 'Production', Role: 'WebServer' },
    facts: {
      packages: [
        { name: 'nginx', version: '1.24.0' },
        { name: 'amazon-ssm-agent', version: '3.3.1142.0' },
      ],
      services: [
        { name: 'nginx', status: 'Running' },
        { name: 'amazon-ssm-agent', status: 'Running' },
        { name: 'sshd', status: 'Running' },
      ],
      ports: [22, 80, 443],
      files: { '/usr/share/nginx/html/index.html': '<h1>web-prod-1</h1>\n' },
    },
    rules: [
      {
        match: '^\\s*(sudo )?(yum|dnf) (-y )?update( -y)?\\s*$',
        stdout:
          'Last metadata expiration check: 0:12:31 ago.\nDependencies resolved.\nNothing to do.\nComplete!\n',
        durationSeconds: 20,
      },
      { match: '^\\s*(sudo )?systemctl (restart|reload|start) nginx\\s*$', durationSeconds: 1 },
      {
        match: '^\\s*(sudo )?systemctl status nginx',
        stdout: '● nginx.service - The nginx HTTP and reverse proxy server\n     Active: active (running)\n',
      },
    ],
  },
  {
    id: 'i-0a1b2c3d4e5f60718',
    name: 'db-prod-1',
    os: 'amazon-linux-2',
    ip: '10.0.2.20',
    tags: { Name: 'db-prod-1', Environment: 'Production', Role: 'Database' },
    facts: {
      memoryMb: 16384,
      diskGb: 200,
      packages: [{ name: 'postgresql15-server', version: '15.8-1.amzn2' }],
      services: [
        { name: 'postgresql', status: 'Running' },
        { name: 'amazon-ssm-agent', status: 'Running' },
      ],
      ports: [22, 5432],
    },
    rules: [
      {
        match: '^\\s*(sudo )?yum (-y )?update( -y)?\\s*$',
        stdout:
          'Loaded plugins: extras_suggestions, langpacks, priorities, update-motd\nNo packages marked for update\n',
        durationSeconds: 15,
      },
      {
        match: '^\\s*(sudo )?systemctl \\w+ nginx',
        stderr: 'Failed to restart nginx.service: Unit nginx.service not found.\n',
        exitCode: 5,
      },
    ],
  },
  {
    id: 'i-0fedcba9876543210',
    name: 'dev-1',
    os: 'ubuntu-22.04',
    ip: '10.0.3.30',
    tags: { Name: 'dev-1', Environment: 'Development', Role: 'WebServer' },
    facts: {
      packages: [{ name: 'apache2', version: '2.4.52-1ubuntu4.12' }],
      services: [{ name: 'apache2', status: 'Running' }],
      ports: [22, 80],
    },
  },
  {
    id: 'i-0123456789abcdef1',
    name: 'dev-2',
    os: 'rhel-9',
    ip: '10.0.3.31',
    tags: { Name: 'dev-2', Environment: 'Development', Role: 'Worker' },
    facts: { ports: [22] },
  },
  {
    id: 'i-0abcdef1234567890',
    name: 'WIN-APP-1',
    os: 'windows-server-2022',
    ip: '10.0.4.40',
    tags: { Name: 'win-app-1', Environment: 'Development', Role: 'AppServer' },
    facts: {
      memoryMb: 8192,
      services: [
        { name: 'AmazonSSMAgent', status: 'Running', displayName: 'Amazon SSM Agent' },
        { name: 'W3SVC', status: 'Running', displayName: 'World Wide Web Publishing Service' },
        { name: 'Spooler', status: 'Stopped', displayName: 'Print Spooler' },
      ],
      applications: [{ name: 'Amazon SSM Agent', version: '3.3.1142.0', publisher: 'Amazon Web Services' }],
      ports: [3389, 80],
    },
  },
];

/** The demo nodes as seeds, with the defaults a fleet file would give them (fleet-file.ts seedsFromFleet). */
export function demoSeeds(defaults: SeedDefaults): NodeSeed[] {
  return DEMO_NODES.map((n) => {
    const os = OS_PRESETS[n.os];
    return {
      account: defaults.account,
      region: defaults.region,
      instanceId: n.id,
      computerName: n.name,
      ipAddress: n.ip,
      platformType: os.platformType,
      platformName: os.platformName,
      platformVersion: os.platformVersion,
      agentVersion: DEFAULT_AGENT_VERSION,
      iamRole: ROLE,
      tags: { ...n.tags },
      faults: { ...FAULT_DEFAULTS },
      profileId: `node/${n.id}`,
      profile: {
        os: n.os,
        facts: {
          ...FACT_DEFAULTS,
          packages: [],
          applications: [],
          services: [],
          files: {},
          env: {},
          ports: [],
          ...structuredClone(n.facts),
        },
        behaviour: {
          executor: 'scripted',
          rules: (n.rules ?? []).map((r) => ({ ...ANSWER_DEFAULTS, ...r })),
          default: { ...ANSWER_DEFAULTS },
        },
      },
      source: 'demo',
    };
  });
}
