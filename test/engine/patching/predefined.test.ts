// AWS's predefined baselines and how nodes map to operating systems and products.
import { describe, expect, it } from 'vitest';
import { OPERATING_SYSTEMS } from '../../../src/patch-catalog/operating-systems.js';
import { nodePlatform } from '../../../src/patch-catalog/node-platform.js';
import { PREDEFINED_BASELINES, awsDefaultFor, baselineArn } from '../../../src/engine/patching/predefined.js';
import { validateBaseline } from '../../../src/engine/patching/validate-baseline.js';
import { OS_PRESETS } from '../../../src/agent-contract/node-model.js';

describe('predefined baselines', () => {
  it('has exactly one default per operating system of the model, three baselines for Windows', () => {
    for (const os of OPERATING_SYSTEMS) {
      expect(PREDEFINED_BASELINES.filter((b) => b.operatingSystem === os && b.isDefault)).toHaveLength(1);
    }
    expect(PREDEFINED_BASELINES.filter((b) => b.operatingSystem === 'WINDOWS').map((b) => b.name)).toEqual([
      'AWS-DefaultPatchBaseline',
      'AWS-WindowsPredefinedPatchBaseline-OS',
      'AWS-WindowsPredefinedPatchBaseline-OS-Applications',
    ]);
  });

  it('carries AWS names, ids and rules (Amazon Linux 2023: Security Critical/Important and Bugfix, 7 days)', () => {
    const al = awsDefaultFor('AMAZON_LINUX_2023');
    expect(al).toMatchObject({ name: 'AWS-AmazonLinux2023DefaultPatchBaseline', id: 'pb-05c9c9bf778d4c4d0' });
    expect(al.approvalRules).toEqual([
      {
        PatchFilterGroup: {
          PatchFilters: [
            { Key: 'PRODUCT', Values: ['*'] },
            { Key: 'CLASSIFICATION', Values: ['Security'] },
            { Key: 'SEVERITY', Values: ['Critical', 'Important'] },
          ],
        },
        ComplianceLevel: 'UNSPECIFIED',
        ApproveAfterDays: 7,
        EnableNonSecurity: false,
      },
      {
        PatchFilterGroup: {
          PatchFilters: [
            { Key: 'PRODUCT', Values: ['*'] },
            { Key: 'CLASSIFICATION', Values: ['Bugfix'] },
          ],
        },
        ComplianceLevel: 'UNSPECIFIED',
        ApproveAfterDays: 7,
        EnableNonSecurity: false,
      },
    ]);
    expect(awsDefaultFor('WINDOWS').approvalRules[0].PatchFilterGroup.PatchFilters).toEqual([
      { Key: 'PRODUCT', Values: ['*'] },
      { Key: 'CLASSIFICATION', Values: ['CriticalUpdates', 'SecurityUpdates'] },
      { Key: 'MSRC_SEVERITY', Values: ['Critical', 'Important'] },
    ]);
    expect(baselineArn('us-east-1', '075727635805', 'pb-09ca3fb51f0412ec3')).toBe(
      'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-09ca3fb51f0412ec3',
    );
  });

  it('passes the same validation as customer baselines', () => {
    for (const b of PREDEFINED_BASELINES) expect(() => validateBaseline(b), b.name).not.toThrow();
  });
});

describe('nodePlatform', () => {
  it('maps every simulated OS preset but macOS to a catalog product', () => {
    const got = Object.fromEntries(
      Object.entries(OS_PRESETS).map(([k, p]) => [k, nodePlatform(p.platformName, p.platformVersion)]),
    );
    expect(got).toEqual({
      'amazon-linux-2023': { os: 'AMAZON_LINUX_2023', product: 'AmazonLinux2023' },
      'amazon-linux-2': { os: 'AMAZON_LINUX_2', product: 'AmazonLinux2' },
      'ubuntu-22.04': { os: 'UBUNTU', product: 'Ubuntu22.04' },
      'ubuntu-24.04': { os: 'UBUNTU', product: 'Ubuntu24.04' },
      'rhel-9': { os: 'REDHAT_ENTERPRISE_LINUX', product: 'RedhatEnterpriseLinux9.5' },
      'windows-server-2022': { os: 'WINDOWS', product: 'WindowsServer2022' },
      'windows-server-2019': { os: 'WINDOWS', product: 'WindowsServer2019' },
      'macos-14': { os: 'MACOS', product: 'MacOS14' },
    });
    expect(nodePlatform('Plan 9', '4')).toBeUndefined();
  });
});
