// The one compliance store's engine: writes a resource's items of a compliance type (COMPLETE replaces them,
// PARTIAL replaces the named ones), keeps the per-resource summary that the list operations count, and emits
// `Configuration Compliance State Change` when a resource's status for a type changes. State Manager writes
// `Association` items through it, Patch Manager `Patch` items, PutComplianceItems `Custom:` (and the others).
import type { Store } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events.js';
import type {
  ComplianceExecution,
  SeverityCounts,
  StoredComplianceItem,
  StoredComplianceSummary,
} from '../../store/repositories/compliance.js';
import {
  ComplianceTypeCountLimitExceededException,
  InvalidItemContentException,
  ItemSizeLimitExceededException,
  TotalSizeLimitExceededException,
} from '../../model/generated/errors.js';
import { MAX_CUSTOM_TYPES_PER_RESOURCE, MAX_ITEM_BYTES, MAX_TOTAL_BYTES, SEVERITIES } from './limits.js';

export interface ComplianceResource {
  account: string;
  region: string;
  resourceType: string;
  resourceId: string;
}

/** An item as PutComplianceItems carries it (ComplianceItemEntry). */
export interface ComplianceItemInput {
  Id?: string;
  Title?: string;
  Severity: string;
  Status: string;
  Details?: Record<string, string>;
}

export interface PutOptions {
  /** COMPLETE (default) replaces every item of the type; PARTIAL replaces the items with these Ids only. */
  uploadType?: 'COMPLETE' | 'PARTIAL';
  /** ItemContentHash: a put whose hash equals the stored one is ignored (PutComplianceItems API reference). */
  contentHash?: string;
  /** Extra fields of the state-change event (Patch Manager adds its baseline and severity). */
  eventDetail?: Record<string, unknown>;
}

/** One write of putMany. */
export interface ComplianceWrite {
  resource: ComplianceResource;
  complianceType: string;
  items: ComplianceItemInput[];
  execution: ComplianceExecution;
  opts?: PutOptions;
}

export interface ComplianceEngineDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
}

const SEVERITY_FIELD: Record<string, string> = {
  CRITICAL: 'CriticalCount',
  HIGH: 'HighCount',
  MEDIUM: 'MediumCount',
  LOW: 'LowCount',
  INFORMATIONAL: 'InformationalCount',
  UNSPECIFIED: 'UnspecifiedCount',
};

export class ComplianceEngine {
  constructor(private readonly deps: ComplianceEngineDeps) {}

  start(): void {}
  /** The store has been cleared for the scope; nothing is kept in memory. */
  reset(): void {}
  close(): void {}

  /**
   * Writes a resource's items of one compliance type. Returns false when ItemContentHash says nothing changed.
   * Throws AWS's errors for too many custom types and oversized items; changes nothing then.
   */
  put(
    resource: ComplianceResource,
    complianceType: string,
    items: ComplianceItemInput[],
    execution: ComplianceExecution,
    opts: PutOptions = {},
  ): boolean {
    return this.deps.store.transaction(() =>
      this.write({ resource, complianceType, items, execution, opts }),
    );
  }

  /** Many writes in one transaction (an association run's results on a thousand nodes): all land, or none. */
  putMany(writes: ComplianceWrite[]): void {
    this.deps.store.transaction(() => {
      for (const w of writes) this.write(w);
    });
  }

  private write({ resource, complianceType, items, execution, opts = {} }: ComplianceWrite): boolean {
    const { store } = this.deps;
    const { account, region, resourceId } = resource;
    const previous = store.compliance.getSummary(account, region, resourceId, complianceType);
    if (opts.contentHash && previous?.contentHash === opts.contentHash) return false;
    checkSizes(items);
    if (complianceType.startsWith('Custom:') && !previous) {
      const custom = store.compliance
        .typesOf(account, region, resourceId)
        .filter((t) => t.startsWith('Custom:'));
      if (custom.length >= MAX_CUSTOM_TYPES_PER_RESOURCE)
        throw new ComplianceTypeCountLimitExceededException(
          `You specified too many custom compliance types. You can specify a maximum of ${MAX_CUSTOM_TYPES_PER_RESOURCE} different types.`,
        );
    }
    // PARTIAL replaces the named items: a write of the same key replaces the row, others stay.
    if (opts.uploadType !== 'PARTIAL')
      store.compliance.deleteItems(account, region, resourceId, complianceType);
    items.forEach((it, i) => store.compliance.putItem(toRow(resource, complianceType, it, execution, i)));
    this.summarize(resource, complianceType, execution, opts.contentHash ?? '', previous, opts.eventDetail);
    return true;
  }

  /** Removes one item (an association's, when the association is deleted) and updates the summary. */
  removeItem(resource: ComplianceResource, complianceType: string, itemId: string): void {
    const { store } = this.deps;
    const { account, region, resourceId } = resource;
    const previous = store.compliance.getSummary(account, region, resourceId, complianceType);
    if (!previous) return;
    store.transaction(() => {
      store.compliance.deleteItem(account, region, resourceId, complianceType, itemKeyOf(itemId, 0));
      this.summarize(resource, complianceType, previous.execution, previous.contentHash, previous);
    });
  }

  /** Recomputes the summary of (resource, type) from its items; emits the event when the status changed. */
  private summarize(
    resource: ComplianceResource,
    complianceType: string,
    execution: ComplianceExecution,
    contentHash: string,
    previous: StoredComplianceSummary | undefined,
    eventDetail?: Record<string, unknown>,
  ): void {
    const { store } = this.deps;
    const { account, region, resourceId } = resource;
    const items = store.compliance.items(account, region, resourceId, complianceType);
    if (!items.length) {
      store.compliance.deleteSummary(account, region, resourceId, complianceType);
      return;
    }
    const compliant = zeroCounts();
    const nonCompliant = zeroCounts();
    for (const i of items) (i.status === 'COMPLIANT' ? compliant : nonCompliant)[i.severity]++;
    const bad = items.filter((i) => i.status !== 'COMPLIANT');
    const status = bad.length ? 'NON_COMPLIANT' : 'COMPLIANT';
    // OverallSeverity, "the highest severity item found for the resource": among the non-compliant items
    // when there are any (what needs attention first), else among all (ours: AWS documents no more).
    const overallSeverity = highest((bad.length ? bad : items).map((i) => i.severity));
    const summary: StoredComplianceSummary = {
      account,
      region,
      resourceType: resource.resourceType,
      resourceId,
      complianceType,
      status,
      overallSeverity,
      execution,
      contentHash,
      compliant,
      nonCompliant,
    };
    store.compliance.putSummary(summary);
    if (previous?.status !== status) this.emit(summary, eventDetail);
  }

  /** UG "Amazon EventBridge event examples": Configuration Compliance State Change. */
  private emit(s: StoredComplianceSummary, extra: Record<string, unknown> = {}): void {
    this.deps.events.emit({
      'detail-type': 'Configuration Compliance State Change',
      account: s.account,
      region: s.region,
      resources: [`arn:aws:ssm:${s.region}:${s.account}:managed-instance/${s.resourceId}`],
      detail: {
        'last-runtime': new Date(s.execution.executionMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'compliance-status': s.status === 'COMPLIANT' ? 'compliant' : 'non_compliant',
        'resource-type': 'managed-instance',
        'resource-id': s.resourceId,
        'compliance-type': s.complianceType,
        ...extra,
      },
    });
  }
}

/** The API's SeveritySummary of a count map. */
export function severitySummary(counts: SeverityCounts): Record<string, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [SEVERITY_FIELD[s], counts[s] ?? 0]));
}

/** Items keep their Id as key; items without one are kept apart by their position. */
function itemKeyOf(id: string | undefined, index: number): string {
  return id !== undefined && id !== '' ? `id:${id}` : `#${String(index).padStart(6, '0')}`;
}

function toRow(
  r: ComplianceResource,
  complianceType: string,
  it: ComplianceItemInput,
  execution: ComplianceExecution,
  index: number,
): StoredComplianceItem {
  return {
    account: r.account,
    region: r.region,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    complianceType,
    itemKey: itemKeyOf(it.Id, index),
    id: it.Id,
    title: it.Title,
    status: it.Status,
    severity: it.Severity,
    execution,
    details: it.Details,
  };
}

function checkSizes(items: ComplianceItemInput[]): void {
  let total = 0;
  const ids = new Set<string>();
  for (const it of items) {
    const bytes = Buffer.byteLength(JSON.stringify(it));
    if (bytes > MAX_ITEM_BYTES)
      throw new ItemSizeLimitExceededException(
        `The compliance item size of ${bytes} bytes exceeds the limit of ${MAX_ITEM_BYTES} bytes.`,
      );
    total += bytes;
    if (it.Id !== undefined && it.Id !== '') {
      // Ours: two items with one Id would overwrite each other, so the request is refused as a whole.
      if (ids.has(it.Id))
        throw new InvalidItemContentException(`The compliance item ID ${it.Id} appears more than once.`);
      ids.add(it.Id);
    }
  }
  if (total > MAX_TOTAL_BYTES)
    throw new TotalSizeLimitExceededException(
      `The compliance items total ${total} bytes, more than the limit of ${MAX_TOTAL_BYTES} bytes.`,
    );
}

function zeroCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
}

function highest(severities: string[]): string {
  return SEVERITIES.find((s) => severities.includes(s)) ?? 'UNSPECIFIED';
}
