// The output of AWS-RunPatchBaseline's platform steps. Linux and macOS: the document's shell prelude, then the
// patching module's log lines (its logging format "%(asctime)s %(name)s [%(levelname)s]: %(message)s" with
// dates as "%m/%d/%Y %X"). Windows: the PowerShell module's patch summary (the fields and order of a capture in
// AWS's "Troubleshooting Patch Manager"). Lines marked in the code as ours are not sourced.
import type { PatchCounts } from '../../patch-catalog/compliance.js';

const two = (n: number) => String(n).padStart(2, '0');

/** 12/04/2026 16:53:26, as Python's logging prints "%m/%d/%Y %X". */
export function logTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** The Linux patching module's payload (the version of the AWS-RunPatchBaseline copy the catalog follows). */
const LINUX_PAYLOAD = 'patch-baseline-operations-1.80.tar.gz';

/** Which interpreter and package manager the document's prelude finds, per product. */
function prelude(product: string): string[] {
  if (product.startsWith('Ubuntu'))
    return [
      '/usr/bin/python3',
      '/usr/bin/apt-get',
      "Using python binary: 'python3'",
      `Using Python Version: Python ${product === 'Ubuntu24.04' ? '3.12.3' : '3.10.12'}`,
    ];
  if (product.startsWith('AmazonLinux2') && product !== 'AmazonLinux2023')
    return [
      '/usr/bin/python2.7',
      '/usr/bin/yum',
      'Using Yum version: 3.4.3',
      "Using python binary: 'python2.7'",
      'Using Python Version: Python 2.7.18',
    ];
  if (product.startsWith('MacOS'))
    return ['/usr/bin/python3', "Using python binary: 'python3'", 'Using Python Version: Python 3.9.6'];
  return [
    '/usr/bin/python3',
    '/usr/bin/dnf',
    "Using python binary: 'python3'",
    `Using Python Version: Python ${product === 'AmazonLinux2023' ? '3.9.16' : '3.9.18'}`,
  ];
}

/** Collects one step's output: log lines on Linux and macOS, Write-Host lines on Windows. */
export class PatchLog {
  private readonly lines: string[] = [];
  private readonly errors: string[] = [];

  constructor(
    readonly windows: boolean,
    private readonly now: () => number,
  ) {}

  /** The document's prelude and the module's first lines (Linux, macOS). */
  start(product: string, region: string, snapshotId: string, operation: string): void {
    if (this.windows) return;
    this.lines.push(...prelude(product));
    this.info(
      `Downloading payload from https://s3.dualstack.${region}.amazonaws.com/aws-ssm-${region}/patchbaselineoperations/linux/payloads/${LINUX_PAYLOAD}`,
    );
    this.info('Attempting to import entrance file os_selector');
    this.info(`Snapshot Id: ${snapshotId}, Operation: ${operation}`); // ours
  }

  info(message: string): void {
    if (this.windows) this.lines.push(message);
    else this.lines.push(`${logTime(this.now())} root [INFO]: ${message}`);
  }

  error(message: string): void {
    if (this.windows) this.errors.push(message);
    else this.lines.push(`${logTime(this.now())} root [ERROR]: ${message}`);
  }

  /** The Windows module's summary of the operation (Linux gets one log line of counts, ours). */
  summary(
    s: {
      computerName: string;
      patchGroup: string;
      baselineId: string;
      snapshotId: string;
      operation: string;
      rebootOption: string;
      startMs: number;
      endMs: number;
    },
    c: PatchCounts,
  ): void {
    if (!this.windows) {
      this.info(
        `Patch compliance: Installed ${c.InstalledCount}, InstalledOther ${c.InstalledOtherCount}, InstalledPendingReboot ${c.InstalledPendingRebootCount}, InstalledRejected ${c.InstalledRejectedCount}, Missing ${c.MissingCount}, Failed ${c.FailedCount}, NotApplicable ${c.NotApplicableCount}`,
      );
      return;
    }
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
    const rows: [string, string | number][] = [
      ['PatchGroup', s.patchGroup],
      ['BaselineId', s.baselineId],
      ['SnapshotId', s.snapshotId],
      ['RebootOption', s.rebootOption],
      ['OwnerInformation', ''],
      ['OperationType', s.operation],
      ['OperationStartTime', iso(s.startMs)],
      ['OperationEndTime', iso(s.endMs)],
      ['InstalledCount', c.InstalledCount],
      ['InstalledRejectedCount', c.InstalledRejectedCount],
      ['InstalledPendingRebootCount', c.InstalledPendingRebootCount],
      ['InstalledOtherCount', c.InstalledOtherCount],
      ['FailedCount', c.FailedCount],
      ['MissingCount', c.MissingCount],
      ['NotApplicableCount', c.NotApplicableCount],
      ['UnreportedNotApplicableCount', c.UnreportedNotApplicableCount],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    this.lines.push(`Patch Summary for ${s.computerName}`);
    for (const [k, v] of rows) this.lines.push(`${k.padEnd(width)} : ${v}`);
    this.lines.push('');
    const at = new Date(s.endMs).toISOString().replace(/Z$/, '');
    this.lines.push(
      `${s.computerName} - PatchBaselineOperations ${s.operation === 'Scan' ? 'Assessment' : 'Installation'} Results - ${at}`,
    );
  }

  get stdout(): string {
    return this.lines.length ? `${this.lines.join('\n')}\n` : '';
  }

  /** Windows errors go to the error stream, as PowerShell's Write-Error does. */
  get stderr(): string {
    return this.errors.length ? `----------ERROR-------\n${this.errors.join('\n')}\n` : '';
  }
}
