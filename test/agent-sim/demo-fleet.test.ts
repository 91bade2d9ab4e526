// The demo fleet is a typed literal (no YAML or zod at start-up): it must stay the fleet file docs/fleet.md
// describes, with the defaults the fleet-file schema gives.
import { describe, expect, it } from 'vitest';
import { parseFleetFile, seedsFromFleet } from '../../src/agent-sim/fleet-file.js';
import { demoSeeds } from '../../src/agent-sim/demo-fleet.js';

const D = { account: '000000000000', region: 'us-east-1' };

// The demo fleet as the fleet file it was before it became a literal.
const DEMO_FLEET_YAML = `
nodes:
  - id: i-0123456789abcdef0
    name: web-prod-1
    os: amazon-linux-2023
    ip: 10.0.1.10
    iamRole: SSMInstanceProfile
    tags: { Name: web-prod-1, Environment: Production, Role: WebServer }
    facts:
      packages: [{ name: nginx, version: 1.24.0 }, { name: amazon-ssm-agent, version: 3.3.1142.0 }]
      services: [{ name: nginx, status: Running }, { name: amazon-ssm-agent, status: Running }, { name: sshd, status: Running }]
      ports: [22, 80, 443]
      files: { /usr/share/nginx/html/index.html: "<h1>web-prod-1</h1>\\n" }
    rules:
      - { match: '^\\s*(sudo )?(yum|dnf) (-y )?update( -y)?\\s*$', stdout: "Last metadata expiration check: 0:12:31 ago.\\nDependencies resolved.\\nNothing to do.\\nComplete!\\n", durationSeconds: 20 }
      - { match: '^\\s*(sudo )?systemctl (restart|reload|start) nginx\\s*$', durationSeconds: 1 }
      - { match: '^\\s*(sudo )?systemctl status nginx', stdout: "● nginx.service - The nginx HTTP and reverse proxy server\\n     Active: active (running)\\n" }
  - id: i-0a1b2c3d4e5f60718
    name: db-prod-1
    os: amazon-linux-2
    ip: 10.0.2.20
    iamRole: SSMInstanceProfile
    tags: { Name: db-prod-1, Environment: Production, Role: Database }
    facts:
      memoryMb: 16384
      diskGb: 200
      packages: [{ name: postgresql15-server, version: 15.8-1.amzn2 }]
      services: [{ name: postgresql, status: Running }, { name: amazon-ssm-agent, status: Running }]
      ports: [22, 5432]
    rules:
      - { match: '^\\s*(sudo )?yum (-y )?update( -y)?\\s*$', stdout: "Loaded plugins: extras_suggestions, langpacks, priorities, update-motd\\nNo packages marked for update\\n", durationSeconds: 15 }
      - { match: '^\\s*(sudo )?systemctl \\w+ nginx', stderr: "Failed to restart nginx.service: Unit nginx.service not found.\\n", exitCode: 5 }
  - id: i-0fedcba9876543210
    name: dev-1
    os: ubuntu-22.04
    ip: 10.0.3.30
    iamRole: SSMInstanceProfile
    tags: { Name: dev-1, Environment: Development, Role: WebServer }
    facts:
      packages: [{ name: apache2, version: 2.4.52-1ubuntu4.12 }]
      services: [{ name: apache2, status: Running }]
      ports: [22, 80]
  - id: i-0123456789abcdef1
    name: dev-2
    os: rhel-9
    ip: 10.0.3.31
    iamRole: SSMInstanceProfile
    tags: { Name: dev-2, Environment: Development, Role: Worker }
    facts:
      ports: [22]
  - id: i-0abcdef1234567890
    name: WIN-APP-1
    os: windows-server-2022
    ip: 10.0.4.40
    iamRole: SSMInstanceProfile
    tags: { Name: win-app-1, Environment: Development, Role: AppServer }
    facts:
      memoryMb: 8192
      services:
        - { name: AmazonSSMAgent, status: Running, displayName: Amazon SSM Agent }
        - { name: W3SVC, status: Running, displayName: World Wide Web Publishing Service }
        - { name: Spooler, status: Stopped, displayName: Print Spooler }
      applications: [{ name: Amazon SSM Agent, version: 3.3.1142.0, publisher: Amazon Web Services }]
      ports: [3389, 80]
`;

describe('demo fleet', () => {
  it('equals the same nodes read from a fleet file', () => {
    const fromFile = seedsFromFleet(parseFleetFile(DEMO_FLEET_YAML, 'demo'), D).map((s) => ({
      ...s,
      source: 'demo',
    }));
    expect(demoSeeds(D)).toEqual(fromFile);
  });

  it('takes the account and region it is given', () => {
    const seeds = demoSeeds({ account: '123456789012', region: 'eu-west-1' });
    expect(seeds.map((s) => `${s.account}/${s.region}`)).toEqual(Array(5).fill('123456789012/eu-west-1'));
  });

  it('gives every call its own objects', () => {
    const [a] = demoSeeds(D);
    a.profile.facts.ports.push(8080);
    a.tags.Extra = 'x';
    const [b] = demoSeeds(D);
    expect(b.profile.facts.ports).toEqual([22, 80, 443]);
    expect(b.tags.Extra).toBeUndefined();
  });
});
