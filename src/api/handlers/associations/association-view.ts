// Stored associations, versions, executions and node statuses as the API shapes them, and the lookups the
// association operations share (by AssociationId, or the legacy Name + InstanceId pair).
import type {
  Association,
  AssociationDescription,
  AssociationExecution,
  AssociationExecutionTarget,
  AssociationVersionInfo,
  InstanceAssociationStatusInfo,
} from '../../../model/generated/types.js';
import type {
  AssociationConfig,
  StoredAssociation,
  StoredAssociationVersion,
} from '../../../store/repositories/associations.js';
import type {
  StoredAssociationExecution,
  StoredExecutionTarget,
  StoredInstanceStatus,
} from '../../../store/repositories/association-executions.js';
import {
  AssociationDoesNotExist,
  InvalidDocument,
  InvalidInstanceId,
} from '../../../model/generated/errors.js';
import { NO_SUCH_ASSOCIATION } from '../../../engine/associations/engine.js';
import { findDocumentRef } from '../../../engine/documents/index.js';
import type { RequestContext } from '../../protocol/handler.js';

type Json = Record<string, unknown>;

/** InvalidNextToken, in the model's words (as the other list operations answer). */
export const BAD_TOKEN = "The specified token isn't valid.";

/** A legacy association reports its node as a target too (create-association CLI example). */
function targetsOf(c: AssociationConfig) {
  return c.Targets ?? (c.InstanceId ? [{ Key: 'InstanceIds', Values: [c.InstanceId] }] : undefined);
}

/** The version members every shape that describes an association repeats. */
function configView(c: AssociationConfig): Json {
  return {
    Name: c.Name,
    DocumentVersion: c.DocumentVersion,
    Parameters: c.Parameters,
    Targets: targetsOf(c),
    ScheduleExpression: c.ScheduleExpression,
    OutputLocation: c.OutputLocation,
    AssociationName: c.AssociationName,
    MaxErrors: c.MaxErrors,
    MaxConcurrency: c.MaxConcurrency,
    ComplianceSeverity: c.ComplianceSeverity,
    SyncCompliance: c.SyncCompliance,
    ApplyOnlyAtCronInterval: c.ApplyOnlyAtCronInterval,
    CalendarNames: c.CalendarNames,
    TargetLocations: c.TargetLocations,
    ScheduleOffset: c.ScheduleOffset,
    Duration: c.Duration,
    TargetMaps: c.TargetMaps,
    AssociationDispatchAssumeRole: c.AssociationDispatchAssumeRole,
  };
}

function overviewOf(a: StoredAssociation) {
  return {
    Status: a.overview.status,
    DetailedStatus: a.overview.detailedStatus,
    AssociationStatusAggregatedCount: a.overview.counts,
  };
}

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function toDescription(
  a: StoredAssociation,
  version?: StoredAssociationVersion,
): AssociationDescription {
  const c = version?.config ?? a.config;
  return {
    ...configView(c),
    InstanceId: c.InstanceId,
    AssociationVersion: String(version?.version ?? a.version),
    Date: new Date(a.createdMs),
    LastUpdateAssociationDate: new Date(version?.createdMs ?? a.updatedMs),
    Status: a.status && {
      Date: new Date(a.status.dateMs),
      Name: a.status.name as 'Pending',
      Message: a.status.message,
      AdditionalInfo: a.status.additionalInfo,
    },
    Overview: overviewOf(a),
    AutomationTargetParameterName: c.AutomationTargetParameterName,
    AssociationId: a.associationId,
    LastExecutionDate: date(a.lastExecutionMs),
    LastSuccessfulExecutionDate: date(a.lastSuccessfulExecutionMs),
    AlarmConfiguration: c.AlarmConfiguration,
  } as AssociationDescription;
}

export function toListItem(a: StoredAssociation): Association {
  const c = a.config;
  return {
    Name: c.Name,
    InstanceId: c.InstanceId,
    AssociationId: a.associationId,
    AssociationVersion: String(a.version),
    DocumentVersion: c.DocumentVersion,
    Targets: targetsOf(c),
    LastExecutionDate: date(a.lastExecutionMs),
    Overview: overviewOf(a),
    ScheduleExpression: c.ScheduleExpression,
    AssociationName: c.AssociationName,
    ScheduleOffset: c.ScheduleOffset,
    Duration: c.Duration,
    TargetMaps: c.TargetMaps,
  };
}

export function toVersionInfo(v: StoredAssociationVersion): AssociationVersionInfo {
  return {
    ...configView(v.config),
    AssociationId: v.associationId,
    AssociationVersion: String(v.version),
    CreatedDate: new Date(v.createdMs),
  } as AssociationVersionInfo;
}

/** ResourceCountByStatus is a text, as AWS writes it: `{Success=1}` (describe-association-executions example). */
export function countText(counts: Record<string, number>): string {
  const parts = Object.keys(counts)
    .sort()
    .map((k) => `${k}=${counts[k]}`);
  return `{${parts.join(', ')}}`;
}

export function toExecution(e: StoredAssociationExecution): AssociationExecution {
  return {
    AssociationId: e.associationId,
    AssociationVersion: String(e.associationVersion),
    ExecutionId: e.executionId,
    Status: e.status,
    DetailedStatus: e.detailedStatus,
    CreatedTime: new Date(e.createdMs),
    LastExecutionDate: date(e.lastExecutionMs),
    ResourceCountByStatus: countText(e.resourceCountByStatus),
    AlarmConfiguration: e.alarmConfiguration,
  };
}

export function toExecutionTarget(t: StoredExecutionTarget): AssociationExecutionTarget {
  return {
    AssociationId: t.associationId,
    AssociationVersion: String(t.associationVersion),
    ExecutionId: t.executionId,
    ResourceId: t.resourceId,
    ResourceType: t.resourceType,
    Status: t.status,
    DetailedStatus: t.detailedStatus,
    LastExecutionDate: new Date(t.lastExecutionMs),
    OutputSource: t.outputSource,
  };
}

export function toStatusInfo(s: StoredInstanceStatus): InstanceAssociationStatusInfo {
  return {
    AssociationId: s.associationId,
    Name: s.name,
    DocumentVersion: s.documentVersion,
    AssociationVersion: String(s.associationVersion),
    InstanceId: s.instanceId,
    ExecutionDate: new Date(s.executionMs),
    Status: s.status,
    DetailedStatus: s.detailedStatus,
    ExecutionSummary: s.executionSummary,
    ErrorCode: s.errorCode,
    OutputUrl: s.outputUrl ? { S3OutputUrl: { OutputUrl: s.outputUrl } } : undefined,
    AssociationName: s.associationName,
  };
}

/**
 * The association a request names: by AssociationId, or (legacy) by the document Name and the InstanceId.
 * "If you created the association by using the Targets parameter, then you must ... use the association ID."
 */
export function findAssociation(
  ctx: RequestContext,
  input: { AssociationId?: string; Name?: string; InstanceId?: string },
): StoredAssociation {
  const { store } = ctx.services;
  if (input.AssociationId !== undefined) return ctx.services.associations.get(ctx, input.AssociationId);
  if (input.Name === undefined || input.InstanceId === undefined)
    throw new AssociationDoesNotExist(NO_SUCH_ASSOCIATION);
  checkNodeAndDocument(ctx, input.InstanceId, input.Name);
  const a = store.associations.byInstance(ctx.account, ctx.region, input.InstanceId, input.Name);
  if (!a) throw new AssociationDoesNotExist(NO_SUCH_ASSOCIATION);
  return a;
}

/** The node must be a managed node of the caller and the document one it can see. */
export function checkNodeAndDocument(ctx: RequestContext, instanceId: string, name: string): void {
  if (!ctx.services.store.nodes.get(ctx.account, ctx.region, instanceId))
    throw new InvalidInstanceId(
      `Instances [[${instanceId}]] not in a valid state for account ${ctx.account}`,
    );
  if (!findDocumentRef(ctx.services.store, ctx, name))
    throw new InvalidDocument('The specified document does not exist.');
}
