// AWS-ExportPatchReportToS3's report: the patch compliance of every node (or one node, with its patches) as
// .csv files in an S3 bucket, here the local S3 layout under the data dir. The columns are the ones AWS lists in
// "Generating .csv patch compliance reports" (What's in a generated patch compliance report?).
import type { Store } from '../../store/index.js';
import type { StoredNode } from '../../store/repositories/nodes.js';
import type { PatchStateRecord } from '../../store/repositories/patch-states.js';
import { PATCH_COMPLIANCE_TYPE } from './compliance-items.js';
import type { Scope } from './resolve.js';

/** "retrieves up to 10,000 patch summaries for instances in your account" (AWS-ExportPatchReportToS3). */
export const MAX_REPORT_NODES = 10_000;
/** A node's patches are read in pages of this size. */
const PATCH_PAGE = 1000;

const SUMMARY_COLUMNS = [
  'Index',
  'Instance ID',
  'Instance name',
  'Instance IP',
  'Platform name',
  'Platform version',
  'SSM Agent version',
  'Patch baseline',
  'Patch group',
  'Compliance status',
  'Compliance severity',
  'Noncompliant Critical severity patch count',
  'Noncompliant High severity patch count',
  'Noncompliant Medium severity patch count',
  'Noncompliant Low severity patch count',
  'Noncompliant Informational severity patch count',
  'Noncompliant Unspecified severity patch count',
];

const PATCH_COLUMNS = [
  'Index',
  'Instance ID',
  'Instance name',
  'Patch name',
  'KB ID/Patch ID',
  'Patch state',
  'Last report time',
  'Compliance level',
  'Patch severity',
  'Patch classification',
  'CVE ID',
  'Patch baseline',
  'Logs URL',
  'Instance IP',
  'Platform name',
  'Platform version',
  'SSM Agent version',
];

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNSPECIFIED'];
const NON_COMPLIANT = new Set(['Missing', 'Failed', 'InstalledRejected', 'InstalledPendingReboot']);

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(columns: string[], rows: (string | number)[][]): string {
  return [columns, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export interface ReportTarget {
  /** undefined: every node (`instanceids=*`). */
  instanceId?: string;
}

/** The runbook's `targets`: `instanceids=*` or `instanceids=<instance id>`; undefined when it is neither. */
export function parseReportTargets(targets: string): ReportTarget | undefined {
  const m = /^instanceids=(.+)$/i.exec(targets.trim());
  if (!m) return undefined;
  if (m[1] === '*') return {};
  return /^(i-[0-9a-f]{8,17}|mi-[0-9a-f]{17})$/.test(m[1]) ? { instanceId: m[1] } : undefined;
}

const nameOf = (n: StoredNode) => n.name ?? n.computerName;

function summaryRow(store: Store, scope: Scope, index: number, n: StoredNode, s: PatchStateRecord) {
  const c = store.compliance.getSummary(scope.account, scope.region, n.instanceId, PATCH_COMPLIANCE_TYPE);
  return [
    index,
    n.instanceId,
    nameOf(n),
    n.ipAddress,
    n.platformName,
    n.platformVersion,
    n.agentVersion,
    s.BaselineId,
    s.PatchGroup,
    c?.status ?? '',
    c?.overallSeverity ?? '',
    ...SEVERITIES.map((sev) => c?.nonCompliant[sev] ?? 0),
  ];
}

export interface PatchReportFiles {
  /** The summary .csv (one row per node). */
  summary: string;
  /** One node's non-compliant patches (.csv), for a single-node report. */
  patches?: string;
  nodes: number;
}

/** The report's files; throws a message for a node that is not a managed node or has reported nothing. */
export function patchReportFiles(store: Store, scope: Scope, target: ReportTarget): PatchReportFiles {
  const { account, region } = scope;
  if (target.instanceId) {
    const n = store.nodes.get(account, region, target.instanceId);
    if (!n)
      throw new Error(`Instance ${target.instanceId} is not a managed node of this account and Region.`);
    const s = store.patchStates.get(account, region, n.instanceId);
    if (!s)
      throw new Error(
        `Instance ${n.instanceId} has no patch compliance data; run AWS-RunPatchBaseline first.`,
      );
    const items = new Map(
      store.compliance
        .items(account, region, n.instanceId, PATCH_COMPLIANCE_TYPE)
        .map((i) => [i.id, i.severity] as const),
    );
    const rows: (string | number)[][] = [];
    for (let after: number | undefined; ; ) {
      const page = store.patchStates.listPatches(account, region, n.instanceId, after, PATCH_PAGE, {});
      for (const { patch: p } of page) {
        if (!NON_COMPLIANT.has(p.State)) continue;
        rows.push([
          rows.length + 1,
          n.instanceId,
          nameOf(n),
          p.Title,
          p.KBId,
          p.State,
          new Date(s.OperationEndMs).toISOString(),
          items.get(p.KBId) ?? 'UNSPECIFIED',
          p.Severity,
          p.Classification,
          p.CVEIds ?? '',
          s.BaselineId,
          '',
          n.ipAddress,
          n.platformName,
          n.platformVersion,
          n.agentVersion,
        ]);
      }
      if (page.length < PATCH_PAGE) break;
      after = page[page.length - 1].seq;
    }
    return {
      summary: csv(SUMMARY_COLUMNS, [summaryRow(store, scope, 1, n, s)]),
      patches: csv(PATCH_COLUMNS, rows),
      nodes: 1,
    };
  }
  const rows: (string | number)[][] = [];
  for (let after: string | undefined; rows.length < MAX_REPORT_NODES; ) {
    const page = store.patchStates.list(account, region, after, 1000);
    for (const s of page) {
      const n = store.nodes.get(account, region, s.InstanceId);
      if (n && rows.length < MAX_REPORT_NODES) rows.push(summaryRow(store, scope, rows.length + 1, n, s));
    }
    if (page.length < 1000) break;
    after = page[page.length - 1].InstanceId;
  }
  return { summary: csv(SUMMARY_COLUMNS, rows), nodes: rows.length };
}
