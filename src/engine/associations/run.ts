// One association execution: its targets run through a real Run Command command (Command documents) or a
// real Automation execution (runbooks, rate-controlled per target); each target's result becomes an execution
// target, the node's latest association status and, with SyncCompliance AUTO, its Association compliance item.
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../clock.js';
import type { Store } from '../../store/index.js';
import type { CommandEngine } from '../commands/engine.js';
import type { AutomationEngine } from '../automation/engine.js';
import type { ComplianceEngine, ComplianceWrite } from '../compliance/engine.js';
import type { StoredAssociation } from '../../store/repositories/associations.js';
import type {
  StoredAssociationExecution,
  StoredExecutionTarget,
  StoredInstanceStatus,
} from '../../store/repositories/association-executions.js';
import type { StoredInvocation } from '../../store/repositories/commands.js';
import { outputKey, s3Url } from '../commands/output.js';
import { MANAGED_INSTANCE } from '../compliance/limits.js';
import type { AssociationEvents } from './events.js';
import { RESULT_BATCH, RUN_ALL_AT_ONCE, TARGET_RESOLVE_PAGE } from './limits.js';
import { resolveNodeTargets } from './targets.js';
import { findDocumentRef, findDocumentVersion } from '../documents/index.js';

export interface RunHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: AssociationEvents;
  readonly commands: CommandEngine;
  readonly automation: AutomationEngine;
  readonly compliance: ComplianceEngine;
  warn(message: string, err?: unknown): void;
}

/** A target's outcome before it is written. */
interface TargetResult {
  resourceId: string;
  resourceType: string;
  status: 'Success' | 'Failed';
  detailedStatus: string;
  executionSummary: string;
  outputSource?: { OutputSourceId: string; OutputSourceType: string };
  outputUrl?: string;
  documentVersion: string;
}

const HOUR_MS = 3_600_000;
/** The role State Manager dispatches with when the association names none (AssociationDispatchAssumeRole). */
const serviceLinkedRole = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM`;

export class AssociationRun {
  readonly exec: StoredAssociationExecution;
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private abandoned = false;
  private durationTimer: TimerHandle | undefined;
  /** The document version a run uses ("1", not "$DEFAULT"), as node statuses and compliance report it. */
  private readonly documentVersion: string;
  private cancel: (() => void) | undefined;
  done = false;

  /** `targetIds`: the nodes to run on (a node that joined); undefined resolves the targets at the start. */
  constructor(
    private readonly host: RunHost,
    readonly association: StoredAssociation,
    private readonly targetIds?: string[],
  ) {
    const a = association;
    this.exec = {
      account: a.account,
      region: a.region,
      associationId: a.associationId,
      associationVersion: a.version,
      executionId: randomUUID(),
      status: 'Pending',
      detailedStatus: 'Pending',
      createdMs: host.clock.nowMs(),
      resourceCountByStatus: {},
      alarmConfiguration: a.config.AlarmConfiguration,
    };
    this.finished = new Promise((r) => (this.resolveFinished = r));
    const scope = { account: a.account, region: a.region };
    const ref = findDocumentRef(host.store, scope, a.config.Name);
    const v = ref && findDocumentVersion(host.store, scope, ref, a.config.DocumentVersion);
    this.documentVersion = v ? String(v.version) : a.config.DocumentVersion;
  }

  start(): void {
    if (this.abandoned) return;
    this.host.store.associationExecutions.putExecution(this.exec);
    const work = this.association.documentType === 'Automation' ? this.runAutomation() : this.runCommand();
    void work.catch((err: unknown) => {
      this.host.warn(`association ${this.exec.associationId}: a run failed`, err);
      this.end([], 'Failed');
    });
  }

  /** Reset, deletion or shutdown: stop and write nothing more. */
  abandon(): void {
    this.abandoned = true;
    this.host.clock.clearTimer(this.durationTimer);
    this.resolveFinished();
  }

  private get scope() {
    return { account: this.exec.account, region: this.exec.region };
  }

  // ---- Command documents: one command to every target node, under the association's rate controls ----

  private async runCommand(): Promise<void> {
    const { store, clock, commands } = this.host;
    const { config } = this.association;
    const ids = this.targetIds ?? resolveNodeTargets(store, this.scope, config, clock.nowMs());
    if (!ids.length) return this.end([], 'Success');
    const s3 = config.OutputLocation?.S3Location;
    let commandId: string;
    try {
      commandId = commands.send(this.scope, {
        DocumentName: config.Name,
        DocumentVersion: config.DocumentVersion,
        InstanceIds: ids,
        Parameters: config.Parameters,
        MaxConcurrency: config.MaxConcurrency ?? RUN_ALL_AT_ONCE,
        MaxErrors: config.MaxErrors ?? RUN_ALL_AT_ONCE,
        OutputS3Region: s3?.OutputS3Region,
        OutputS3BucketName: s3?.OutputS3BucketName,
        OutputS3KeyPrefix: s3?.OutputS3KeyPrefix,
        ServiceRoleArn: config.AssociationDispatchAssumeRole,
      }).commandId;
    } catch (err) {
      // The document or a node changed since the association was checked: every target fails with the reason.
      const reason = err instanceof Error && err.name ? err.name : 'Failed';
      return this.end(
        ids.map((id) => this.nodeResult(id, 'Failed', reason, '0 out of 0 plugin processed. ')),
        'Failed',
      );
    }
    this.begin(ids.map((id) => ({ id, type: MANAGED_INSTANCE })));
    this.cancel = () => void commands.cancel(this.scope, commandId);
    this.armDuration();
    await commands.whenFinished(this.scope, commandId);
    if (this.abandoned) return;
    const results: TargetResult[] = [];
    let token: string | undefined;
    do {
      const page = store.commands.listInvocations(
        this.exec.account,
        this.exec.region,
        { commandId },
        TARGET_RESOLVE_PAGE,
        token,
      );
      if (!page) break;
      for (const inv of page.items) results.push(this.invocationResult(inv, commandId));
      token = page.nextToken;
    } while (token);
    this.end(results);
  }

  private invocationResult(inv: StoredInvocation, commandId: string): TargetResult {
    const ok = inv.status === 'Success';
    const p = inv.plugins;
    const success = p.filter((x) => x.status === 'Success' && x.statusDetails !== 'Skipped').length;
    const skipped = p.filter((x) => x.statusDetails === 'Skipped').length;
    const timedOut = p.filter((x) => x.status === 'TimedOut').length;
    const failed = p.length - success - skipped - timedOut;
    const processed = p.filter((x) => x.startMs !== undefined).length;
    // The text AWS's DescribeInstanceAssociationsStatus shows (CLI reference example), trailing space included.
    const summary = `${processed} out of ${p.length} plugin processed, ${success} success, ${failed} failed, ${timedOut} timedout, ${skipped} skipped. `;
    const r = this.nodeResult(inv.instanceId, ok ? 'Success' : 'Failed', inv.statusDetails, summary);
    r.outputSource = { OutputSourceId: commandId, OutputSourceType: 'RunCommand' };
    const s3 = this.association.config.OutputLocation?.S3Location;
    if (s3?.OutputS3BucketName)
      r.outputUrl = s3Url(
        s3.OutputS3Region ?? this.exec.region,
        s3.OutputS3BucketName,
        outputKey(s3.OutputS3KeyPrefix ?? '', commandId, inv.instanceId),
      );
    return r;
  }

  private nodeResult(
    id: string,
    status: 'Success' | 'Failed',
    detailed: string,
    summary: string,
  ): TargetResult {
    return {
      resourceId: id,
      resourceType: MANAGED_INSTANCE,
      status,
      detailedStatus: detailed,
      executionSummary: summary,
      documentVersion: this.documentVersion,
    };
  }

  // ---- Automation runbooks: one execution, rate-controlled over the targets as StartAutomationExecution does ----

  private async runAutomation(): Promise<void> {
    const { store, automation } = this.host;
    const { config } = this.association;
    const targets = config.Targets ?? [];
    const targetParameter = targets.length ? config.AutomationTargetParameterName : undefined;
    let executionId: string;
    try {
      executionId = automation.startExecution(
        this.scope,
        config.AssociationDispatchAssumeRole ?? serviceLinkedRole(this.exec.account),
        {
          DocumentName: config.Name,
          DocumentVersion: config.DocumentVersion,
          Parameters: config.Parameters,
          ...(targetParameter ? { Targets: targets, TargetParameterName: targetParameter } : {}),
          ...(config.TargetMaps?.length ? { TargetMaps: config.TargetMaps } : {}),
          ...(targetParameter || config.TargetMaps?.length
            ? {
                MaxConcurrency: config.MaxConcurrency ?? RUN_ALL_AT_ONCE,
                MaxErrors: config.MaxErrors ?? RUN_ALL_AT_ONCE,
              }
            : {}),
          AlarmConfiguration: config.AlarmConfiguration,
        },
      );
    } catch (err) {
      this.host.warn(`association ${this.exec.associationId}: the runbook did not start`, err);
      return this.end([], 'Failed');
    }
    // The targets are known once the runbook has fanned out: they are listed when it ends.
    this.begin([]);
    this.cancel = () => automation.stopExecution(this.scope, executionId, 'Cancel');
    this.armDuration();
    const parent = await automation.whenFinished(this.scope, executionId);
    if (this.abandoned) return;
    const children: { id: string; target?: string; status: string }[] = [];
    let token: string | undefined;
    do {
      const page = store.automation.list(
        this.exec.account,
        this.exec.region,
        { parentIds: [executionId] },
        TARGET_RESOLVE_PAGE,
        token,
      );
      if (page === 'bad-token') break;
      for (const c of page.items) children.push({ id: c.executionId, target: c.target, status: c.status });
      token = page.nextToken;
    } while (token);
    const runs = children.length ? children : [{ id: executionId, target: undefined, status: parent.status }];
    const results = runs.map((c): TargetResult => {
      const node = c.target !== undefined && /^(i|mi)-[0-9a-f]+$/.test(c.target);
      return {
        resourceId: c.target ?? c.id,
        // Runbook targets that are not nodes are reported as the automation execution that ran for them (ours).
        resourceType: node ? MANAGED_INSTANCE : 'Automation',
        status: c.status === 'Success' ? 'Success' : 'Failed',
        detailedStatus: c.status,
        executionSummary: `Automation execution ${c.id} ended with status ${c.status}.`,
        outputSource: { OutputSourceId: c.id, OutputSourceType: 'Automation' },
        documentVersion: this.documentVersion,
      };
    });
    this.end(results);
  }

  // ---- bookkeeping ----

  /** Pending to InProgress: the targets are known and listed Pending. */
  private begin(targets: { id: string; type: string }[]): void {
    if (this.abandoned) return;
    const { store } = this.host;
    const now = this.host.clock.nowMs();
    this.exec.status = 'InProgress';
    this.exec.detailedStatus = 'InProgress';
    store.transaction(() => {
      store.associationExecutions.putExecution(this.exec);
      for (const t of targets)
        store.associationExecutions.putTarget(this.target(t.id, t.type, 'Pending', now));
    });
  }

  /** Duration: "After the resulting cutoff time passes, associations that are currently running are cancelled." */
  private armDuration(): void {
    const hours = this.association.config.Duration;
    if (!hours) return;
    this.durationTimer = this.host.clock.setTimer(this.exec.createdMs + hours * HOUR_MS, () =>
      this.cancel?.(),
    );
  }

  private target(
    id: string,
    type: string,
    status: string,
    atMs: number,
    r?: TargetResult,
  ): StoredExecutionTarget {
    return {
      account: this.exec.account,
      region: this.exec.region,
      associationId: this.exec.associationId,
      associationVersion: this.exec.associationVersion,
      executionId: this.exec.executionId,
      resourceId: id,
      resourceType: type,
      status,
      detailedStatus: r?.detailedStatus ?? status,
      lastExecutionMs: atMs,
      outputSource: r?.outputSource,
    };
  }

  /** Writes every target's result, the nodes' statuses and compliance, then the execution and the association. */
  private end(results: TargetResult[], forced?: 'Success' | 'Failed'): void {
    if (this.abandoned || this.done) return;
    this.done = true;
    this.host.clock.clearTimer(this.durationTimer);
    const { store, compliance, events } = this.host;
    const now = this.host.clock.nowMs();
    const a = this.association;
    const counts: Record<string, number> = {};
    for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
    const status = forced ?? (counts.Failed ? 'Failed' : 'Success');
    const statuses: StoredInstanceStatus[] = [];
    const items: ComplianceWrite[] = [];
    for (let i = 0; i < results.length; i += RESULT_BATCH) {
      store.transaction(() => {
        for (const r of results.slice(i, i + RESULT_BATCH)) {
          store.associationExecutions.putTarget(this.target(r.resourceId, r.resourceType, r.status, now, r));
          if (r.resourceType !== MANAGED_INSTANCE) continue;
          const s = this.instanceStatus(r, now);
          store.associationExecutions.putInstanceStatus(s);
          statuses.push(s);
          if (a.config.SyncCompliance !== 'MANUAL') items.push(this.complianceOf(r, now));
        }
      });
    }
    compliance.putMany(items);
    Object.assign(this.exec, {
      status,
      detailedStatus: status,
      lastExecutionMs: now,
      resourceCountByStatus: counts,
    });
    const updated = store.transaction(() => {
      store.associationExecutions.putExecution(this.exec);
      // The association may have been updated meanwhile: only the run's own fields change.
      const current = store.associations.get(a.account, a.region, a.associationId);
      if (!current) return undefined;
      current.lastExecutionMs = now;
      if (status === 'Success') current.lastSuccessfulExecutionMs = now;
      const agg = store.associationExecutions.statusCounts(a.account, a.region, a.associationId);
      if (Object.keys(agg).length) {
        const overall = agg.Failed ? 'Failed' : agg.Success ? 'Success' : 'Pending';
        current.overview = { status: overall, detailedStatus: overall, counts: agg };
      }
      store.associations.put(current);
      return current;
    });
    if (updated) {
      for (const s of statuses) events.instance(updated, s);
      events.association(updated);
    }
    this.resolveFinished();
  }

  /** SyncCompliance AUTO: the node's Association item of this association, from the run's result. */
  private complianceOf(r: TargetResult, now: number): ComplianceWrite {
    const a = this.association;
    return {
      resource: {
        account: a.account,
        region: a.region,
        resourceType: MANAGED_INSTANCE,
        resourceId: r.resourceId,
      },
      complianceType: 'Association',
      items: [
        {
          Id: a.associationId,
          Title: a.config.AssociationName ?? '',
          Severity: a.config.ComplianceSeverity ?? 'UNSPECIFIED',
          Status: r.status === 'Success' ? 'COMPLIANT' : 'NON_COMPLIANT',
          Details: { DocumentName: a.config.Name, DocumentVersion: r.documentVersion },
        },
      ],
      execution: { executionMs: now },
      opts: { uploadType: 'PARTIAL' },
    };
  }

  private instanceStatus(r: TargetResult, now: number): StoredInstanceStatus {
    const a = this.association;
    return {
      account: a.account,
      region: a.region,
      instanceId: r.resourceId,
      associationId: a.associationId,
      associationVersion: a.version,
      associationName: a.config.AssociationName,
      name: a.config.Name,
      documentVersion: r.documentVersion,
      executionMs: now,
      status: r.status,
      detailedStatus: r.detailedStatus,
      executionSummary: r.executionSummary,
      outputUrl: r.outputUrl,
    };
  }
}
