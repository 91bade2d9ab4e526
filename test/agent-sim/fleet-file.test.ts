// Fleet files: nodes and groups become seeds; bad files fail naming the file, the path and the problem.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FleetFileError,
  parseFleetFile,
  readFleetFile,
  seedsFromFleet,
} from '../../src/agent-sim/fleet-file.js';
import { demoSeeds } from '../../src/agent-sim/demo-fleet.js';

const D = { account: '000000000000', region: 'us-east-1' };

function problem(text: string): string {
  try {
    parseFleetFile(text, 'fleet.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(FleetFileError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('valid files', () => {
  it('expands a group into count nodes with stable ids, shared profile and tags', () => {
    const file = parseFleetFile(
      `groups:\n  - namePrefix: web\n    count: 3\n    os: ubuntu-22.04\n    tags: { Environment: Staging }\n`,
    );
    const a = seedsFromFleet(file, D);
    const b = seedsFromFleet(file, D);
    expect(a.map((s) => s.instanceId)).toEqual(b.map((s) => s.instanceId));
    expect(a.map((s) => s.computerName)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(new Set(a.map((s) => s.instanceId)).size).toBe(3);
    expect(a[0]).toMatchObject({
      platformType: 'Linux',
      platformName: 'Ubuntu',
      platformVersion: '22.04',
      tags: { Environment: 'Staging' },
    });
    expect(a.every((s) => s.instanceId.match(/^i-[0-9a-f]{17}$/))).toBe(true);
    expect(a[0].profile).toBe(a[2].profile);
    expect(new Set(a.map((s) => s.ipAddress)).size).toBe(3);
  });

  it('keeps given ids, names, rules and faults; EC2 host names by default', () => {
    const [s] = seedsFromFleet(
      parseFleetFile(`
account: "111122223333"
region: eu-west-1
nodes:
  - id: i-0123456789abcdef0
    ip: 10.1.2.3
    rules: [{ match: "^systemctl status nginx", stdout: "active\\n", durationSeconds: 2 }]
    faults: { latencySeconds: 5 }
`),
      D,
    );
    expect(s).toMatchObject({
      account: '111122223333',
      region: 'eu-west-1',
      instanceId: 'i-0123456789abcdef0',
      computerName: 'ip-10-1-2-3.eu-west-1.compute.internal',
    });
    expect(s.faults).toEqual({ offline: false, latencySeconds: 5, failureProbability: 0, hang: false });
    expect(s.profile.behaviour.rules[0]).toMatchObject({
      stdout: 'active\n',
      exitCode: 0,
      durationSeconds: 2,
    });
  });

  it('10,000 nodes in one group', () => {
    const seeds = seedsFromFleet(parseFleetFile('groups: [{ namePrefix: n, count: 10000 }]'), D);
    expect(seeds).toHaveLength(10000);
    expect(new Set(seeds.map((s) => s.instanceId)).size).toBe(10000);
  });

  it('the demo fleet has the guide node and a Windows node', () => {
    const seeds = demoSeeds(D);
    expect(seeds.find((s) => s.instanceId === 'i-0123456789abcdef0')?.tags.Environment).toBe('Production');
    expect(seeds.filter((s) => s.platformType === 'Windows')).toHaveLength(1);
    expect(seeds.every((s) => s.source === 'demo')).toBe(true);
  });
});

describe('bad files', () => {
  it('names the path and the problem', () => {
    expect(problem('groups:\n  - namePrefix: web\n    count: 0\n')).toBe(
      'fleet file fleet.yaml: groups[0].count: Too small: expected number to be >=1',
    );
    expect(problem('nodes:\n  - id: i-123\n')).toBe(
      'fleet file fleet.yaml: nodes[0].id: must be i- or mi- followed by 17 hexadecimal digits',
    );
    expect(problem('nodes:\n  - os: windows-3.1\n')).toMatch(
      /^fleet file fleet\.yaml: nodes\[0\]\.os: Invalid option: expected one of "amazon-linux-2023"\|/,
    );
    expect(problem('nodes:\n  - rules: [{ match: "(" }]\n')).toBe(
      'fleet file fleet.yaml: nodes[0].rules[0].match: is not a valid regular expression',
    );
    expect(problem('nodez: []\n')).toBe('fleet file fleet.yaml: (top level): Unrecognized key: "nodez"');
    expect(problem('nodes: [{ id: i-0123456789abcdef0 }, { id: i-0123456789abcdef0 }]')).toBe(
      'fleet file fleet.yaml: nodes[1].id: i-0123456789abcdef0 is declared twice',
    );
  });

  it('reports YAML syntax errors with line and column, and unreadable files', () => {
    expect(problem('nodes:\n  - id: [unclosed\n')).toMatch(/^fleet file fleet\.yaml: line \d+, column \d+: /);
    expect(() => readFleetFile('/nonexistent/fleet.yaml')).toThrow(
      /^fleet file \/nonexistent\/fleet\.yaml: cannot be read: /,
    );
    const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    writeFileSync(join(dir, 'f.yaml'), 'groups: [{ namePrefix: "bad prefix", count: 1 }]');
    expect(() => readFleetFile(join(dir, 'f.yaml'))).toThrow(
      `fleet file ${join(dir, 'f.yaml')}: groups[0].namePrefix: letters, digits and dashes`,
    );
  });
});
