// The patch-state reads (DescribeInstancePatches, DescribeInstancePatchStates, ...ForPatchGroup,
// DescribePatchGroupState) over states computed by the engine and stored as AWS-RunPatchBaseline will store
// them, and GetDeployablePatchSnapshotForInstance.
import {
  CreatePatchBaselineCommand,
  DescribeInstancePatchesCommand,
  DescribeInstancePatchStatesCommand,
  DescribeInstancePatchStatesForPatchGroupCommand,
  DescribePatchGroupStateCommand,
  GetDeployablePatchSnapshotForInstanceCommand,
  RegisterPatchBaselineForPatchGroupCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogAt } from '../../src/patch-catalog/catalog.js';
import { computeNodePatchState } from '../../src/patch-catalog/compliance.js';
import { imagePackages } from '../../src/patch-catalog/node-platform.js';
import { awsDefaultFor } from '../../src/engine/patching/predefined.js';
import { patchStateRecords } from '../../src/engine/patching/report.js';
import type { OperatingSystem } from '../../src/model/generated/types.js';
import { sdkError, startServer, type TestServer } from '../helpers/server.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const NOW = Date.parse('2026-12-04T00:00:00Z');
const DAY = 86_400_000;
const WEB = 'i-0123456789abcdef0'; // demo: Amazon Linux 2023
const DB = 'i-0a1b2c3d4e5f60718'; // demo: Amazon Linux 2
const DEV = 'i-0fedcba9876543210'; // demo: Ubuntu, never scanned here
const WIN = 'i-0abcdef1234567890'; // demo: Windows Server 2022

let server: TestServer;
let ssm: SSMClient;

/** What AWS-RunPatchBaseline will record after a Scan: the engine's computation, stored. */
function scan(
  instanceId: string,
  os: OperatingSystem,
  product: string,
  patchGroup: string,
  imageAgeDays: number,
) {
  const catalog = catalogAt(os, NOW);
  const b = awsDefaultFor(os);
  const s = computeNodePatchState({
    baseline: b,
    catalog,
    product,
    installed: imagePackages(catalog, product, NOW - imageAgeDays * DAY),
    atMs: NOW,
  });
  const { state, patches } = patchStateRecords(
    {
      instanceId,
      patchGroup,
      baselineId: `arn:aws:ssm:${REGION}:075727635805:patchbaseline/${b.id}`,
      snapshotId: '6d03d6c5-f79d-41d0-8d0e-00a9a0000000',
      operation: 'Scan',
      startMs: NOW - 60_000,
      endMs: NOW - 57_000,
      rebootOption: 'NoReboot',
    },
    s,
  );
  server.emulator.services.store.patchStates.put(ACCOUNT, REGION, state, patches);
  return s;
}

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
  await server.control('POST', '/_emulator/clock', { set: '2026-12-04T00:00:00Z' });
});

describe('DescribeInstancePatchStates', () => {
  it('serialization: the stored summary with every count and epoch dates; unscanned nodes left out', async () => {
    const s = scan(WEB, 'AMAZON_LINUX_2023', 'AmazonLinux2023', 'web', 90);
    const r = await server.raw(
      'AmazonSSM.DescribeInstancePatchStates',
      JSON.stringify({ InstanceIds: [WEB, DEV] }),
    );
    expect(r.json.InstancePatchStates).toEqual([
      {
        InstanceId: WEB,
        PatchGroup: 'web',
        BaselineId: 'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-05c9c9bf778d4c4d0',
        SnapshotId: '6d03d6c5-f79d-41d0-8d0e-00a9a0000000',
        ...s.counts,
        OperationStartTime: (NOW - 60_000) / 1000,
        OperationEndTime: (NOW - 57_000) / 1000,
        Operation: 'Scan',
        RebootOption: 'NoReboot',
      },
    ]);
    expect(s.counts.MissingCount).toBeGreaterThan(0);
  });

  it('pages in the order asked (MaxResults 10..100)', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `i-${String(i).padStart(17, '0')}`);
    for (const id of ids) scan(id, 'AMAZON_LINUX_2', 'AmazonLinux2', 'fleet', 30);
    const p1 = await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: ids, MaxResults: 10 }));
    expect(p1.InstancePatchStates!.map((s) => s.InstanceId)).toEqual(ids.slice(0, 10));
    const p2 = await ssm.send(
      new DescribeInstancePatchStatesCommand({ InstanceIds: ids, MaxResults: 10, NextToken: p1.NextToken }),
    );
    expect(p2.InstancePatchStates!.map((s) => s.InstanceId)).toEqual(ids.slice(10));
    expect(p2.NextToken).toBeUndefined();
    const err = await sdkError(() =>
      ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: ids, MaxResults: 9 })),
    );
    expect(err.message).toBe(
      "1 validation error detected: Value '9' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 10",
    );
  });
});

describe('DescribeInstancePatches', () => {
  it('lists the patches of a scanned node with AWS state names, filters them and pages', async () => {
    const s = scan(WEB, 'AMAZON_LINUX_2023', 'AmazonLinux2023', 'web', 90);
    const all = await ssm.send(new DescribeInstancePatchesCommand({ InstanceId: WEB, MaxResults: 100 }));
    expect(all.Patches).toHaveLength(s.patches.length);
    const missing = await ssm.send(
      new DescribeInstancePatchesCommand({
        InstanceId: WEB,
        Filters: [{ Key: 'State', Values: ['Missing'] }],
        MaxResults: 100,
      }),
    );
    expect(missing.Patches).toHaveLength(s.counts.MissingCount);
    const m = missing.Patches![0];
    expect(m.State).toBe('Missing');
    expect(m.KBId).toMatch(/\.x86_64$/);
    expect(m.Title).toMatch(/^[\w.+-]+\.x86_64:0:/);
    expect(m.InstalledTime!.getTime()).toBe(0);
    // The model's enum spelling selects the same rows.
    const enumStyle = await ssm.send(
      new DescribeInstancePatchesCommand({
        InstanceId: WEB,
        Filters: [{ Key: 'State', Values: ['MISSING'] }],
        MaxResults: 100,
      }),
    );
    expect(enumStyle.Patches).toEqual(missing.Patches);
    const one = await ssm.send(
      new DescribeInstancePatchesCommand({ InstanceId: WEB, Filters: [{ Key: 'KBId', Values: [m.KBId!] }] }),
    );
    expect(one.Patches).toEqual([m]);
    const p1 = await ssm.send(new DescribeInstancePatchesCommand({ InstanceId: WEB, MaxResults: 10 }));
    const p2 = await ssm.send(
      new DescribeInstancePatchesCommand({ InstanceId: WEB, MaxResults: 10, NextToken: p1.NextToken }),
    );
    expect([...p1.Patches!, ...p2.Patches!]).toEqual(all.Patches!.slice(0, 20));
  });

  it('answers an empty list for a node never scanned; InvalidInstanceId for no managed node; InvalidFilter', async () => {
    expect((await ssm.send(new DescribeInstancePatchesCommand({ InstanceId: DEV }))).Patches).toEqual([]);
    let err = await sdkError(() =>
      ssm.send(new DescribeInstancePatchesCommand({ InstanceId: 'i-00000000000000001' })),
    );
    expect(err.name).toBe('InvalidInstanceId');
    err = await sdkError(() =>
      ssm.send(
        new DescribeInstancePatchesCommand({ InstanceId: DEV, Filters: [{ Key: 'Title', Values: ['x'] }] }),
      ),
    );
    expect([err.name, err.message]).toEqual(['InvalidFilter', 'The filter key Title is not valid.']);
  });
});

describe('patch group summaries', () => {
  it('DescribeInstancePatchStatesForPatchGroup filters on counts; DescribePatchGroupState aggregates', async () => {
    const web = scan(WEB, 'AMAZON_LINUX_2023', 'AmazonLinux2023', 'prod', 90);
    const db = scan(DB, 'AMAZON_LINUX_2', 'AmazonLinux2', 'prod', 0); // a fresh image: nothing missing
    scan(WIN, 'WINDOWS', 'WindowsServer2022', 'other', 90);
    expect(db.counts.MissingCount).toBe(0);
    const list = async (
      Filters?: { Key: string; Values: string[]; Type: 'Equal' | 'NotEqual' | 'LessThan' | 'GreaterThan' }[],
    ) =>
      (
        await ssm.send(new DescribeInstancePatchStatesForPatchGroupCommand({ PatchGroup: 'prod', Filters }))
      ).InstancePatchStates!.map((s) => s.InstanceId);
    expect(await list()).toEqual([WEB, DB].sort());
    expect(await list([{ Key: 'MissingCount', Type: 'GreaterThan', Values: ['0'] }])).toEqual([WEB]);
    expect(await list([{ Key: 'MissingCount', Type: 'Equal', Values: ['0'] }])).toEqual([DB]);
    expect(
      await list([{ Key: 'InstalledCount', Type: 'LessThan', Values: [String(web.counts.InstalledCount)] }]),
    ).toEqual([DB].filter(() => db.counts.InstalledCount < web.counts.InstalledCount));
    let err = await sdkError(() => list([{ Key: 'Bogus', Type: 'Equal', Values: ['1'] }]));
    expect([err.name, err.message]).toEqual(['InvalidFilter', 'The filter key Bogus is not valid.']);
    err = await sdkError(() => list([{ Key: 'MissingCount', Type: 'Equal', Values: ['-1'] }]));
    expect([err.name, err.message]).toEqual([
      'InvalidFilter',
      'The filter value -1 is not valid. Values must be integers greater than or equal to 0.',
    ]);
    const state = await ssm.send(new DescribePatchGroupStateCommand({ PatchGroup: 'prod' }));
    expect(state).toMatchObject({
      Instances: 2,
      InstancesWithMissingPatches: 1,
      InstancesWithInstalledPatches: [web, db].filter((s) => s.counts.InstalledCount > 0).length,
      InstancesWithFailedPatches: 0,
      InstancesWithSecurityNonCompliantPatches: 1,
    });
    const empty = await server.raw(
      'AmazonSSM.DescribePatchGroupState',
      JSON.stringify({ PatchGroup: 'nobody' }),
    );
    expect(empty.json.Instances).toBe(0);
    expect(empty.json.InstancesWithMissingPatches).toBe(0);
  });
});

describe('GetDeployablePatchSnapshotForInstance', () => {
  const SNAPSHOT = '521c3536-930c-4aa9-950e-01234567abcd';

  it("returns the node's product and a snapshot URL; stores the baseline of its patch group, else the default", async () => {
    const r = await ssm.send(
      new GetDeployablePatchSnapshotForInstanceCommand({ InstanceId: WEB, SnapshotId: SNAPSHOT }),
    );
    expect(r).toMatchObject({ InstanceId: WEB, SnapshotId: SNAPSHOT, Product: 'AmazonLinux2023' });
    expect(r.SnapshotDownloadUrl).toMatch(
      new RegExp(
        `^https://patch-baseline-snapshot-us-east-1\\.s3\\.amazonaws\\.com/[0-9a-f]{64}-${ACCOUNT}/AMAZON_LINUX_2023-${SNAPSHOT}$`,
      ),
    );
    const repo = server.emulator.services.store.patchBaselines;
    expect(repo.snapshot<{ BaselineId: string }>(ACCOUNT, REGION, SNAPSHOT)?.BaselineId).toBe(
      'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-05c9c9bf778d4c4d0',
    );
    const { BaselineId } = await ssm.send(
      new CreatePatchBaselineCommand({ Name: 'web-servers', OperatingSystem: 'AMAZON_LINUX_2023' }),
    );
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId, PatchGroup: 'web-servers' }));
    server.emulator.services.store.nodes.tags.put(ACCOUNT, REGION, WEB, { 'Patch Group': 'web-servers' });
    await ssm.send(
      new GetDeployablePatchSnapshotForInstanceCommand({ InstanceId: WEB, SnapshotId: SNAPSHOT }),
    );
    expect(
      repo.snapshot<{ BaselineId: string; PatchGroup: string }>(ACCOUNT, REGION, SNAPSHOT),
    ).toMatchObject({
      BaselineId,
      PatchGroup: 'web-servers',
    });
  });

  it('takes a BaselineOverride, validated like a baseline', async () => {
    const override = {
      OperatingSystem: 'WINDOWS' as const,
      ApprovedPatches: ['KB5041054'],
      ApprovalRules: {
        PatchRules: [
          {
            PatchFilterGroup: { PatchFilters: [{ Key: 'PRODUCT' as const, Values: ['*'] }] },
            ApproveAfterDays: 0,
          },
        ],
      },
    };
    const r = await ssm.send(
      new GetDeployablePatchSnapshotForInstanceCommand({
        InstanceId: WIN,
        SnapshotId: SNAPSHOT,
        BaselineOverride: override,
      }),
    );
    expect(r.Product).toBe('WindowsServer2022');
    const err = await sdkError(() =>
      ssm.send(
        new GetDeployablePatchSnapshotForInstanceCommand({
          InstanceId: WIN,
          SnapshotId: SNAPSHOT,
          BaselineOverride: { ...override, ApprovedPatches: ['nginx'] },
        }),
      ),
    );
    expect([err.name, err.message]).toEqual([
      'ValidationException',
      'Invalid ApprovedPatches for operating system WINDOWS: nginx',
    ]);
  });

  it('UnsupportedFeatureRequiredException: Microsoft application patching on a standard-tier hybrid node', async () => {
    const node = await server.control('POST', '/_emulator/nodes', {
      id: 'mi-0123456789abcdef0',
      os: 'windows-server-2022',
    });
    expect(node.status).toBe(201);
    const err = await sdkError(() =>
      ssm.send(
        new GetDeployablePatchSnapshotForInstanceCommand({
          InstanceId: 'mi-0123456789abcdef0',
          SnapshotId: SNAPSHOT,
          BaselineOverride: {
            OperatingSystem: 'WINDOWS',
            ApprovalRules: {
              PatchRules: [
                {
                  PatchFilterGroup: { PatchFilters: [{ Key: 'PATCH_SET', Values: ['APPLICATION'] }] },
                  ApproveAfterDays: 7,
                },
              ],
            },
          },
        }),
      ),
    );
    expect(err.name).toBe('UnsupportedFeatureRequiredException');
    expect(err.message).toMatch(
      /^Patching for applications released by Microsoft is only available on EC2 instances and advanced instances\./,
    );
  });

  it('InvalidInstanceId for an unknown node', async () => {
    const err = await sdkError(() =>
      ssm.send(
        new GetDeployablePatchSnapshotForInstanceCommand({
          InstanceId: 'i-00000000000000001',
          SnapshotId: SNAPSHOT,
        }),
      ),
    );
    expect(err.name).toBe('InvalidInstanceId');
  });
});
