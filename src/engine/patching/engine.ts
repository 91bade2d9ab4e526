// Patch Manager's engine: stores what nodes report after AWS-RunPatchBaseline's Scan and Install (the real
// module uploads AWS:PatchSummary and AWS:ComplianceItem): the node's patch state and per-patch states, which
// DescribeInstancePatchStates, DescribeInstancePatches and their siblings read.
import { patchReportSchema, type PatchReport } from '../../agent-contract/patching.js';
import type { AgentToEngine } from '../../agent-contract/protocol.js';
import type { Store } from '../../store/index.js';
import type { FleetEngine, NodeRef } from '../fleet/fleet.js';
import { patchStateRecords } from './report.js';

export interface PatchEngineDeps {
  store: Store;
  fleet: FleetEngine;
}

export class PatchEngine {
  private unsubscribe: (() => void) | undefined;
  /** Reports stored, for tests and benchmarks that wait for a fleet's scans. */
  reportsStored = 0;

  constructor(private readonly deps: PatchEngineDeps) {}

  start(): void {
    this.unsubscribe = this.deps.fleet.subscribe((from, m) => this.onMessage(from, m));
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private onMessage(from: NodeRef, m: AgentToEngine): void {
    if (m.type !== 'patch-report') return;
    // In-process reports are built by the agent's own code; a standalone agent's were checked by the socket.
    this.record(from, m);
  }

  /** Stores one node's report; a report for another node than its sender, or for a node gone, is dropped. */
  record(from: NodeRef, r: PatchReport): boolean {
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
