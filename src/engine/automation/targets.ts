// Rate control: an execution with Targets (or TargetMaps) runs one child execution per target value, at most
// MaxConcurrency at once, and starts no more once more than MaxErrors children have failed (UG "Run
// automations at scale").
import { ServiceError } from '../../model/service-error.js';
import {
  InvalidAutomationExecutionParametersException,
  InvalidTarget,
} from '../../model/generated/errors.js';
import type { AutomationServices } from './actions/types.js';
import { randomUUID } from 'node:crypto';
import type { StoredExecution, StoredStepExecution } from '../../store/repositories/automation.js';
import { concurrencyOf, errorLimitOf } from '../commands/rate.js';
import type { StartAutomationExecutionRequest } from '../../model/generated/types.js';
import type { AutomationEngine } from './engine.js';
import { isFinal, nextExecutionStatus, nextStepStatus } from './status.js';
import { toParameterMap } from './values.js';
import { DEFAULT_MAX_CONCURRENCY } from './limits.js';

type Scope = { account: string; region: string };

/** The values a TargetParameterName takes, from Targets (tags, instance ids, parameter values, groups). */
export function resolveTargetValues(
  services: Pick<AutomationServices, 'store' | 'clock'>,
  scope: Scope,
  targets: { Key: string; Values: string[] }[],
): string[] {
  const { store, clock } = services;
  // aws/aws-cli#8628: two tag (or group) targets are refused with this text (no final period).
  if (targets.length > 1)
    throw new InvalidAutomationExecutionParametersException(
      'Only one resource group or tag can be specified at a time',
    );
  const conditions: { tagKeys: string[]; values?: string[] }[] = [];
  let ids: string[] | undefined;
  let ec2Only = false;
  for (const t of targets) {
    if (t.Key === 'ParameterValues') return [...new Set(t.Values)];
    if (/^instanceids$/i.test(t.Key)) ids = t.Values;
    else if (t.Key.startsWith('tag:')) conditions.push({ tagKeys: [t.Key.slice(4)], values: t.Values });
    else if (t.Key === 'tag-key') conditions.push({ tagKeys: t.Values });
    else if (t.Key === 'ResourceGroup' || t.Key === 'resource-groups:Name')
      // Nodes carry group membership as the tag `resource-groups:Name` (no Resource Groups service here).
      conditions.push({ tagKeys: ['resource-groups:Name'], values: t.Values });
    else if (t.Key === 'AWS::EC2::Instance')
      ec2Only = true; // with Values=* : every EC2 instance
    else
      throw new InvalidTarget(
        `Target key ${t.Key} is not supported. Use ParameterValues, InstanceIds, ResourceGroup, tag-key or tag:<key>.`,
      );
  }
  if (ids && !conditions.length) return [...new Set(ids)];
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = store.nodes.list(
      scope.account,
      scope.region,
      { conditions, nowMs: clock.nowMs(), lostAfterMs: Number.MAX_SAFE_INTEGER },
      1000,
      after,
    );
    for (const n of page.items)
      if ((!ids || ids.includes(n.instanceId)) && (!ec2Only || n.instanceId.startsWith('i-')))
        out.push(n.instanceId);
    if (!page.nextToken || !page.items.length) break;
    after = page.items[page.items.length - 1].instanceId;
  }
  return out;
}

export class TargetFanOut {
  private readonly queue: { target: string; parameters: Record<string, string[]> }[] = [];
  private readonly running = new Set<string>();
  private concurrency = 1;
  private errorLimit = 0;
  private failed = 0;
  private succeeded = 0;
  private cancelled = 0;
  private timedOut = 0;
  private stopped: 'Cancel' | 'Complete' | undefined;
  private abandoned = false;
  /** The most children InProgress at once (rate-control evidence for tests and the bench). */
  peak = 0;
  /** One aws:executeAutomation step per target, named after the target value (as AWS shows the parent). */
  readonly steps: StoredStepExecution[] = [];

  constructor(
    private readonly engine: AutomationEngine,
    readonly exec: StoredExecution,
    private readonly req: StartAutomationExecutionRequest,
    params: Record<string, unknown>,
    targetValues: string[] | undefined,
  ) {
    const base = toParameterMap(params);
    if (targetValues) {
      const name = req.TargetParameterName!;
      for (const v of targetValues) this.queue.push({ target: v, parameters: { ...base, [name]: [v] } });
    } else {
      for (const m of req.TargetMaps ?? [])
        this.queue.push({ target: JSON.stringify(m), parameters: { ...base, ...m } });
    }
  }

  start(): void {
    if (this.abandoned) return;
    const total = this.queue.length;
    this.concurrency = concurrencyOf(this.exec.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, total);
    this.errorLimit = errorLimitOf(this.exec.maxErrors ?? '0', total);
    this.exec.progress = {
      TotalSteps: total,
      SuccessSteps: 0,
      FailedSteps: 0,
      CancelledSteps: 0,
      TimedOutSteps: 0,
    };
    this.exec.status = nextExecutionStatus(this.exec.status, 'InProgress');
    this.engine.saveExecution(this.exec);
    this.pump();
  }

  private pump(): void {
    while (
      !this.abandoned &&
      !this.stopped &&
      this.failed <= this.errorLimit &&
      this.running.size < this.concurrency &&
      this.queue.length
    ) {
      const next = this.queue.shift()!;
      this.launch(next.target, next.parameters);
    }
    this.peak = Math.max(this.peak, this.running.size);
    if (!this.running.size && (this.stopped || this.failed > this.errorLimit || !this.queue.length))
      this.finish();
  }

  private launch(target: string, parameters: Record<string, string[]>): void {
    const scope = { account: this.exec.account, region: this.exec.region };
    let childId: string;
    try {
      childId = this.engine.startChild(
        this.exec,
        {
          DocumentName: this.exec.documentName,
          DocumentVersion: this.exec.documentVersion,
          Parameters: parameters,
        },
        target,
      );
    } catch (err) {
      // A target whose parameters the runbook refuses counts as a failed child.
      if (!(err instanceof ServiceError)) throw err;
      this.failed++;
      this.count();
      return;
    }
    this.running.add(childId);
    const seq = this.steps.length;
    const step: StoredStepExecution = {
      stepExecutionId: randomUUID(),
      stepName: target,
      action: 'aws:executeAutomation',
      status: 'InProgress',
      startMs: this.engine.services.clock.nowMs(),
      // The per-target step shows the raw value, not JSON text (UG "Run automations at scale" sample).
      inputs: this.exec.targetParameterName ? { [this.exec.targetParameterName]: target } : {},
      outputs: {},
    };
    this.steps.push(step);
    this.engine.saveStep(this.exec, seq, step);
    void this.engine.whenFinished(scope, childId).then((child) => {
      this.running.delete(childId);
      step.status = nextStepStatus(step.status, child.status);
      step.endMs = this.engine.services.clock.nowMs();
      step.outputs = { ExecutionId: [childId], Status: [child.status] };
      if (child.failureMessage) step.failureMessage = child.failureMessage;
      this.engine.saveStep(this.exec, seq, step);
      if (child.status === 'Success') this.succeeded++;
      else if (child.status === 'Cancelled') this.cancelled++;
      else {
        this.failed++;
        if (child.status === 'TimedOut') this.timedOut++;
      }
      this.count();
      this.pump();
    });
  }

  private count(): void {
    if (this.abandoned || isFinal(this.exec.status)) return;
    this.exec.progress = {
      TotalSteps: this.exec.progress?.TotalSteps ?? 0,
      SuccessSteps: this.succeeded,
      FailedSteps: this.failed - this.timedOut,
      CancelledSteps: this.cancelled,
      TimedOutSteps: this.timedOut,
    };
    this.engine.saveExecution(this.exec);
  }

  private finish(): void {
    if (this.abandoned || isFinal(this.exec.status)) return;
    const { clock } = this.engine.services;
    this.exec.endMs = clock.nowMs();
    if (this.stopped === 'Cancel') this.exec.status = nextExecutionStatus(this.exec.status, 'Cancelled');
    else if (this.failed > this.errorLimit) {
      this.exec.status = nextExecutionStatus(this.exec.status, 'Failed');
      this.exec.failureMessage = `${this.failed} of the target executions failed, more than MaxErrors (${this.exec.maxErrors}) allows; no more were started.`;
    } else if (this.failed > 0) {
      this.exec.status = nextExecutionStatus(this.exec.status, 'Failed');
      this.exec.failureMessage = `${this.failed} of the target executions failed.`;
    } else this.exec.status = nextExecutionStatus(this.exec.status, 'Success');
    this.count();
    this.engine.saveExecution(this.exec);
    this.engine.executionEnded(this.exec);
  }

  stop(type: 'Cancel' | 'Complete'): void {
    this.stopped = type;
    this.queue.length = 0;
    if (type === 'Cancel') {
      this.exec.status = nextExecutionStatus(this.exec.status, 'Cancelling');
      this.engine.saveExecution(this.exec);
      const scope = { account: this.exec.account, region: this.exec.region };
      for (const id of this.running) this.engine.stopExecution(scope, id, 'Cancel');
    }
    this.pump();
  }

  abandon(): void {
    this.abandoned = true;
    this.queue.length = 0;
  }
}
