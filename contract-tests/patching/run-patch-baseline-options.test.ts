// AWS-RunPatchBaseline's options and the fleet's faults: NoReboot (InstalledPendingReboot until a reboot),
// BaselineOverride and InstallOverrideList read from the local S3 layout, SnapshotId, a patch that fails to
// install, and a reboot that never comes back.
import {
  DescribeInstancePatchesCommand,
  DescribeInstancePatchStatesCommand,
  GetDeployablePatchSnapshotForInstanceCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { NOW, WEB, freshAtNow, runPatchBaseline, waitInvocation } from './helpers.js';

let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(() => freshAtNow(server));

const state = async (id: string) =>
  (await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [id] }))).InstancePatchStates![0];
const patches = async (id: string, states: string[]) =>
  (
    await ssm.send(
      new DescribeInstancePatchesCommand({
        InstanceId: id,
        Filters: [{ Key: 'State', Values: states }],
        MaxResults: 100,
      }),
    )
  ).Patches!;
const putS3 = (bucket: string, key: string, text: string) =>
  server.emulator.services.commands.outputs.writeS3(bucket, key, text);
const setFaults = (id: string, faults: Record<string, unknown>) =>
  server.control('PATCH' as 'POST', `/_emulator/nodes/${id}`, { faults });

describe('RebootOption NoReboot', () => {
  it('leaves installed patches InstalledPendingReboot and the node up; a later RebootIfNeeded Install reboots it', async () => {
    const id = await runPatchBaseline(ssm, [WEB], { Operation: ['Install'], RebootOption: ['NoReboot'] });
    const inv = await waitInvocation(server, ssm, id, WEB);
    expect(inv.Status).toBe('Success');
    expect(inv.StandardOutputContent).toContain('Reboot is not permitted because RebootOption is NoReboot');
    const s = await state(WEB);
    expect(s.RebootOption).toBe('NoReboot');
    expect(s.MissingCount).toBe(0);
    expect(s.InstalledPendingRebootCount).toBeGreaterThan(0);
    expect(s.LastNoRebootInstallOperationTime?.toISOString()).toBe(new Date(NOW).toISOString());
    expect((await patches(WEB, ['InstalledPendingReboot'])).length).toBe(s.InstalledPendingRebootCount);
    expect((await server.control('GET', `/_emulator/nodes/${WEB}`)).json.connected).toBe(true);

    // Nothing is missing, but patches wait for a reboot: RebootIfNeeded reboots (AWS-RunPatchBaseline, RebootOption).
    const again = await runPatchBaseline(ssm, [WEB], { Operation: ['Install'] });
    expect((await waitInvocation(server, ssm, again, WEB, 30)).Status).toBe('Success');
    const after = await state(WEB);
    expect(after.InstalledPendingRebootCount).toBe(0);
    expect(after.InstalledCount).toBeGreaterThanOrEqual(s.InstalledCount! + s.InstalledPendingRebootCount!);
    // A scan after the reboot: nothing pending, no NoReboot install since the reboot.
    await waitInvocation(server, ssm, await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] }), WEB);
    const scanned = await state(WEB);
    expect(scanned.InstalledPendingRebootCount).toBe(0);
    expect(scanned.LastNoRebootInstallOperationTime).toBeUndefined();
  });
});

describe('BaselineOverride and InstallOverrideList', () => {
  it('BaselineOverride: the JSON list in S3 replaces the baseline for the nodes of its operating system', async () => {
    putS3(
      'patch-config',
      'overrides/baselines.json',
      JSON.stringify([
        {
          OperatingSystem: 'AMAZON_LINUX_2023',
          ApprovalRules: {
            PatchRules: [
              {
                PatchFilterGroup: { PatchFilters: [{ Key: 'SEVERITY', Values: ['Critical'] }] },
                ApproveAfterDays: 0,
              },
            ],
          },
        },
      ]),
    );
    const id = await runPatchBaseline(ssm, [WEB], {
      Operation: ['Scan'],
      BaselineOverride: ['s3://patch-config/overrides/baselines.json'],
    });
    expect((await waitInvocation(server, ssm, id, WEB)).Status).toBe('Success');
    expect((await state(WEB)).BaselineId).toBe('BaselineOverride');
    for (const p of await patches(WEB, ['Missing'])) expect(p.Severity).toBe('Critical');
  });

  it("a BaselineOverride that cannot be downloaded fails the step with the module's error", async () => {
    const id = await runPatchBaseline(ssm, [WEB], {
      Operation: ['Scan'],
      BaselineOverride: ['s3://patch-config/none.json'],
    });
    const inv = await waitInvocation(server, ssm, id, WEB);
    expect(inv.Status).toBe('Failed');
    expect(inv.ResponseCode).toBe(156);
    expect(inv.StandardOutputContent).toContain(
      '[ERROR]: Unable to download file from S3: s3://patch-config/none.json.',
    );
    const list = await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [WEB] }));
    expect(list.InstancePatchStates).toEqual([]);
  });

  it('InstallOverrideList: only the listed packages are installed; the report still follows the baseline', async () => {
    await waitInvocation(server, ssm, await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] }), WEB);
    const missing = (await patches(WEB, ['Missing'])).map((p) => p.KBId!);
    expect(missing.length).toBeGreaterThan(1);
    putS3('patch-config', 'lists/one.yaml', `patches:\n  -\n    id: '${missing[0]}'\n`);
    const id = await runPatchBaseline(ssm, [WEB], {
      Operation: ['Install'],
      RebootOption: ['NoReboot'],
      InstallOverrideList: ['https://s3.us-east-1.amazonaws.com/patch-config/lists/one.yaml'],
    });
    expect((await waitInvocation(server, ssm, id, WEB)).Status).toBe('Success');
    const s = await state(WEB);
    expect(s.InstallOverrideList).toBe('https://s3.us-east-1.amazonaws.com/patch-config/lists/one.yaml');
    expect((await patches(WEB, ['Missing'])).map((p) => p.KBId)).toEqual(missing.slice(1));
    expect((await patches(WEB, ['InstalledPendingReboot'])).map((p) => p.KBId)).toEqual([missing[0]]);
  });

  it("SnapshotId: the snapshot the node used is GetDeployablePatchSnapshotForInstance's for the same id", async () => {
    const snapshotId = '5f2c1c0c-8a7e-4d4e-9b6a-2c3d4e5f6a7b';
    await waitInvocation(
      server,
      ssm,
      await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'], SnapshotId: [snapshotId] }),
      WEB,
    );
    expect((await state(WEB)).SnapshotId).toBe(snapshotId);
    const snap = await ssm.send(
      new GetDeployablePatchSnapshotForInstanceCommand({ InstanceId: WEB, SnapshotId: snapshotId }),
    );
    expect(snap.Product).toBe('AmazonLinux2023');
  });
});

describe('faults from the fleet file', () => {
  it('failPatches: the patch fails to install, is reported Failed, and the command fails', async () => {
    await waitInvocation(server, ssm, await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] }), WEB);
    const first = (await patches(WEB, ['Missing']))[0].KBId!;
    expect((await setFaults(WEB, { failPatches: [first.replace(/\.[^.]+$/, '*')] })).status).toBe(200);
    const id = await runPatchBaseline(ssm, [WEB], { Operation: ['Install'] });
    const inv = await waitInvocation(server, ssm, id, WEB, 30);
    expect(inv.Status).toBe('Failed');
    expect(inv.ResponseCode).toBe(1);
    const s = await state(WEB);
    expect(s.FailedCount).toBe(1);
    expect((await patches(WEB, ['Failed'])).map((p) => p.KBId)).toEqual([first]);
  });

  it('rebootHangs: the node never comes back, goes ConnectionLost, and the command times out', async () => {
    await setFaults(WEB, { rebootHangs: true });
    const id = await runPatchBaseline(ssm, [WEB], { Operation: ['Install'] });
    await new Promise((r) => setTimeout(r, 50));
    await server.control('POST', '/_emulator/clock', { advance: 11 * 60 });
    const node = (await server.control('GET', `/_emulator/nodes/${WEB}`)).json;
    expect(node).toMatchObject({ connected: false, pingStatus: 'ConnectionLost' });
    const inv = await waitInvocation(server, ssm, id, WEB, 3600);
    expect(inv.Status).toBe('TimedOut');
  });
});
