// Cross-field validation of baselines per operating system, with AWS's ValidationException text.
import { describe, expect, it } from 'vitest';
import { validateBaseline } from '../../../src/engine/patching/validate-baseline.js';
import { baseline, rule } from '../../patch-catalog/helpers.js';

function error(fn: () => void): { name: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected an error');
}

describe('validateBaseline', () => {
  it("names the valid values as AWS does (terraform-provider-aws#18359's Amazon Linux message)", () => {
    const b = baseline({
      OperatingSystem: 'AMAZON_LINUX',
      ApprovalRules: { PatchRules: [rule({ PRODUCT: ['All'] }, { ApproveAfterDays: 7 })] },
    });
    expect(error(() => validateBaseline(b))).toEqual({
      name: 'ValidationException',
      message:
        'Invalid Filter Value: All for Key: PRODUCT, valid values are: AmazonLinux2012.03, AmazonLinux2012.09, AmazonLinux2013.03, AmazonLinux2013.09, AmazonLinux2014.03, AmazonLinux2014.09, AmazonLinux2015.03, AmazonLinux2015.09, AmazonLinux2016.03, AmazonLinux2016.09, AmazonLinux2017.03, AmazonLinux2017.09, AmazonLinux2018.03',
    });
  });

  it('refuses keys the operating system does not use, in global filters and rules', () => {
    const b = baseline({
      OperatingSystem: 'AMAZON_LINUX_2023',
      GlobalFilters: { PatchFilters: [{ Key: 'MSRC_SEVERITY', Values: ['Critical'] }] },
    });
    expect(error(() => validateBaseline(b)).message).toBe(
      'Invalid Filter Key: MSRC_SEVERITY, valid keys are: PRODUCT, CLASSIFICATION, SEVERITY',
    );
    const w = baseline({
      ApprovalRules: { PatchRules: [rule({ PRIORITY: ['Required'] }, { ApproveAfterDays: 1 })] },
    });
    expect(error(() => validateBaseline(w)).message).toBe(
      'Invalid Filter Key: PRIORITY, valid keys are: PATCH_SET, PRODUCT, PRODUCT_FAMILY, CLASSIFICATION, MSRC_SEVERITY',
    );
  });

  it('accepts `*` and the values DescribePatchProperties lists', () => {
    const b = baseline({
      OperatingSystem: 'AMAZON_LINUX_2023',
      ApprovalRules: {
        PatchRules: [
          rule(
            { PRODUCT: ['*', 'AmazonLinux2023'], CLASSIFICATION: ['Security'], SEVERITY: ['None'] },
            { ApproveAfterDays: 0 },
          ),
        ],
      },
    });
    expect(() => validateBaseline(b)).not.toThrow();
  });

  it('takes one of ApproveAfterDays and ApproveUntilDate, and a real YYYY-MM-DD', () => {
    const both = baseline({
      OperatingSystem: 'AMAZON_LINUX_2023',
      ApprovalRules: {
        PatchRules: [rule({ PRODUCT: ['*'] }, { ApproveAfterDays: 7, ApproveUntilDate: '2026-01-01' })],
      },
    });
    expect(error(() => validateBaseline(both)).message).toBe(
      'Only one of ApproveAfterDays or ApproveUntilDate can be specified.',
    );
    const neither = baseline({
      OperatingSystem: 'AMAZON_LINUX_2023',
      ApprovalRules: { PatchRules: [rule({ PRODUCT: ['*'] })] },
    });
    expect(error(() => validateBaseline(neither)).message).toBe(
      'Either ApproveAfterDays or ApproveUntilDate must be specified.',
    );
    const badDate = baseline({
      OperatingSystem: 'AMAZON_LINUX_2023',
      ApprovalRules: { PatchRules: [rule({ PRODUCT: ['*'] }, { ApproveUntilDate: '2026-02-30' })] },
    });
    expect(error(() => validateBaseline(badDate)).message).toBe(
      'Invalid ApproveUntilDate: 2026-02-30. Enter dates in the format YYYY-MM-DD.',
    );
    // Ubuntu: neither is needed (no release dates).
    const ubuntu = baseline({
      OperatingSystem: 'UBUNTU',
      ApprovalRules: { PatchRules: [rule({ PRIORITY: ['Required'] })] },
    });
    expect(() => validateBaseline(ubuntu)).not.toThrow();
  });

  it('checks patch ids in the formats of each operating system', () => {
    const ok =
      (os: Parameters<typeof baseline>[0]['OperatingSystem'], approved: string[], rejected: string[] = []) =>
      () =>
        validateBaseline(
          baseline({ OperatingSystem: os, ApprovedPatches: approved, RejectedPatches: rejected }),
        );
    expect(ok('WINDOWS', ['KB2032276', 'MS10-048'], ['KB2124261'])).not.toThrow();
    expect(error(ok('WINDOWS', ['nginx'])).message).toBe(
      'Invalid ApprovedPatches for operating system WINDOWS: nginx',
    );
    expect(
      ok(
        'AMAZON_LINUX_2',
        ['1234567', 'CVE-2018-1234567', 'ALAS-2018-123', 'example-pkg-*.abcd.x86_64'],
        ['pkg-example-EE-20180914-2.2.amzn1.noarch'],
      ),
    ).not.toThrow();
    expect(error(ok('AMAZON_LINUX_2', [], ['CVE-2018-1234'])).message).toBe(
      'Invalid RejectedPatches for operating system AMAZON_LINUX_2: CVE-2018-1234',
    );
    expect(error(ok('REDHAT_ENTERPRISE_LINUX', ['kernel-*-*.x86_64'])).message).toBe(
      'Invalid ApprovedPatches for operating system REDHAT_ENTERPRISE_LINUX: kernel-*-*.x86_64',
    );
    expect(ok('UBUNTU', ['ExamplePkg33', 'libssl3'])).not.toThrow();
    expect(error(ok('UBUNTU', ['libssl3*'])).message).toBe(
      'Invalid ApprovedPatches for operating system UBUNTU: libssl3*',
    );
  });
});
