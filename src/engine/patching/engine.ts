// Patch Manager's engine: stores what nodes report after AWS-RunPatchBaseline's Scan and Install (the real
// module uploads AWS:PatchSummary and AWS:ComplianceItem): the node's patch state and per-patch states, which
// DescribeInstancePatchStates, DescribeInstancePatches and their siblings read.
import { patchReportSchema, type PatchReport } from '../../agent-contract/patching.js';
import type { AgentToEngine } from '../../agent-contract/protocol.js';
import type { Store } from '../../store/index.js';
import type { ComplianceEngine, ComplianceWrite } from '../compliance/engine.js';
import type { FleetEngine, NodeRef } from '../fleet/fleet.js';
import type { Lifecycle, ResetScope } from '../lifecycle.js';
import { patchComplianceWrite } from './compliance-items.js';
import { patchStateRecords } from './report.js';

/** Reports written in one transaction at most. */
export const REPORT_BATCH = 100;

export interface PatchEngineDeps {
  store: Store;
  fleet: Pick<FleetEngine, 'subscribe'>;
  compliance: Pick<ComplianceEngine, 'putMany'>;
}

export class PatchEngine implements Lifecycle {
  private unsubscribe: (() => void) | undefined;
  /** Reports stored, for tests and benchmarks that wait for a fleet's scans. */
  reportsStored = 0;
  /** Reports received this turn of the event loop: written in one transaction (a fleet reports at once). */
  private pending: { from: NodeRef; report: PatchReport }[] = [];
  private flushScheduled = false;

  constructor(private readonly deps: PatchEngineDeps) {}

  start(): void {
    this.unsubscribe = this.deps.fleet.subscribe((from, m) => this.onMessage(from, m));
  }

  close(): void {
    this.flush();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** /_emulator/reset: reports not yet written for the scope are dropped (the store was cleared). */
  reset(scope: ResetScope = {}): void {
    this.pending = this.pending.filter(
      (p) =>
        (scope.account !== undefined && p.from.account !== scope.account) ||
        (scope.region !== undefined && p.from.region !== scope.region),
    );
  }

  private onMessage(from: NodeRef, m: AgentToEngine): void {
    if (m.type !== 'patch-report') return;
    // In-process reports are built by the agent's own code; a standalone agent's were checked by the socket.
    this.pending.push({ from, report: m });
    // A whole fleet reporting at once is written in slices: its reports are not all held in memory together.
    if (this.pending.length >= REPORT_BATCH) {
      this.flush();
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes the reports received so far; readers call it first so they see the latest states. */
  flush(): void {
    this.flushScheduled = false;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.deps.store.transaction(() => {
      const writes: ComplianceWrite[] = [];
      for (const { from, report } of batch)
        if (this.record(from, report)) writes.push(patchComplianceWrite(from, report));
      // The Patch compliance items, through the one compliance store (it emits the state-change events).
      this.deps.compliance.putMany(writes);
    });
  }

  /** Stores one node's patch states; a report for another node than its sender, or for a node gone, is dropped. */
  private record(from: NodeRef, r: PatchReport): boolean {
    const { store } = this.deps;
    if (r.instanceId !== from.instanceId || !store.nodes.get(from.account, from.region, from.instanceId))
      return false;
    const { state, patches } = patchStateRecords(
      {
        instanceId: r.instanceId,
        patchGroup: r.patchGroup,
        baselineId: r.baselineId,
        snapshotId: r.snapshotId,
        operation: r.operation,
        startMs: r.startMs,
        endMs: r.endMs,
        rebootOption: r.rebootOption,
        installOverrideList: r.installOverrideList,
        lastNoRebootInstallMs: r.lastNoRebootInstallMs,
      },
      { counts: r.counts, patches: r.patches },
    );
    store.patchStates.put(from.account, from.region, state, patches);
    this.reportsStored++;
    return true;
  }
}

/** Checks a report as the websocket does (tests of in-process reports use it too). */
export function parsePatchReport(m: unknown): PatchReport | undefined {
  const r = patchReportSchema().safeParse(m);
  return r.success ? r.data : undefined;
}
