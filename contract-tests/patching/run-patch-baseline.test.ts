// AWS-RunPatchBaseline on the demo fleet (issue 14's acceptance): the node's agent scans its packages under the
// baseline of its patch group, installs what is missing, reboots on the emulator clock, and the states it
// reports are what DescribeInstancePatchStates and DescribeInstancePatches serve.
import {
  DescribeInstancePatchesCommand,
  DescribeInstancePatchStatesCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import {
  GROUP,
  WEB,
  freshAtNow,
  guideBaseline,
  registerForGroup,
  runPatchBaseline,
  tagPatchGroup,
  waitInvocation,
} from './helpers.js';

let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(() => freshAtNow(server));

async function state(instanceId: string) {
  const r = await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [instanceId] }));
  return r.InstancePatchStates![0];
}

async function patches(instanceId: string, states?: string[]) {
  const r = await ssm.send(
    new DescribeInstancePatchesCommand({
      InstanceId: instanceId,
      Filters: states ? [{ Key: 'State', Values: states }] : undefined,
      MaxResults: 100,
    }),
  );
  return r.Patches!;
}

describe('AWS-RunPatchBaseline on the demo fleet', () => {
  it("Scan with the patch group's baseline: only Critical/Important security updates are missing", async () => {
    await tagPatchGroup(server, ssm, WEB);
    const baselineId = await guideBaseline(ssm);
    await registerForGroup(ssm, baselineId);
    const id = await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] });
    const inv = await waitInvocation(server, ssm, id, WEB);
    expect(inv.Status).toBe('Success');
    expect(inv.StandardOutputContent).toContain('Reboot is not permitted for scan operation');
    const s = await state(WEB);
    expect(s).toMatchObject({ BaselineId: baselineId, PatchGroup: GROUP, Operation: 'Scan' });
    expect(s.MissingCount).toBeGreaterThan(0);
    const missing = await patches(WEB, ['Missing']);
    expect(missing).toHaveLength(s.MissingCount!);
    for (const p of missing) {
      expect(p.Classification).toBe('Security');
      expect(['Critical', 'Important']).toContain(p.Severity);
    }
  });

  it('Install with RebootIfNeeded: nothing missing afterwards, more installed, and the node rebooted', async () => {
    await tagPatchGroup(server, ssm, WEB);
    await registerForGroup(ssm, await guideBaseline(ssm));
    await waitInvocation(server, ssm, await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] }), WEB);
    const before = await state(WEB);
    const id = await runPatchBaseline(ssm, [WEB], {
      Operation: ['Install'],
      RebootOption: ['RebootIfNeeded'],
    });
    // The node goes down for the reboot: its agent is not connected until the clock passes the reboot.
    await new Promise((r) => setTimeout(r, 50));
    const down = await server.control('GET', `/_emulator/nodes/${WEB}`);
    expect(down.json.connected).toBe(false);
    const inv = await waitInvocation(server, ssm, id, WEB, 30);
    expect(inv.Status).toBe('Success');
    const up = await server.control('GET', `/_emulator/nodes/${WEB}`);
    expect(up.json.connected).toBe(true);
    const after = await state(WEB);
    expect(after.Operation).toBe('Install');
    expect(after.RebootOption).toBe('RebootIfNeeded');
    expect(after.MissingCount).toBe(0);
    expect(after.InstalledCount).toBeGreaterThan(before.InstalledCount!);
    console.log(inv.StandardOutputContent);
  });
});
