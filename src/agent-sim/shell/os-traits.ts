// What differs between the operating systems a virtual node can run, as their AWS images ship them: the
// `sh` the agent starts, the default user, the log files, the network interface, the package tools.
import { OS_PRESETS, type OsName } from '../../agent-contract/node-model.js';

export interface OsTraits {
  /** /bin/sh: bash in POSIX mode (Amazon Linux, RHEL, macOS) or dash (Ubuntu); drives prompt and messages. */
  sh: 'bash' | 'dash';
  /** bash's version, shown in its `sh` prompt (`sh-5.2$ `). */
  bashVersion: string;
  /** The image's default login user (the key pair's user on EC2). */
  defaultUser: string;
  uidBase: number;
  /** Files the system logger writes; AL2023 ships journald only, so no /var/log/messages there. */
  logFile?: string;
  iface: string;
  packageTools: ('rpm' | 'yum' | 'dnf' | 'dpkg' | 'apt' | 'apt-get')[];
  systemd: boolean;
  /** Where the agent keeps documents (appconfig DefaultDataStorePath). */
  agentData: string;
  osRelease?: string;
  /** Repository name shown by package tools. */
  repo: string;
}

const RPM_TOOLS: OsTraits['packageTools'] = ['rpm', 'yum', 'dnf'];
const APT_TOOLS: OsTraits['packageTools'] = ['dpkg', 'apt', 'apt-get'];
const LINUX_DATA = '/var/lib/amazon/ssm';

const ubuntu = (version: string, point: string, name: string, code: string, logo: boolean): OsTraits => ({
  sh: 'dash',
  bashVersion: '5.1',
  defaultUser: 'ubuntu',
  uidBase: 1000,
  logFile: '/var/log/syslog',
  iface: 'ens5',
  packageTools: APT_TOOLS,
  systemd: true,
  agentData: LINUX_DATA,
  repo: `${code}-updates`,
  osRelease: [
    `PRETTY_NAME="Ubuntu ${point} LTS"`,
    'NAME="Ubuntu"',
    `VERSION_ID="${version}"`,
    `VERSION="${point} LTS (${name})"`,
    `VERSION_CODENAME=${code}`,
    'ID=ubuntu',
    'ID_LIKE=debian',
    'HOME_URL="https://www.ubuntu.com/"',
    'SUPPORT_URL="https://help.ubuntu.com/"',
    'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
    `UBUNTU_CODENAME=${code}`,
    ...(logo ? ['LOGO=ubuntu-logo'] : []),
  ].join('\n'),
});

// /etc/os-release as each image ships it (the versions of OS_PRESETS).
const TRAITS: Record<OsName, OsTraits> = {
  'amazon-linux-2023': {
    sh: 'bash',
    bashVersion: '5.2',
    defaultUser: 'ec2-user',
    uidBase: 1000,
    iface: 'ens5',
    packageTools: RPM_TOOLS,
    systemd: true,
    agentData: LINUX_DATA,
    repo: 'amazonlinux',
    osRelease: [
      'NAME="Amazon Linux"',
      'VERSION="2023"',
      'ID="amzn"',
      'ID_LIKE="fedora"',
      'VERSION_ID="2023"',
      'PLATFORM_ID="platform:al2023"',
      `PRETTY_NAME="${OS_PRESETS['amazon-linux-2023'].prettyName}"`,
      'ANSI_COLOR="0;33"',
      'CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"',
      'HOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"',
      'DOCUMENTATION_URL="https://docs.aws.amazon.com/linux/"',
      'SUPPORT_URL="https://aws.amazon.com/premiumsupport/"',
      'BUG_REPORT_URL="https://github.com/amazonlinux/amazon-linux-2023"',
      'VENDOR_NAME="AWS"',
      'VENDOR_URL="https://aws.amazon.com/"',
      'SUPPORT_END="2029-06-30"',
    ].join('\n'),
  },
  'amazon-linux-2': {
    sh: 'bash',
    bashVersion: '4.2',
    defaultUser: 'ec2-user',
    uidBase: 1000,
    logFile: '/var/log/messages',
    iface: 'eth0',
    packageTools: ['rpm', 'yum'],
    systemd: true,
    agentData: LINUX_DATA,
    repo: 'amzn2-core',
    osRelease: [
      'NAME="Amazon Linux"',
      'VERSION="2"',
      'ID="amzn"',
      'ID_LIKE="centos rhel fedora"',
      'VERSION_ID="2"',
      'PRETTY_NAME="Amazon Linux 2"',
      'ANSI_COLOR="0;33"',
      'CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2"',
      'HOME_URL="https://amazonlinux.com/"',
      'SUPPORT_END="2026-06-30"',
    ].join('\n'),
  },
  'ubuntu-22.04': ubuntu('22.04', '22.04.5', 'Jammy Jellyfish', 'jammy', false),
  'ubuntu-24.04': ubuntu('24.04', '24.04.1', 'Noble Numbat', 'noble', true),
  'rhel-9': {
    sh: 'bash',
    bashVersion: '5.1',
    defaultUser: 'ec2-user',
    uidBase: 1000,
    logFile: '/var/log/messages',
    iface: 'eth0',
    packageTools: RPM_TOOLS,
    systemd: true,
    agentData: LINUX_DATA,
    repo: 'rhel-9-baseos-rhui-rpms',
    osRelease: [
      'NAME="Red Hat Enterprise Linux"',
      'VERSION="9.5 (Plow)"',
      'ID="rhel"',
      'ID_LIKE="fedora"',
      'VERSION_ID="9.5"',
      'PLATFORM_ID="platform:el9"',
      'PRETTY_NAME="Red Hat Enterprise Linux 9.5 (Plow)"',
      'ANSI_COLOR="0;31"',
      'LOGO="fedora-logo-icon"',
      'CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"',
      'HOME_URL="https://www.redhat.com/"',
      'DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"',
      'BUG_REPORT_URL="https://issues.redhat.com/"',
      'REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 9"',
      'REDHAT_BUGZILLA_PRODUCT_VERSION=9.5',
      'REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"',
      'REDHAT_SUPPORT_PRODUCT_VERSION="9.5"',
    ].join('\n'),
  },
  // /bin/sh on macOS is bash 3.2; the agent keeps its data under /opt/aws/ssm (appconfig constants_darwin.go).
  'macos-14': {
    sh: 'bash',
    bashVersion: '3.2',
    defaultUser: 'ec2-user',
    uidBase: 501,
    logFile: '/var/log/system.log',
    iface: 'en0',
    packageTools: [],
    systemd: false,
    agentData: '/opt/aws/ssm/data',
    repo: '',
  },
  // Windows nodes never get a simulated shell (PowerShell is out of reach); these keep the table total.
  'windows-server-2022': windowsTraits(),
  'windows-server-2019': windowsTraits(),
};

function windowsTraits(): OsTraits {
  return {
    sh: 'bash',
    bashVersion: '5.2',
    defaultUser: 'Administrator',
    uidBase: 1000,
    iface: 'Ethernet',
    packageTools: [],
    systemd: false,
    agentData: 'C:\\ProgramData\\Amazon\\SSM',
    repo: '',
  };
}

/** Traits of a preset; a node of no preset (the standalone agent's) gets Amazon Linux 2023's. */
export function osTraits(os: OsName | 'custom'): OsTraits {
  return TRAITS[os === 'custom' ? 'amazon-linux-2023' : os];
}

/** The `sh` prompt: bash as sh shows `sh-5.2$ ` (`#` for root), dash shows `$ ` (`# `). */
export function shPrompt(traits: OsTraits, root: boolean): string {
  const mark = root ? '#' : '$';
  return traits.sh === 'dash' ? `${mark} ` : `sh-${traits.bashVersion}${mark} `;
}
