// An association's configuration as the API carries it (CreateAssociation, a CreateAssociationBatch entry,
// UpdateAssociation), normalised for the store: targets with their lists, the document version defaulted.
import type { CreateAssociationBatchRequestEntry } from '../../model/generated/types.js';
import type { AssociationConfig } from '../../store/repositories/associations.js';
import { DEFAULT_DOCUMENT_VERSION } from './limits.js';

type RequestMembers = Omit<CreateAssociationBatchRequestEntry, 'Name'> & {
  Name?: string;
  AssociationDispatchAssumeRole?: string;
};

/** The members of a request that an association version keeps (undefined members stay absent). */
export function configMembers(input: RequestMembers): Partial<AssociationConfig> {
  const out: Partial<AssociationConfig> = {
    Name: input.Name,
    DocumentVersion: input.DocumentVersion,
    InstanceId: input.InstanceId,
    Parameters: input.Parameters,
    Targets: input.Targets?.map((t) => ({ Key: t.Key ?? '', Values: t.Values ?? [] })),
    ScheduleExpression: input.ScheduleExpression,
    OutputLocation: input.OutputLocation,
    AssociationName: input.AssociationName,
    AutomationTargetParameterName: input.AutomationTargetParameterName,
    MaxErrors: input.MaxErrors,
    MaxConcurrency: input.MaxConcurrency,
    ComplianceSeverity: input.ComplianceSeverity,
    SyncCompliance: input.SyncCompliance,
    ApplyOnlyAtCronInterval: input.ApplyOnlyAtCronInterval,
    CalendarNames: input.CalendarNames,
    TargetLocations: input.TargetLocations as Record<string, unknown>[] | undefined,
    ScheduleOffset: input.ScheduleOffset,
    Duration: input.Duration,
    TargetMaps: input.TargetMaps,
    AlarmConfiguration: input.AlarmConfiguration,
    AssociationDispatchAssumeRole: input.AssociationDispatchAssumeRole,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** A new association's configuration: DocumentVersion "$DEFAULT" when absent (create-association CLI example). */
export function newConfig(input: RequestMembers & { Name: string }): AssociationConfig {
  return {
    ...configMembers(input),
    Name: input.Name,
    DocumentVersion: input.DocumentVersion ?? DEFAULT_DOCUMENT_VERSION,
  };
}
