// AWS-RunPatchBaseline on the demo fleet (issue 14's acceptance): the node's agent scans its packages under the
// baseline of its patch group, installs what is missing, reboots on the emulator clock, and the states it
// reports are what DescribeInstancePatchStates and DescribeInstancePatches serve.
import {
  DeregisterPatchBaselineForPatchGroupCommand,
  DescribeInstancePatchesCommand,
  DescribeInstancePatchStatesCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import {
  DB,
  DEV,
  GROUP,
  NOW,
  RHEL,
  WEB,
  WIN,
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
    expect(inv.StandardOutputContent).toContain('Reboot is required with patching exit code 0');
    // The reboot took the emulator clock's REBOOT_SECONDS: the last ping is the agent's return.
    expect(Date.parse(up.json.lastPingTime)).toBeGreaterThanOrEqual(Date.parse(NOW) + 60_000);
    expect(await patches(WEB, ['Missing'])).toEqual([]);
  });

  it('two baselines that differ only in ApproveAfterDays (0 and 360) give different missing counts', async () => {
    await tagPatchGroup(server, ssm, WEB);
    const fresh = await guideBaseline(ssm, 0, 'AL2023-Security-0');
    const aged = await guideBaseline(ssm, 360, 'AL2023-Security-360');
    const missing = async (baselineId: string) => {
      await registerForGroup(ssm, baselineId);
      await waitInvocation(server, ssm, await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] }), WEB);
      await ssm.send(
        new DeregisterPatchBaselineForPatchGroupCommand({ BaselineId: baselineId, PatchGroup: GROUP }),
      );
      const s = await state(WEB);
      expect(s.BaselineId).toBe(baselineId);
      return s.MissingCount!;
    };
    const zero = await missing(fresh);
    const year = await missing(aged);
    expect(zero).toBeGreaterThan(0);
    expect(year).toBeLessThan(zero);
  });

  it('a node in no patch group uses its OS default (the PatchGroup tag works as Patch Group does)', async () => {
    const id = await runPatchBaseline(ssm, [DB], { Operation: ['Scan'] });
    expect((await waitInvocation(server, ssm, id, DB)).Status).toBe('Success');
    const s = await state(DB);
    expect(s.PatchGroup).toBe('');
    expect(s.BaselineId).toMatch(/^arn:aws:ssm:us-east-1:075727635805:patchbaseline\/pb-/);
    await tagPatchGroup(server, ssm, DB, 'db-servers', 'PatchGroup');
    await waitInvocation(server, ssm, await runPatchBaseline(ssm, [DB], { Operation: ['Scan'] }), DB);
    expect((await state(DB)).PatchGroup).toBe('db-servers');
  });

  it('Windows: the summary of the PowerShell module, and KB updates installed with a reboot (exit 3010)', async () => {
    const scan = await waitInvocation(
      server,
      ssm,
      await runPatchBaseline(ssm, [WIN], { Operation: ['Scan'] }),
      WIN,
    );
    expect(scan.Status).toBe('Success');
    expect(scan.StandardOutputContent).toContain('Patch Summary for WIN-APP-1');
    expect(scan.StandardOutputContent).toMatch(/OperationType\s+: Scan/);
    const before = await state(WIN);
    expect(before.MissingCount).toBeGreaterThan(0);
    for (const p of await patches(WIN, ['Missing'])) expect(p.KBId).toMatch(/^KB\d+$/);
    const id = await runPatchBaseline(ssm, [WIN], { Operation: ['Install'] });
    const inv = await waitInvocation(server, ssm, id, WIN, 30);
    expect(inv.Status).toBe('Success');
    expect(inv.ResponseCode).toBe(0);
    expect((await state(WIN)).MissingCount).toBe(0);
  });

  it('Ubuntu and RHEL nodes scan against their own repositories', async () => {
    const ids = [DEV, RHEL];
    const id = await runPatchBaseline(ssm, ids, { Operation: ['Scan'] });
    for (const n of ids) expect((await waitInvocation(server, ssm, id, n)).Status).toBe('Success');
    const titles = (await patches(DEV)).map((p) => p.Title);
    expect(titles.some((t) => t!.startsWith('apache2.amd64:'))).toBe(true);
    const rhel = await patches(RHEL, ['Installed', 'Missing']);
    expect(rhel.some((p) => /\.el9/.test(p.Title!))).toBe(true);
  });
});
