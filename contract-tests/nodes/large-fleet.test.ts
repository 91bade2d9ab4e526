// A fleet file with a group of 10,000 nodes loads, and DescribeInstanceInformation pages through all of it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { createEmulator } from '../../src/app.js';

const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
const FLEET = join(dir, 'fleet.yaml');
writeFileSync(
  FLEET,
  `# 10,000 web nodes and one database
groups:
  - namePrefix: web
    count: 10000
    os: amazon-linux-2023
    tags: { Environment: Load, Tier: web }
nodes:
  - id: i-0123456789abcdef0
    name: db
    os: ubuntu-24.04
    tags: { Tier: db }
`,
);

const server = useServer({ config: { fleet: FLEET } });

describe('a 10,000-node fleet file', () => {
  it('pages through every node, 50 at a time, each id once and in order', async () => {
    const client = server.client();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const out = await client.send(
        new DescribeInstanceInformationCommand({
          MaxResults: 50,
          NextToken: token,
          Filters: [{ Key: 'tag:Tier', Values: ['web'] }],
        }),
      );
      seen.push(...out.InstanceInformationList!.map((i) => i.InstanceId!));
      token = out.NextToken;
    } while (token);
    expect(seen).toHaveLength(10_000);
    expect(new Set(seen).size).toBe(10_000);
    expect([...seen].sort()).toEqual(seen);
    const db = await client.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:Tier', Values: ['db'] }] }),
    );
    expect(db.InstanceInformationList!.map((i) => [i.InstanceId, i.PlatformName, i.PlatformVersion])).toEqual(
      [['i-0123456789abcdef0', 'Ubuntu', '24.04']],
    );
  }, 60_000);

  it('no demo nodes unless includeDemo', async () => {
    const out = await server
      .client()
      .send(
        new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }] }),
      );
    expect(out.InstanceInformationList).toEqual([]);
  });

  it('a bad fleet file stops start-up naming the file, the path and the problem', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'groups:\n  - namePrefix: web\n    count: -1\n');
    expect(() => createEmulator({ inMemory: true, fleet: bad, logLevel: 'silent' })).toThrow(
      `fleet file ${bad}: groups[0].count: Too small: expected number to be >=1`,
    );
  });
});
