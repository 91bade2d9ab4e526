// A baseline's decision on one patch: explicit lists, global filters, rules and their delays.
import { describe, expect, it } from 'vitest';
import { evaluatePatch } from '../../src/patch-catalog/rules.js';
import { DAY, T0, alPatch, baseline, rule, winPatch } from './helpers.js';

const AL = 'AMAZON_LINUX_2023' as const;
const SECURITY_7 = rule(
  { PRODUCT: ['*'], CLASSIFICATION: ['Security'], SEVERITY: ['Critical', 'Important'] },
  { ApproveAfterDays: 7 },
);

describe('approval delays on the emulator clock', () => {
  it('ApproveAfterDays 7: pending until exactly seven days after the release date, approved from then', () => {
    const b = baseline({ OperatingSystem: AL, ApprovalRules: { PatchRules: [SECURITY_7] } });
    const p = alPatch('openssl-libs', '3.0.8', '1.amzn2023.0.12');
    expect(evaluatePatch(b, p, T0 + 7 * DAY - 1)).toEqual({
      status: 'PENDING_APPROVAL',
      approvalMs: T0 + 7 * DAY,
      complianceLevel: 'UNSPECIFIED',
    });
    expect(evaluatePatch(b, p, T0 + 7 * DAY)?.status).toBe('APPROVED');
  });

  it('ApproveUntilDate: patches released through the end of that UTC day, never later ones', () => {
    const r = rule({ PRODUCT: ['*'] }, { ApproveUntilDate: '2026-06-01', ComplianceLevel: 'HIGH' });
    const b = baseline({ OperatingSystem: AL, ApprovalRules: { PatchRules: [r] } });
    const lastMinute = alPatch('curl-minimal', '7.87.0', '1.amzn2023.0.2', {
      releaseMs: Date.parse('2026-06-01T23:59:59Z'),
    });
    const nextDay = alPatch('curl-minimal', '7.87.0', '1.amzn2023.0.3', {
      releaseMs: Date.parse('2026-06-02T00:00:00Z'),
    });
    expect(evaluatePatch(b, lastMinute, T0 + DAY)).toMatchObject({
      status: 'APPROVED',
      complianceLevel: 'HIGH',
    });
    expect(evaluatePatch(b, nextDay, T0 + 100 * DAY)).toBeUndefined();
  });

  it('takes the earliest approval of the matching rules and its compliance level', () => {
    const b = baseline({
      OperatingSystem: AL,
      ApprovalRules: {
        PatchRules: [
          rule({ CLASSIFICATION: ['Security'] }, { ApproveAfterDays: 30, ComplianceLevel: 'LOW' }),
          rule({ SEVERITY: ['Important'] }, { ApproveAfterDays: 3, ComplianceLevel: 'CRITICAL' }),
        ],
      },
    });
    expect(evaluatePatch(b, alPatch('sudo', '1.9.13', '1.amzn2023.0.4'), T0 + 3 * DAY)).toEqual({
      status: 'APPROVED',
      approvalMs: T0 + 3 * DAY,
      complianceLevel: 'CRITICAL',
    });
  });

  it('approves at once on Ubuntu, whose repositories carry no release dates', () => {
    const b = baseline({
      OperatingSystem: 'UBUNTU',
      ApprovalRules: { PatchRules: [rule({ PRIORITY: ['Important'] }, { ApproveAfterDays: 90 })] },
    });
    const p = alPatch('libssl3', '3.0.2', '0ubuntu1.12', {
      os: 'UBUNTU',
      products: ['Ubuntu22.04'],
      classification: undefined,
      severity: undefined,
      priority: 'Important',
      repository: 'jammy-security',
    });
    expect(evaluatePatch(b, p, T0)?.status).toBe('APPROVED');
    expect(evaluatePatch(b, { ...p, priority: 'Optional' }, T0)).toBeUndefined();
    // Outside the security pocket: only with EnableNonSecurity.
    const updates = { ...p, security: false, repository: 'jammy-updates' };
    expect(evaluatePatch(b, updates, T0)).toBeUndefined();
    const nonSec = baseline({
      OperatingSystem: 'UBUNTU',
      ApprovalRules: { PatchRules: [rule({ PRIORITY: ['Important'] }, { EnableNonSecurity: true })] },
    });
    expect(evaluatePatch(nonSec, updates, T0)?.status).toBe('APPROVED');
  });
});

describe('filters', () => {
  it('GlobalFilters exclude what they do not match, before any rule', () => {
    const b = baseline({
      OperatingSystem: AL,
      GlobalFilters: { PatchFilters: [{ Key: 'SEVERITY', Values: ['Critical'] }] },
      ApprovalRules: { PatchRules: [SECURITY_7] },
    });
    expect(evaluatePatch(b, alPatch('glibc', '2.34', '1.amzn2023.0.9'), T0 + 30 * DAY)).toBeUndefined();
    expect(
      evaluatePatch(b, alPatch('glibc', '2.34', '1.amzn2023.0.9', { severity: 'Critical' }), T0 + 30 * DAY)
        ?.status,
    ).toBe('APPROVED');
  });

  it('matches PRODUCT against the node being evaluated', () => {
    const b = baseline({
      OperatingSystem: 'AMAZON_LINUX_2',
      ApprovalRules: { PatchRules: [rule({ PRODUCT: ['AmazonLinux2.0'] }, { ApproveAfterDays: 0 })] },
    });
    const p = alPatch('bash', '4.2.46', '1.amzn2.0.3', {
      os: 'AMAZON_LINUX_2',
      products: ['AmazonLinux2', 'AmazonLinux2.0'],
    });
    expect(evaluatePatch(b, p, T0, 'AmazonLinux2.0')?.status).toBe('APPROVED');
    expect(evaluatePatch(b, p, T0, 'AmazonLinux2')).toBeUndefined();
    expect(evaluatePatch(b, p, T0)?.status).toBe('APPROVED'); // no node: any of the patch's products
  });

  it('approves a Bugfix notice by classification, and an update without a notice only with EnableNonSecurity', () => {
    const bugfix = alPatch('systemd', '252.4', '1.amzn2023.0.5', {
      security: false,
      classification: 'Bugfix',
      severity: 'None',
    });
    const noNotice = alPatch('systemd', '252.4', '1.amzn2023.0.6', {
      security: false,
      classification: undefined,
      severity: undefined,
    });
    const b = baseline({
      OperatingSystem: AL,
      ApprovalRules: { PatchRules: [rule({ CLASSIFICATION: ['Bugfix'] }, { ApproveAfterDays: 0 })] },
    });
    expect(evaluatePatch(b, bugfix, T0)?.status).toBe('APPROVED');
    expect(evaluatePatch(b, noNotice, T0)).toBeUndefined();
    const withNonSecurity = baseline({
      OperatingSystem: AL,
      ApprovalRules: {
        PatchRules: [
          rule({ CLASSIFICATION: ['Security'] }, { ApproveAfterDays: 0, EnableNonSecurity: true }),
        ],
      },
    });
    expect(evaluatePatch(withNonSecurity, noNotice, T0)?.status).toBe('APPROVED');
  });

  it('covers only operating system updates on Windows unless a rule names PATCH_SET APPLICATION', () => {
    const office = winPatch('KB5002700', {
      patchSet: 'APPLICATION',
      products: ['Office 2016'],
      productFamily: 'Office',
    });
    const os = baseline({
      ApprovalRules: { PatchRules: [rule({ PRODUCT: ['*'] }, { ApproveAfterDays: 0 })] },
    });
    expect(evaluatePatch(os, office, T0)).toBeUndefined();
    expect(evaluatePatch(os, winPatch('KB5041054'), T0)?.status).toBe('APPROVED');
    const apps = baseline({
      ApprovalRules: {
        PatchRules: [rule({ PATCH_SET: ['APPLICATION'], PRODUCT: ['Office 2016'] }, { ApproveAfterDays: 0 })],
      },
    });
    expect(evaluatePatch(apps, office, T0)?.status).toBe('APPROVED');
  });
});

describe('approved and rejected lists', () => {
  it('rejects what both lists name; approves the approved list with its compliance level', () => {
    const p = winPatch('KB5041054', {
      classification: 'Updates',
      msrcSeverity: 'Unspecified',
      security: false,
    });
    const b = baseline({ ApprovedPatches: ['KB5041054'], ApprovedPatchesComplianceLevel: 'MEDIUM' });
    expect(evaluatePatch(b, p, T0)).toEqual({
      status: 'EXPLICIT_APPROVED',
      approvalMs: T0,
      complianceLevel: 'MEDIUM',
    });
    const both = baseline({ ApprovedPatches: ['KB5041054'], RejectedPatches: ['kb5041054'] });
    expect(evaluatePatch(both, p, T0)?.status).toBe('EXPLICIT_REJECTED');
  });

  it('matches Linux packages by full name, single wildcard, CVE, advisory and Bugzilla id', () => {
    const p = alPatch('nginx', '1.24.0', '1.amzn2023.0.2', { bugzillaIds: ['2212345'] });
    for (const id of [
      'nginx-1.24.0-1.amzn2023.0.2.x86_64',
      'nginx-0:1.24.0-1.amzn2023.0.2.x86_64',
      'nginx-*.x86_64',
      'nginx*',
      'CVE-2026-1234',
      'ALAS2023-2026-100',
      '2212345',
    ]) {
      expect(evaluatePatch(baseline({ OperatingSystem: AL, ApprovedPatches: [id] }), p, T0)?.status, id).toBe(
        'EXPLICIT_APPROVED',
      );
    }
    expect(
      evaluatePatch(baseline({ OperatingSystem: AL, RejectedPatches: ['nginx-*'] }), p, T0)?.status,
    ).toBe('EXPLICIT_REJECTED');
    expect(
      evaluatePatch(baseline({ OperatingSystem: AL, ApprovedPatches: ['httpd*'] }), p, T0),
    ).toBeUndefined();
  });

  it('approves a listed non-security Linux update only with ApprovedPatchesEnableNonSecurity', () => {
    const p = alPatch('tzdata', '2024a', '1.amzn2023.0.1', {
      security: false,
      classification: 'Enhancement',
    });
    expect(
      evaluatePatch(baseline({ OperatingSystem: AL, ApprovedPatches: ['tzdata*'] }), p, T0),
    ).toBeUndefined();
    const b = baseline({
      OperatingSystem: AL,
      ApprovedPatches: ['tzdata*'],
      ApprovedPatchesEnableNonSecurity: true,
    });
    expect(evaluatePatch(b, p, T0)?.status).toBe('EXPLICIT_APPROVED');
  });
});
