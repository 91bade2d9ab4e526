// What the maintenance window handlers share: lookups that answer AWS's DoesNotExistException, ClientToken
// idempotency, the filters of the Describe operations, and the mappers from stored records to API shapes.
import type { RequestContext } from '../../protocol/handler.js';
import type * as T from '../../../model/generated/types.js';
import type {
  StoredWindow,
  StoredWindowTarget,
  StoredWindowTask,
  TargetSpec,
} from '../../../store/repositories/maintenance-windows.js';
import type {
  StoredTaskExecution,
  StoredTaskInvocation,
  StoredWindowExecution,
} from '../../../store/repositories/window-executions.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { formatOpening } from '../../../engine/maintenance-windows/schedule.js';

export function requireWindow(ctx: RequestContext, windowId: string): StoredWindow {
  const w = ctx.services.store.maintenanceWindows.getWindow(ctx.account, ctx.region, windowId);
  if (!w) throw mwErrors.windowNotFound(windowId);
  return w;
}

export function requireExecution(ctx: RequestContext, windowExecutionId: string): StoredWindowExecution {
  const e = ctx.services.store.windowExecutions.getExecution(ctx, windowExecutionId);
  if (!e) throw mwErrors.executionNotFound(windowExecutionId);
  return e;
}

export function requireTaskExecution(
  ctx: RequestContext,
  windowExecutionId: string,
  taskExecutionId: string,
): StoredTaskExecution {
  requireExecution(ctx, windowExecutionId);
  const t = ctx.services.store.windowExecutions.getTaskExecution(ctx, windowExecutionId, taskExecutionId);
  if (!t) throw mwErrors.taskExecutionNotFound(taskExecutionId);
  return t;
}

/** The request as ClientToken idempotency compares it: everything but the token. */
export function fingerprintOf(input: object): string {
  return JSON.stringify({ ...input, ClientToken: undefined });
}

/**
 * A repeated ClientToken: the same request returns what the first one created; a different one is AWS's
 * IdempotentParameterMismatch. Returns undefined when the token is new (or absent).
 */
export function replayed<R extends { requestFingerprint?: string }>(
  prior: R | undefined,
  input: object,
  operation: string,
): R | undefined {
  if (!prior) return undefined;
  if (prior.requestFingerprint !== fingerprintOf(input)) throw mwErrors.tokenReused(operation);
  return prior;
}

/** Targets as stored: the model allows Key / Values to be absent; the checks that follow reject that. */
export function toSpecs(targets: T.Target[] | undefined): TargetSpec[] {
  return (targets ?? []).map((t) => ({ Key: t.Key ?? '', Values: t.Values ?? [] }));
}

export interface FilterCheck<R> {
  keys: string[];
  /** Checks a filter's values before anything is read (throws AWS-shaped errors). */
  validate?: (key: string, values: string[]) => void;
  test: (key: string, values: string[], record: R) => boolean;
}

/** MaintenanceWindowFilter list to one predicate (all filters must match; any value of one filter matches). */
export function filterOf<R>(
  filters: T.MaintenanceWindowFilter[] | undefined,
  check: FilterCheck<R>,
): (r: R) => boolean {
  const list = (filters ?? []).map((f) => ({ key: f.Key ?? '', values: f.Values ?? [] }));
  for (const f of list) {
    if (!check.keys.includes(f.key)) throw mwErrors.badFilter(f.key, check.keys);
    check.validate?.(f.key, f.values);
  }
  return (r) => list.every((f) => check.test(f.key, f.values, r));
}

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function toWindowIdentity(w: StoredWindow): T.MaintenanceWindowIdentity {
  return {
    WindowId: w.windowId,
    Name: w.name,
    Description: w.description,
    Enabled: w.enabled,
    Duration: w.duration,
    Cutoff: w.cutoff,
    Schedule: w.schedule,
    ScheduleTimezone: w.scheduleTimezone,
    ScheduleOffset: w.scheduleOffset,
    EndDate: w.endDate,
    StartDate: w.startDate,
    NextExecutionTime: nextExecutionTime(w),
  };
}

export function nextExecutionTime(w: StoredWindow): string | undefined {
  return w.enabled && w.nextMs !== undefined ? formatOpening(w.nextMs, w.scheduleTimezone) : undefined;
}

export function toWindowTarget(t: StoredWindowTarget): T.MaintenanceWindowTarget {
  return {
    WindowId: t.windowId,
    WindowTargetId: t.windowTargetId,
    ResourceType: t.resourceType,
    Targets: t.targets,
    OwnerInformation: t.ownerInformation,
    Name: t.name,
    Description: t.description,
  };
}

/** The task as Get / Update answer it (Describe lists the same fields but TaskInvocationParameters). */
export function toTaskDetails(t: StoredWindowTask) {
  return {
    WindowId: t.windowId,
    WindowTaskId: t.windowTaskId,
    Targets: t.targets,
    TaskArn: t.taskArn,
    ServiceRoleArn: t.serviceRoleArn,
    TaskType: t.taskType,
    TaskParameters: t.taskParameters ?? {},
    TaskInvocationParameters: t.invocationParameters as
      | T.MaintenanceWindowTaskInvocationParameters
      | undefined,
    Priority: t.priority,
    MaxConcurrency: t.maxConcurrency,
    MaxErrors: t.maxErrors,
    LoggingInfo: t.loggingInfo,
    Name: t.name,
    Description: t.description,
    // UG: CONTINUE_TASK is "the default value".
    CutoffBehavior: t.cutoffBehavior ?? 'CONTINUE_TASK',
    AlarmConfiguration: t.alarmConfiguration,
  };
}

export function toWindowTask(t: StoredWindowTask): T.MaintenanceWindowTask {
  const { TaskInvocationParameters: _omit, TaskType, ...rest } = toTaskDetails(t);
  void _omit;
  return { ...rest, Type: TaskType };
}

export function toExecution(e: StoredWindowExecution): T.MaintenanceWindowExecution {
  return {
    WindowId: e.windowId,
    WindowExecutionId: e.windowExecutionId,
    Status: e.status,
    StatusDetails: e.statusDetails,
    StartTime: date(e.startMs),
    EndTime: date(e.endMs),
  };
}

export function toTaskIdentity(t: StoredTaskExecution): T.MaintenanceWindowExecutionTaskIdentity {
  return {
    WindowExecutionId: t.windowExecutionId,
    TaskExecutionId: t.taskExecutionId,
    Status: t.status,
    StatusDetails: t.statusDetails,
    StartTime: date(t.startMs),
    EndTime: date(t.endMs),
    TaskArn: t.taskArn,
    TaskType: t.taskType as T.MaintenanceWindowTaskType,
    AlarmConfiguration: t.alarmConfiguration,
  };
}

export function toInvocation(i: StoredTaskInvocation): T.MaintenanceWindowExecutionTaskInvocationIdentity {
  return {
    WindowExecutionId: i.windowExecutionId,
    TaskExecutionId: i.taskExecutionId,
    InvocationId: i.invocationId,
    ExecutionId: i.executionId,
    TaskType: i.taskType as T.MaintenanceWindowTaskType,
    Parameters: i.parameters,
    Status: i.status,
    StatusDetails: i.statusDetails,
    StartTime: date(i.startMs),
    EndTime: date(i.endMs),
    OwnerInformation: i.ownerInformation,
    WindowTargetId: i.windowTargetId,
  };
}

/** A page from a repository, or AWS's InvalidNextToken for a token it did not make. */
export function pageOrThrow<P>(page: P | 'bad-token'): P {
  if (page === 'bad-token') throw mwErrors.badToken();
  return page;
}
