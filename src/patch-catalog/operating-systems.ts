// What Patch Manager knows about each operating system of the model's OperatingSystem enum: the filter keys
// a baseline may use, the values of each key (what DescribePatchProperties lists), how patches are named.
// Sources: the API reference's PatchFilter and DescribePatchProperties pages, "Patch baseline rules on Linux"
// and "Package name formats for approved and rejected patch lists" in the Systems Manager user guide.
import type { OperatingSystem, PatchFilterKey } from '../model/generated/types.js';

/** Package families: they decide the formats of patch ids and how non-security updates are told apart. */
export type OsFamily = 'windows' | 'rpm' | 'deb' | 'suse' | 'macos';

export interface OsProfile {
  os: OperatingSystem;
  family: OsFamily;
  /** Keys a baseline's GlobalFilters and approval rules may use for this OS. */
  filterKeys: PatchFilterKey[];
  /** Valid values per key (without the `*` wildcard, which every key accepts); absent: any value. */
  values: Partial<Record<PatchFilterKey, readonly string[]>>;
  /** False on Ubuntu/Debian/Raspbian: the repositories carry no reliable release dates, so rules approve at once. */
  releaseDates: boolean;
}

export const OPERATING_SYSTEMS: readonly OperatingSystem[] = [
  'WINDOWS',
  'AMAZON_LINUX',
  'AMAZON_LINUX_2',
  'AMAZON_LINUX_2022',
  'AMAZON_LINUX_2023',
  'UBUNTU',
  'REDHAT_ENTERPRISE_LINUX',
  'SUSE',
  'CENTOS',
  'ORACLE_LINUX',
  'DEBIAN',
  'MACOS',
  'RASPBIAN',
  'ROCKY_LINUX',
  'ALMA_LINUX',
];

// Update notice types in updateinfo.xml, as DescribePatchProperties lists them for YUM/DNF systems.
const RPM_CLASSIFICATIONS = ['Security', 'Bugfix', 'Enhancement', 'Recommended', 'Newpackage'] as const;
const RPM_KEYS: PatchFilterKey[] = ['PRODUCT', 'CLASSIFICATION', 'SEVERITY'];
const DEB_KEYS: PatchFilterKey[] = ['PRODUCT', 'PRIORITY', 'SECTION'];
const DEB_PRIORITIES = ['Required', 'Important', 'Standard', 'Optional', 'Extra'] as const;

export const WINDOWS_CLASSIFICATIONS = [
  'CriticalUpdates',
  'DefinitionUpdates',
  'Drivers',
  'FeaturePacks',
  'SecurityUpdates',
  'ServicePacks',
  'Tools',
  'UpdateRollups',
  'Updates',
  'Upgrades',
] as const;
export const MSRC_SEVERITIES = ['Critical', 'Important', 'Moderate', 'Low', 'Unspecified'] as const;
export const WINDOWS_OS_PRODUCTS = [
  'WindowsServer2008',
  'WindowsServer2008R2',
  'WindowsServer2012',
  'WindowsServer2012R2',
  'WindowsServer2016',
  'WindowsServer2019',
  'WindowsServer2022',
  'WindowsServer2025',
] as const;
/** Applications released by Microsoft (PATCH_SET APPLICATION) and their product families. */
export const WINDOWS_APPLICATIONS: Readonly<Record<string, string>> = {
  'Office 2016': 'Office',
  'Office 2019': 'Office',
  'Microsoft SQL Server 2019': 'SQL Server',
  'Microsoft SQL Server 2022': 'SQL Server',
  MicrosoftDefenderAntivirus: 'Windows',
};

const range = (prefix: string, major: number, minors: number[]) =>
  minors.map((m) => `${prefix}${major}.${m}`);
const seq = (n: number) => Array.from({ length: n }, (_, i) => i);

const profiles: OsProfile[] = [
  {
    os: 'WINDOWS',
    family: 'windows',
    filterKeys: ['PATCH_SET', 'PRODUCT', 'PRODUCT_FAMILY', 'CLASSIFICATION', 'MSRC_SEVERITY'],
    values: {
      PATCH_SET: ['OS', 'APPLICATION'],
      PRODUCT: [...WINDOWS_OS_PRODUCTS, ...Object.keys(WINDOWS_APPLICATIONS)],
      PRODUCT_FAMILY: ['Windows', 'Office', 'SQL Server'],
      CLASSIFICATION: WINDOWS_CLASSIFICATIONS,
      MSRC_SEVERITY: MSRC_SEVERITIES,
    },
    releaseDates: true,
  },
  {
    os: 'AMAZON_LINUX',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      // The list AWS prints in "Invalid Filter Value: ... for Key: PRODUCT, valid values are: ..." (terraform-provider-aws#18359).
      PRODUCT: ['2012.03', '2012.09', '2013.03', '2013.09', '2014.03', '2014.09', '2015.03', '2015.09']
        .concat(['2016.03', '2016.09', '2017.03', '2017.09', '2018.03'])
        .map((v) => `AmazonLinux${v}`),
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Critical', 'Important', 'Medium', 'Low'],
    },
    releaseDates: true,
  },
  {
    os: 'AMAZON_LINUX_2',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: ['AmazonLinux2', 'AmazonLinux2.0'],
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Critical', 'Important', 'Medium', 'Low'],
    },
    releaseDates: true,
  },
  {
    os: 'AMAZON_LINUX_2022',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: ['AmazonLinux2022'],
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Critical', 'Important', 'Medium', 'Low', 'None'],
    },
    releaseDates: true,
  },
  {
    os: 'AMAZON_LINUX_2023',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: ['AmazonLinux2023'],
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Critical', 'Important', 'Medium', 'Low', 'None'],
    },
    releaseDates: true,
  },
  {
    os: 'UBUNTU',
    family: 'deb',
    filterKeys: DEB_KEYS,
    values: {
      PRODUCT: ['14.04', '16.04', '18.04', '20.04', '20.10', '22.04', '24.04'].map((v) => `Ubuntu${v}`),
      PRIORITY: DEB_PRIORITIES,
    },
    releaseDates: false,
  },
  {
    os: 'REDHAT_ENTERPRISE_LINUX',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: [
        ...range('RedhatEnterpriseLinux', 7, seq(10)),
        ...range('RedhatEnterpriseLinux', 8, seq(11)),
        ...range('RedhatEnterpriseLinux', 9, seq(8)),
      ],
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Critical', 'Important', 'Moderate', 'Low'],
    },
    releaseDates: true,
  },
  {
    os: 'SUSE',
    family: 'suse',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: [...range('Suse', 12, seq(6)), ...range('Suse', 15, seq(7))],
      CLASSIFICATION: ['Security', 'Recommended', 'Optional', 'Feature', 'Document', 'Yast'],
      SEVERITY: ['Critical', 'Important', 'Moderate', 'Low'],
    },
    releaseDates: true,
  },
  {
    os: 'CENTOS',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: [
        ...range('CentOS', 7, seq(10)),
        ...range('CentOS', 8, seq(6)),
        'CentOSStream8',
        'CentOSStream9',
      ],
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Critical', 'Important', 'Moderate', 'Low'],
    },
    releaseDates: true,
  },
  {
    os: 'ORACLE_LINUX',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: [
        ...range('OracleLinux', 7, seq(10)),
        ...range('OracleLinux', 8, seq(11)),
        ...range('OracleLinux', 9, seq(7)),
      ],
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Important', 'Moderate', 'Low'],
    },
    releaseDates: true,
  },
  {
    os: 'DEBIAN',
    family: 'deb',
    filterKeys: DEB_KEYS,
    values: { PRODUCT: ['Debian8', 'Debian9', 'Debian10', 'Debian11', 'Debian12'], PRIORITY: DEB_PRIORITIES },
    releaseDates: false,
  },
  {
    os: 'MACOS',
    family: 'macos',
    filterKeys: ['PRODUCT', 'CLASSIFICATION'],
    values: {
      PRODUCT: ['MacOS11', 'MacOS12', 'MacOS13', 'MacOS14', 'MacOS15'],
      CLASSIFICATION: ['Security', 'Bugfix', 'Enhancement', 'Recommended', 'Newpackage'],
    },
    releaseDates: true,
  },
  {
    os: 'RASPBIAN',
    family: 'deb',
    filterKeys: DEB_KEYS,
    values: { PRODUCT: ['Raspbian9', 'Raspbian10'], PRIORITY: DEB_PRIORITIES },
    releaseDates: false,
  },
  {
    os: 'ROCKY_LINUX',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: [...range('RockyLinux', 8, seq(11)), ...range('RockyLinux', 9, seq(7))],
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Critical', 'Important', 'Moderate', 'Low'],
    },
    releaseDates: true,
  },
  {
    os: 'ALMA_LINUX',
    family: 'rpm',
    filterKeys: RPM_KEYS,
    values: {
      PRODUCT: [...range('AlmaLinux', 8, seq(11)), ...range('AlmaLinux', 9, seq(7))],
      CLASSIFICATION: RPM_CLASSIFICATIONS,
      SEVERITY: ['Critical', 'Important', 'Moderate', 'Low'],
    },
    releaseDates: true,
  },
];

const BY_OS = new Map(profiles.map((p) => [p.os, p]));

export function osProfile(os: OperatingSystem): OsProfile {
  return BY_OS.get(os)!;
}

/** The operating system whose PRODUCT values include this product, for DescribeAvailablePatches. */
export function osOfProduct(product: string): OperatingSystem | undefined {
  for (const p of profiles) if (p.values.PRODUCT?.includes(product)) return p.os;
  return undefined;
}
