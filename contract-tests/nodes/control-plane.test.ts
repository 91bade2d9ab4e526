// /_emulator/nodes: list, add (one node or a group), patch (tags, online/offline, faults) and delete.
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';

const server = useServer();

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.endpoint}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe('/_emulator/nodes', () => {
  it('GET lists the demo nodes with tags, ping status and source', async () => {
    const r = await call('GET', '/_emulator/nodes');
    expect(r.status).toBe(200);
    expect(r.json.nodes).toHaveLength(5);
    expect(r.json.nodes[0]).toMatchObject({
      instanceId: 'i-0123456789abcdef0',
      pingStatus: 'Online',
      source: 'demo',
      agent: 'virtual',
      tags: { Environment: 'Production', Name: 'web-prod-1', Role: 'WebServer' },
    });
    const page = await call('GET', '/_emulator/nodes?limit=2');
    expect(page.json.nodes).toHaveLength(2);
    const next = await call('GET', `/_emulator/nodes?limit=2&nextToken=${page.json.nextToken}`);
    expect(next.json.nodes[0].instanceId).toBe('i-0a1b2c3d4e5f60718');
  });

  it('POST adds a node (validated) and a group; 409 for an existing id', async () => {
    const bad = await call('POST', '/_emulator/nodes', { id: 'i-1', os: 'amazon-linux-2023' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('must be i- or mi- followed by 17 hexadecimal digits');
    const one = await call('POST', '/_emulator/nodes', {
      id: 'i-0000000000000aaaa',
      name: 'extra',
      os: 'macos-14',
      tags: { Team: 'Mobile' },
    });
    expect(one.status).toBe(201);
    expect(one.json.nodes[0]).toMatchObject({
      instanceId: 'i-0000000000000aaaa',
      platformType: 'MacOS',
      source: 'control',
    });
    expect((await call('POST', '/_emulator/nodes', { id: 'i-0000000000000aaaa' })).status).toBe(409);
    const group = await call('POST', '/_emulator/nodes', {
      namePrefix: 'ci',
      count: 3,
      os: 'windows-server-2019',
    });
    expect(group.json.created).toBe(3);
    const windows = await server
      .client()
      .send(
        new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }] }),
      );
    expect(windows.InstanceInformationList).toHaveLength(4);
  });

  it('PATCH sets and removes tags, faults and the online state', async () => {
    const r = await call('PATCH', '/_emulator/nodes/i-0fedcba9876543210', {
      tags: { Owner: 'me', Role: null },
      faults: { latencySeconds: 3, failureProbability: 0.5 },
    });
    expect(r.status).toBe(200);
    expect(r.json.tags).toEqual({ Environment: 'Development', Name: 'dev-1', Owner: 'me' });
    expect(r.json.faults).toEqual({
      offline: false,
      latencySeconds: 3,
      failureProbability: 0.5,
      hang: false,
    });
    const off = await call('PATCH', '/_emulator/nodes/i-0fedcba9876543210', { online: false });
    expect(off.json.faults.offline).toBe(true);
    expect(
      (await call('PATCH', '/_emulator/nodes/i-0fedcba9876543210', { faults: { failureProbability: 2 } }))
        .status,
    ).toBe(400);
    expect((await call('PATCH', '/_emulator/nodes/i-00000000000000000', { online: true })).status).toBe(404);
  });

  it('DELETE removes a node; reset brings the starting nodes back', async () => {
    expect((await call('DELETE', '/_emulator/nodes/i-0123456789abcdef0')).json).toEqual({
      deleted: 'i-0123456789abcdef0',
    });
    expect((await call('DELETE', '/_emulator/nodes/i-0123456789abcdef0')).status).toBe(404);
    await call('POST', '/_emulator/reset', {});
    const r = await call('GET', '/_emulator/nodes');
    expect(r.json.nodes.map((n: any) => n.instanceId)).toContain('i-0123456789abcdef0');
    expect(r.json.nodes).toHaveLength(5);
  });
});
