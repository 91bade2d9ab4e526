// DescribeAvailablePatches, DescribePatchProperties and DescribeEffectivePatchesForPatchBaseline read the
// simulated catalogs at the emulator's date.
import {
  CreatePatchBaselineCommand,
  DescribeAvailablePatchesCommand,
  DescribeEffectivePatchesForPatchBaselineCommand,
  DescribePatchPropertiesCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkError, startServer, type TestServer } from '../helpers/server.js';

const WINDOWS_DEFAULT = 'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-09ca3fb51f0412ec3';

let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
  await server.control('POST', '/_emulator/clock', { set: '2026-12-04T00:00:00Z' });
});

describe('DescribeAvailablePatches', () => {
  it('serialization: Windows updates without filters, with epoch release dates and KB members', async () => {
    const r = await server.raw('AmazonSSM.DescribeAvailablePatches', JSON.stringify({ MaxResults: 2 }));
    expect(r.status).toBe(200);
    expect(r.json.Patches).toHaveLength(2);
    const p = r.json.Patches[0];
    expect(Object.keys(p).sort()).toEqual(
      [
        'Classification',
        'ContentUrl',
        'Id',
        'KbNumber',
        'Language',
        'MsrcSeverity',
        'Product',
        'ProductFamily',
        'ReleaseDate',
        'Title',
        'Vendor',
      ].sort(),
    );
    expect(typeof p.ReleaseDate).toBe('number');
    expect(p.Vendor).toBe('Microsoft');
    expect(typeof r.json.NextToken).toBe('string');
  });

  it('filters Linux patches by PRODUCT and the other keys (CVE, severity, name)', async () => {
    const first = await ssm.send(
      new DescribeAvailablePatchesCommand({
        Filters: [
          { Key: 'PRODUCT', Values: ['AmazonLinux2023'] },
          { Key: 'SEVERITY', Values: ['Critical'] },
          { Key: 'NAME', Values: ['kernel'] },
        ],
        MaxResults: 5,
      }),
    );
    expect(first.Patches!.length).toBeGreaterThan(0);
    for (const p of first.Patches!) {
      expect(p).toMatchObject({
        Product: 'AmazonLinux2023',
        Severity: 'Critical',
        Name: 'kernel',
        Classification: 'Security',
      });
      expect(p.AdvisoryIds![0]).toMatch(/^ALAS2023-/);
      expect(p.ReleaseDate!.getTime()).toBeLessThanOrEqual(Date.parse('2026-12-04T00:00:00Z'));
    }
    const cve = first.Patches![0].CVEIds![0];
    const byCve = await ssm.send(
      new DescribeAvailablePatchesCommand({
        Filters: [
          { Key: 'PRODUCT', Values: ['AmazonLinux2023'] },
          { Key: 'CVE_ID', Values: [cve] },
        ],
      }),
    );
    expect(byCve.Patches!.map((p) => p.CVEIds).every((ids) => ids!.includes(cve))).toBe(true);
    // Without PRODUCT, Linux keys match nothing, as AWS documents.
    const noProduct = await ssm.send(
      new DescribeAvailablePatchesCommand({ Filters: [{ Key: 'CVE_ID', Values: [cve] }] }),
    );
    expect(noProduct.Patches).toEqual([]);
  });

  it('shows only what is published by the emulator date, and more as the clock advances', async () => {
    const count = async () => {
      let n = 0;
      let NextToken: string | undefined;
      do {
        const r = await ssm.send(
          new DescribeAvailablePatchesCommand({
            Filters: [{ Key: 'PRODUCT', Values: ['AmazonLinux2023'] }],
            MaxResults: 100,
            NextToken,
          }),
        );
        n += r.Patches!.length;
        NextToken = r.NextToken;
      } while (NextToken);
      return n;
    };
    const now = await count();
    expect(now).toBeGreaterThan(1500);
    await server.control('POST', '/_emulator/clock', { advance: 30 * 86400 });
    expect(await count()).toBeGreaterThan(now + 20);
  });

  it('omits release dates on Ubuntu (no reliable dates in APT repositories) and reports Priority/Section keys', async () => {
    const r = await ssm.send(
      new DescribeAvailablePatchesCommand({
        Filters: [
          { Key: 'PRODUCT', Values: ['Ubuntu22.04'] },
          { Key: 'NAME', Values: ['apache2'] },
        ],
      }),
    );
    expect(r.Patches!.length).toBeGreaterThan(0);
    expect(r.Patches![0]).toMatchObject({ Name: 'apache2', Product: 'Ubuntu22.04', Arch: 'amd64' });
    expect(r.Patches![0].ReleaseDate).toBeUndefined();
  });

  it('InvalidNextToken for a token it did not make', async () => {
    const err = await sdkError(() => ssm.send(new DescribeAvailablePatchesCommand({ NextToken: 'nope' })));
    expect([err.name, err.message]).toEqual(['InvalidNextToken', 'The specified token is not valid.']);
  });
});

describe('DescribePatchProperties', () => {
  it('lists the values baselines accept per OS and property, with PatchSet on Windows', async () => {
    const props = async (OperatingSystem: string, Property: string, PatchSet?: string) =>
      (
        await ssm.send(
          new DescribePatchPropertiesCommand({
            OperatingSystem: OperatingSystem as never,
            Property: Property as never,
            PatchSet: PatchSet as never,
          }),
        )
      ).Properties;
    expect(await props('AMAZON_LINUX_2023', 'CLASSIFICATION')).toEqual(
      ['Security', 'Bugfix', 'Enhancement', 'Recommended', 'Newpackage'].map((Name) => ({ Name })),
    );
    expect(await props('AMAZON_LINUX_2023', 'PRODUCT')).toEqual([{ Name: 'AmazonLinux2023' }]);
    expect(await props('UBUNTU', 'PRIORITY')).toEqual(
      ['Required', 'Important', 'Standard', 'Optional', 'Extra'].map((Name) => ({ Name })),
    );
    expect(await props('AMAZON_LINUX_2023', 'MSRC_SEVERITY')).toEqual([]);
    expect(await props('WINDOWS', 'PRODUCT')).toContainEqual({
      Name: 'WindowsServer2022',
      ProductFamily: 'Windows',
    });
    expect(await props('WINDOWS', 'PRODUCT', 'APPLICATION')).toContainEqual({
      Name: 'Office 2016',
      ProductFamily: 'Office',
    });
  });

  it('pages with MaxResults (1..50) and validates it', async () => {
    const p1 = await ssm.send(
      new DescribePatchPropertiesCommand({
        OperatingSystem: 'WINDOWS',
        Property: 'CLASSIFICATION',
        MaxResults: 4,
      }),
    );
    expect(p1.Properties).toHaveLength(4);
    const rest: string[] = [];
    let NextToken = p1.NextToken;
    while (NextToken) {
      const p = await ssm.send(
        new DescribePatchPropertiesCommand({
          OperatingSystem: 'WINDOWS',
          Property: 'CLASSIFICATION',
          MaxResults: 4,
          NextToken,
        }),
      );
      rest.push(...p.Properties!.map((x) => x.Name!));
      NextToken = p.NextToken;
    }
    expect(rest).toHaveLength(6);
    const err = await sdkError(() =>
      ssm.send(
        new DescribePatchPropertiesCommand({
          OperatingSystem: 'WINDOWS',
          Property: 'PRODUCT',
          MaxResults: 51,
        }),
      ),
    );
    expect(err.message).toBe(
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });
});

describe('DescribeEffectivePatchesForPatchBaseline', () => {
  it("lists the current Windows updates the baseline decides, with AWS's default: approved after seven days", async () => {
    const r = await ssm.send(
      new DescribeEffectivePatchesForPatchBaselineCommand({ BaselineId: WINDOWS_DEFAULT, MaxResults: 100 }),
    );
    expect(r.EffectivePatches!.length).toBeGreaterThan(0);
    const now = Date.parse('2026-12-04T00:00:00Z');
    for (const e of r.EffectivePatches!) {
      expect(['SecurityUpdates', 'CriticalUpdates']).toContain(e.Patch!.Classification);
      const release = e.Patch!.ReleaseDate!.getTime();
      expect(e.PatchStatus!.ApprovalDate!.getTime()).toBe(release + 7 * 86400000);
      expect(e.PatchStatus!.DeploymentStatus).toBe(
        release + 7 * 86400000 <= now ? 'APPROVED' : 'PENDING_APPROVAL',
      );
    }
  });

  it('approves a new cumulative update seven days after Patch Tuesday as the emulator clock moves', async () => {
    // December 2026's Patch Tuesday is the 8th, 18:00 UTC.
    await server.control('POST', '/_emulator/clock', { set: '2026-12-09T00:00:00Z' });
    const status = async () =>
      (
        await ssm.send(
          new DescribeEffectivePatchesForPatchBaselineCommand({
            BaselineId: WINDOWS_DEFAULT,
            MaxResults: 100,
          }),
        )
      )
        .EffectivePatches!.filter((e) =>
          e.Patch!.Title!.startsWith(
            '2026-12 Cumulative Update for Microsoft server operating system version 21H2',
          ),
        )
        .map((e) => [e.PatchStatus!.DeploymentStatus, e.PatchStatus!.ApprovalDate!.toISOString()]);
    expect(await status()).toEqual([['PENDING_APPROVAL', '2026-12-15T18:00:00.000Z']]);
    await server.control('POST', '/_emulator/clock', { advance: 7 * 86400 });
    expect(await status()).toEqual([['APPROVED', '2026-12-15T18:00:00.000Z']]);
  });

  it('reports explicit approvals and rejections', async () => {
    const current = await ssm.send(
      new DescribeEffectivePatchesForPatchBaselineCommand({ BaselineId: WINDOWS_DEFAULT }),
    );
    const [approved, rejected] = current.EffectivePatches!.map((e) => e.Patch!.KbNumber!);
    const { BaselineId } = await ssm.send(
      new CreatePatchBaselineCommand({
        Name: 'explicit',
        ApprovedPatches: [approved, rejected],
        RejectedPatches: [rejected],
        ApprovedPatchesComplianceLevel: 'HIGH',
      }),
    );
    const r = await ssm.send(new DescribeEffectivePatchesForPatchBaselineCommand({ BaselineId }));
    expect(
      r.EffectivePatches!.map((e) => [
        e.Patch!.KbNumber,
        e.PatchStatus!.DeploymentStatus,
        e.PatchStatus!.ComplianceLevel,
      ]),
    ).toEqual([
      [approved, 'EXPLICIT_APPROVED', 'HIGH'],
      [rejected, 'EXPLICIT_REJECTED', 'UNSPECIFIED'],
    ]);
    expect(r.EffectivePatches![1].PatchStatus!.ApprovalDate).toBeUndefined();
  });

  it('UnsupportedOperatingSystem for a Linux baseline; DoesNotExistException for an unknown one', async () => {
    let err = await sdkError(() =>
      ssm.send(
        new DescribeEffectivePatchesForPatchBaselineCommand({
          BaselineId: 'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-05c9c9bf778d4c4d0',
        }),
      ),
    );
    expect([err.name, err.message]).toEqual([
      'UnsupportedOperatingSystem',
      "The operating systems you specified isn't supported, or the operation isn't supported for the operating system.",
    ]);
    err = await sdkError(() =>
      ssm.send(new DescribeEffectivePatchesForPatchBaselineCommand({ BaselineId: 'pb-0000000000000000a' })),
    );
    expect(err.name).toBe('DoesNotExistException');
  });
});
