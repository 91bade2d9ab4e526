// AWS's predefined patch baselines: one default per operating system (three for Windows Server), owned by
// AWS, read-only, addressed by full ARN. Names, descriptions and rules follow "Predefined and custom patch
// baselines" in the Systems Manager user guide; ids are the us-east-1 ones seen in DescribePatchBaselines
// output (aws-cli examples, Quick Setup docs, terraform tests); the three ids not found are derived.
import { createHash } from 'node:crypto';
import type { OperatingSystem, PatchFilter, PatchRule } from '../../model/generated/types.js';
import { normalizeRule, type BaselineDefinition } from '../../patch-catalog/baseline.js';

export interface PredefinedBaseline extends BaselineDefinition {
  /** pb-...; callers must give the full ARN, as with AWS. */
  id: string;
  /** The operating system's default until an account registers another. */
  isDefault: boolean;
  createdMs: number;
}

// AWS's baselines live in a per-Region AWS account (075727635805 in us-east-1, 733109147000 in us-east-2,
// both in AWS's documentation); other Regions use us-east-1's account here.
const OWNER_BY_REGION: Record<string, string> = { 'us-east-1': '075727635805', 'us-east-2': '733109147000' };
export const AWS_BASELINE_OWNER = '075727635805';

export function awsOwnerAccount(region: string): string {
  return OWNER_BY_REGION[region] ?? AWS_BASELINE_OWNER;
}

export function baselineArn(region: string, account: string, id: string): string {
  return `arn:aws:ssm:${region}:${account}:patchbaseline/${id}`;
}

const filters = (pairs: [string, string[]][]): PatchFilter[] =>
  pairs.map(([Key, Values]) => ({ Key: Key as PatchFilter['Key'], Values }));

const rule = (pairs: [string, string[]][], days: number, enableNonSecurity = false): PatchRule =>
  normalizeRule({
    PatchFilterGroup: { PatchFilters: filters(pairs) },
    ApproveAfterDays: days,
    EnableNonSecurity: enableNonSecurity,
  });

const derivedId = (name: string) => `pb-0${createHash('sha1').update(name).digest('hex').slice(0, 16)}`;

// Security Critical/Important plus Bugfix, 7 days: Amazon Linux 1/2/2022/2023, RHEL, Rocky, Alma.
const SECURITY_AND_BUGFIX = [
  rule(
    [
      ['PRODUCT', ['*']],
      ['CLASSIFICATION', ['Security']],
      ['SEVERITY', ['Critical', 'Important']],
    ],
    7,
  ),
  rule(
    [
      ['PRODUCT', ['*']],
      ['CLASSIFICATION', ['Bugfix']],
    ],
    7,
  ),
];
// "Immediately approves all operating system security-related patches that have a priority of ...".
const DEB_SECURITY = [
  rule(
    [
      ['PRODUCT', ['*']],
      ['PRIORITY', ['Required', 'Important', 'Standard', 'Optional', 'Extra']],
    ],
    0,
  ),
];
const WINDOWS_OS = rule(
  [
    ['PRODUCT', ['*']],
    ['CLASSIFICATION', ['CriticalUpdates', 'SecurityUpdates']],
    ['MSRC_SEVERITY', ['Critical', 'Important']],
  ],
  7,
);

type Row = [OperatingSystem, string, string, string, PatchRule[], boolean, string];

const ROWS: Row[] = [
  [
    'WINDOWS',
    'AWS-DefaultPatchBaseline',
    'pb-09ca3fb51f0412ec3',
    'Default Patch Baseline Provided by AWS.',
    [WINDOWS_OS],
    true,
    '2016-12-01',
  ],
  [
    'WINDOWS',
    'AWS-WindowsPredefinedPatchBaseline-OS',
    derivedId('AWS-WindowsPredefinedPatchBaseline-OS'),
    'Windows Predefined Patch Baseline for OS Provided by AWS.',
    [WINDOWS_OS],
    false,
    '2019-06-01',
  ],
  [
    'WINDOWS',
    'AWS-WindowsPredefinedPatchBaseline-OS-Applications',
    derivedId('AWS-WindowsPredefinedPatchBaseline-OS-Applications'),
    'Windows Predefined Patch Baseline for OS and Applications Provided by AWS.',
    [
      WINDOWS_OS,
      rule(
        [
          ['PATCH_SET', ['APPLICATION']],
          ['PRODUCT', ['*']],
        ],
        7,
      ),
    ],
    false,
    '2019-06-01',
  ],
  [
    'AMAZON_LINUX',
    'AWS-AmazonLinuxDefaultPatchBaseline',
    'pb-0c10e657807c7a700',
    'Default Patch Baseline for Amazon Linux Provided by AWS.',
    SECURITY_AND_BUGFIX,
    true,
    '2016-12-01',
  ],
  [
    'AMAZON_LINUX_2',
    'AWS-AmazonLinux2DefaultPatchBaseline',
    'pb-0be8c61cde3be63f3',
    'Baseline containing all Security and Bugfix updates approved for Amazon Linux 2 instances',
    SECURITY_AND_BUGFIX,
    true,
    '2018-06-26',
  ],
  [
    'AMAZON_LINUX_2022',
    'AWS-AmazonLinux2022DefaultPatchBaseline',
    'pb-0028ca011460d5eaf',
    'Default Patch Baseline for Amazon Linux 2022 Provided by AWS.',
    SECURITY_AND_BUGFIX,
    true,
    '2021-11-30',
  ],
  [
    'AMAZON_LINUX_2023',
    'AWS-AmazonLinux2023DefaultPatchBaseline',
    'pb-05c9c9bf778d4c4d0',
    'Default Patch Baseline for Amazon Linux 2023 Provided by AWS.',
    SECURITY_AND_BUGFIX,
    true,
    '2023-03-15',
  ],
  [
    'UBUNTU',
    'AWS-UbuntuDefaultPatchBaseline',
    'pb-0c7e89f711c3095f4',
    'Default Patch Baseline for Ubuntu Provided by AWS.',
    DEB_SECURITY,
    true,
    '2016-12-01',
  ],
  [
    'REDHAT_ENTERPRISE_LINUX',
    'AWS-RedHatDefaultPatchBaseline',
    'pb-0cbb3a633de00f07c',
    'Default Patch Baseline for Redhat Enterprise Linux Provided by AWS.',
    SECURITY_AND_BUGFIX,
    true,
    '2016-12-01',
  ],
  [
    'SUSE',
    'AWS-SuseDefaultPatchBaseline',
    'pb-07d8884178197b66b',
    'Default Patch Baseline for Suse Provided by AWS.',
    [
      rule(
        [
          ['PRODUCT', ['*']],
          ['CLASSIFICATION', ['Security']],
          ['SEVERITY', ['Critical', 'Important']],
        ],
        7,
      ),
    ],
    true,
    '2017-12-01',
  ],
  // "Approves all updates 7 days after they become available, including nonsecurity updates."
  [
    'CENTOS',
    'AWS-CentOSDefaultPatchBaseline',
    'pb-03e3f588eec25344c',
    'Default Patch Baseline for CentOS Provided by AWS.',
    [rule([['PRODUCT', ['*']]], 7, true)],
    true,
    '2018-05-01',
  ],
  [
    'ORACLE_LINUX',
    'AWS-OracleLinuxDefaultPatchBaseline',
    'pb-06bff38e95fe85c02',
    'Default Patch Baseline for Oracle Linux Server Provided by AWS.',
    [
      rule(
        [
          ['PRODUCT', ['*']],
          ['CLASSIFICATION', ['Security']],
          ['SEVERITY', ['Important', 'Moderate']],
        ],
        7,
      ),
      rule(
        [
          ['PRODUCT', ['*']],
          ['CLASSIFICATION', ['Bugfix']],
        ],
        7,
      ),
    ],
    true,
    '2019-10-01',
  ],
  [
    'DEBIAN',
    'AWS-DebianDefaultPatchBaseline',
    'pb-09a5f8eb62bde80b1',
    'Default Patch Baseline for Debian Provided by AWS.',
    DEB_SECURITY,
    true,
    '2020-01-01',
  ],
  // "Approves all operating system patches that are classified as Security. Also approves all packages with a current update."
  [
    'MACOS',
    'AWS-MacOSDefaultPatchBaseline',
    'pb-0ee4f94581368c0d4',
    'Default Patch Baseline for MacOS Provided by AWS.',
    [
      rule(
        [
          ['PRODUCT', ['*']],
          ['CLASSIFICATION', ['Security']],
        ],
        0,
      ),
      rule([['PRODUCT', ['*']]], 0, true),
    ],
    true,
    '2021-09-01',
  ],
  [
    'RASPBIAN',
    'AWS-DefaultRaspbianPatchBaseline',
    derivedId('AWS-DefaultRaspbianPatchBaseline'),
    'Default Patch Baseline for Raspbian Provided by AWS.',
    DEB_SECURITY,
    true,
    '2020-01-01',
  ],
  [
    'ROCKY_LINUX',
    'AWS-RockyLinuxDefaultPatchBaseline',
    'pb-03ec98bc512aa3ac0',
    'Default Patch Baseline for Rocky Linux Provided by AWS.',
    SECURITY_AND_BUGFIX,
    true,
    '2021-11-01',
  ],
  [
    'ALMA_LINUX',
    'AWS-AlmaLinuxDefaultPatchBaseline',
    'pb-0cb0c4966f86b059b',
    'Default Patch Baseline for Alma Linux Provided by AWS.',
    SECURITY_AND_BUGFIX,
    true,
    '2022-08-01',
  ],
];

export const PREDEFINED_BASELINES: readonly PredefinedBaseline[] = ROWS.map(
  ([os, name, id, description, rules, isDefault, created]) => ({
    id,
    name,
    operatingSystem: os,
    description,
    isDefault,
    createdMs: Date.parse(`${created}T00:00:00Z`),
    globalFilters: [],
    approvalRules: rules,
    approvedPatches: [],
    approvedPatchesComplianceLevel: 'UNSPECIFIED',
    approvedPatchesEnableNonSecurity: false,
    rejectedPatches: [],
    rejectedPatchesAction: 'ALLOW_AS_DEPENDENCY',
    sources: [],
  }),
);

const BY_ID = new Map(PREDEFINED_BASELINES.map((b) => [b.id, b]));

export function predefinedById(id: string): PredefinedBaseline | undefined {
  return BY_ID.get(id);
}

/** AWS's default baseline for an operating system. */
export function awsDefaultFor(os: OperatingSystem): PredefinedBaseline {
  return PREDEFINED_BASELINES.find((b) => b.operatingSystem === os && b.isDefault)!;
}
