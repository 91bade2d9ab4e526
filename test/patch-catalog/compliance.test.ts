// A node's patch states and counts under a baseline at a date.
import { describe, expect, it } from 'vitest';
import { catalogAt } from '../../src/patch-catalog/catalog.js';
import type { Catalog } from '../../src/patch-catalog/catalog-types.js';
import { computeNodePatchState, type NodePatchInput } from '../../src/patch-catalog/compliance.js';
import { imagePackages } from '../../src/patch-catalog/node-platform.js';
import { DAY, T0, alPatch, baseline, rule, winPatch } from './helpers.js';

const AL_CATALOG: Catalog = {
  os: 'AMAZON_LINUX_2023',
  packages: [],
  patches: [
    alPatch('openssl-libs', '3.0.8', '1.amzn2023.0.2', { releaseMs: T0 - 30 * DAY }),
    alPatch('nginx', '1.24.0', '1.amzn2023.0.1', { releaseMs: T0 - 20 * DAY, cveIds: ['CVE-2026-2000'] }),
    alPatch('httpd', '2.4.57', '1.amzn2023.0.1', { releaseMs: T0 - 20 * DAY }),
    alPatch('tzdata', '2024a', '1.amzn2023.0.1', {
      releaseMs: T0 - 10 * DAY,
      security: false,
      classification: 'Enhancement',
      severity: 'None',
    }),
    alPatch('openssl-libs', '3.0.8', '1.amzn2023.0.3', { releaseMs: T0 - 2 * DAY, severity: 'Critical' }),
  ],
};
const INSTALLED = [
  { name: 'openssl-libs', version: '3.0.8-1.amzn2023.0.1', installedMs: T0 - 100 * DAY },
  { name: 'nginx', version: '1.24.0', installedMs: T0 - 5 * DAY },
  { name: 'tzdata', version: '2023c-1.amzn2023.0.1', installedMs: T0 - 100 * DAY },
  { name: 'custom-tool', version: '1.0-1', installedMs: T0 - 100 * DAY },
];
const SECURITY_7_CRITICAL = baseline({
  OperatingSystem: 'AMAZON_LINUX_2023',
  ApprovalRules: {
    PatchRules: [
      rule({ CLASSIFICATION: ['Security'] }, { ApproveAfterDays: 7, ComplianceLevel: 'CRITICAL' }),
    ],
  },
});

const linux = (extra: Partial<NodePatchInput> = {}) =>
  computeNodePatchState({
    baseline: SECURITY_7_CRITICAL,
    catalog: AL_CATALOG,
    product: 'AmazonLinux2023',
    installed: INSTALLED,
    atMs: T0,
    ...extra,
  });

describe('Linux nodes: one row per package', () => {
  it('reports Installed, InstalledOther, Missing and NotApplicable with every count', () => {
    const s = linux();
    expect(s.patches.map((p) => [p.kbId, p.state, p.title])).toEqual([
      ['openssl-libs.x86_64', 'Missing', 'openssl-libs.x86_64:0:3.0.8-1.amzn2023.0.2'],
      ['nginx.x86_64', 'Installed', 'nginx.x86_64:0:1.24.0'],
      ['httpd.x86_64', 'NotApplicable', 'httpd.x86_64:0:2.4.57-1.amzn2023.0.1'],
      ['tzdata.x86_64', 'InstalledOther', 'tzdata.x86_64:0:2023c-1.amzn2023.0.1'],
      ['custom-tool', 'InstalledOther', 'custom-tool:0:1.0-1'],
    ]);
    expect(s.patches[0]).toMatchObject({
      classification: 'Security',
      severity: 'Important',
      installedMs: 0,
      complianceLevel: 'CRITICAL',
    });
    expect(s.patches[1]).toMatchObject({ installedMs: T0 - 5 * DAY, cveIds: ['CVE-2026-2000'] });
    expect(s.counts).toEqual({
      InstalledCount: 1,
      InstalledOtherCount: 2,
      InstalledPendingRebootCount: 0,
      InstalledRejectedCount: 0,
      MissingCount: 1,
      FailedCount: 0,
      NotApplicableCount: 1,
      UnreportedNotApplicableCount: 0,
      AvailableSecurityUpdateCount: 0,
      CriticalNonCompliantCount: 1,
      SecurityNonCompliantCount: 1,
      OtherNonCompliantCount: 0,
    });
  });

  it('moves the target as the clock passes an approval delay (the Critical update of two days ago, after 5 more)', () => {
    expect(linux({ atMs: T0 + 5 * DAY - 1 }).patches[0].title).toBe(
      'openssl-libs.x86_64:0:3.0.8-1.amzn2023.0.2',
    );
    const later = linux({ atMs: T0 + 5 * DAY }).patches[0];
    expect(later).toMatchObject({
      title: 'openssl-libs.x86_64:0:3.0.8-1.amzn2023.0.3',
      severity: 'Critical',
      state: 'Missing',
    });
  });

  it('reports Failed and InstalledPendingReboot for what the last Install left so', () => {
    const s = linux({ failed: ['openssl-libs.x86_64'], pendingReboot: ['nginx.x86_64'] });
    expect(s.patches.slice(0, 2).map((p) => p.state)).toEqual(['Failed', 'InstalledPendingReboot']);
    expect(s.counts).toMatchObject({
      FailedCount: 1,
      InstalledPendingRebootCount: 1,
      MissingCount: 0,
      InstalledCount: 0,
    });
    expect(s.counts).toMatchObject({ CriticalNonCompliantCount: 2, SecurityNonCompliantCount: 2 });
  });

  it('reports an installed rejected version InstalledRejected with BLOCK, InstalledOther with ALLOW_AS_DEPENDENCY', () => {
    const rejected = (action: 'BLOCK' | 'ALLOW_AS_DEPENDENCY') =>
      linux({
        baseline: {
          ...SECURITY_7_CRITICAL,
          rejectedPatches: ['nginx-1.24.0-1.amzn2023.0.1.x86_64'],
          rejectedPatchesAction: action,
        },
      }).patches[1].state;
    expect(rejected('BLOCK')).toBe('InstalledRejected');
    expect(rejected('ALLOW_AS_DEPENDENCY')).toBe('InstalledOther');
  });
});

describe('Windows nodes: one row per update, superseded updates replaced', () => {
  const catalog: Catalog = {
    os: 'WINDOWS',
    packages: [],
    patches: [
      winPatch('KB5000001', { series: 'cu', releaseMs: T0 - 40 * DAY }),
      winPatch('KB5000010', { series: 'net', releaseMs: T0 - 20 * DAY, msrcSeverity: 'Important' }),
      winPatch('KB5000020', { series: 'cu2019', products: ['WindowsServer2019'], releaseMs: T0 - 20 * DAY }),
      winPatch('KB5000030', {
        series: 'office',
        patchSet: 'APPLICATION',
        products: ['Office 2016'],
        releaseMs: T0 - 20 * DAY,
      }),
      winPatch('KB5000002', { series: 'cu', releaseMs: T0 - 3 * DAY }),
    ],
  };
  const WINDOWS_DEFAULT = baseline({
    ApprovalRules: {
      PatchRules: [
        rule(
          {
            CLASSIFICATION: ['CriticalUpdates', 'SecurityUpdates'],
            MSRC_SEVERITY: ['Critical', 'Important'],
          },
          { ApproveAfterDays: 7 },
        ),
      ],
    },
  });
  const windows = (b = WINDOWS_DEFAULT) =>
    computeNodePatchState({
      baseline: b,
      catalog,
      product: 'WindowsServer2022',
      installed: [
        { name: 'KB5000001', version: '', installedMs: T0 - 30 * DAY },
        { name: 'KB5000010', version: '', installedMs: T0 - 10 * DAY },
      ],
      atMs: T0,
    });

  it('reports Installed, NotApplicable and the superseded update as InstalledOther with its KB only', () => {
    const s = windows();
    expect(s.patches.map((p) => [p.kbId, p.state])).toEqual([
      ['KB5000010', 'Installed'],
      ['KB5000020', 'NotApplicable'],
      ['KB5000001', 'InstalledOther'],
    ]);
    expect(s.patches[2]).toMatchObject({ title: '', classification: '', severity: '' });
    expect(s.counts).toMatchObject({
      InstalledCount: 1,
      InstalledOtherCount: 1,
      NotApplicableCount: 1,
      MissingCount: 0,
    });
  });

  it('reports a pending security update as AvailableSecurityUpdate when the baseline asks, non-compliant if so', () => {
    const s = windows({ ...WINDOWS_DEFAULT, availableSecurityUpdatesComplianceStatus: 'NON_COMPLIANT' });
    expect(s.patches.find((p) => p.kbId === 'KB5000002')?.state).toBe('AvailableSecurityUpdate');
    expect(s.counts).toMatchObject({ AvailableSecurityUpdateCount: 1, SecurityNonCompliantCount: 1 });
    const compliant = windows({ ...WINDOWS_DEFAULT, availableSecurityUpdatesComplianceStatus: 'COMPLIANT' });
    expect(compliant.counts).toMatchObject({ AvailableSecurityUpdateCount: 1, SecurityNonCompliantCount: 0 });
  });
});

describe('on the simulated catalogs', () => {
  const NOW = Date.parse('2026-12-04T00:00:00Z');

  it('two baselines that differ only in ApproveAfterDays (0 vs 360) give different states on the same node', () => {
    const catalog = catalogAt('AMAZON_LINUX_2023', NOW);
    const installed = imagePackages(catalog, 'AmazonLinux2023', NOW - 90 * DAY, [
      { name: 'nginx', version: '1.24.0' },
    ]);
    const run = (days: number) =>
      computeNodePatchState({
        baseline: baseline({
          OperatingSystem: 'AMAZON_LINUX_2023',
          ApprovalRules: {
            PatchRules: [rule({ PRODUCT: ['*'], CLASSIFICATION: ['Security'] }, { ApproveAfterDays: days })],
          },
        }),
        catalog,
        product: 'AmazonLinux2023',
        installed,
        atMs: NOW,
      }).counts;
    const immediate = run(0);
    const yearLate = run(360);
    expect(immediate.MissingCount).toBeGreaterThan(5);
    expect(yearLate.MissingCount).toBe(0); // everything approved a year ago is on a 90-day-old image
    expect(yearLate.InstalledCount).toBeGreaterThan(0);
  });

  it('counts a Windows Server 2022 image of three months ago as missing this month’s cumulative update', () => {
    const catalog = catalogAt('WINDOWS', NOW);
    const s = computeNodePatchState({
      baseline: baseline({
        ApprovalRules: {
          PatchRules: [rule({ CLASSIFICATION: ['SecurityUpdates'] }, { ApproveAfterDays: 7 })],
        },
      }),
      catalog,
      product: 'WindowsServer2022',
      installed: imagePackages(catalog, 'WindowsServer2022', NOW - 90 * DAY),
      atMs: NOW,
    });
    const missing = s.patches.filter((p) => p.state === 'Missing').map((p) => p.title);
    expect(
      missing.some((t) =>
        /^2026-11 Cumulative Update for Microsoft server operating system version 21H2/.test(t),
      ),
    ).toBe(true);
    expect(s.counts.NotApplicableCount).toBeGreaterThan(0); // other Windows Server versions' updates
  });
});
