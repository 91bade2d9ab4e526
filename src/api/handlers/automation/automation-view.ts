// Stored executions and steps as the API shows them.
import type { StoredExecution, StoredStepExecution } from '../../../store/repositories/automation.js';
import type { Runbook } from '../../../model/generated/types.js';

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function toStepExecution(s: StoredStepExecution) {
  return {
    StepName: s.stepName,
    Action: s.action,
    TimeoutSeconds: s.timeoutSeconds,
    OnFailure: s.onFailure,
    MaxAttempts: s.maxAttempts,
    ExecutionStartTime: date(s.startMs),
    ExecutionEndTime: date(s.endMs),
    StepStatus: s.status,
    ResponseCode: s.responseCode,
    Inputs: s.inputs,
    Outputs: s.outputs && Object.keys(s.outputs).length ? s.outputs : undefined,
    Response: s.response,
    FailureMessage: s.failureMessage,
    FailureDetails: s.failureDetails,
    StepExecutionId: s.stepExecutionId,
    OverriddenParameters: s.overriddenParameters,
    IsEnd: s.isEnd,
    NextStep: s.nextStep,
    IsCritical: s.isCritical,
    ValidNextSteps: s.validNextSteps?.length ? s.validNextSteps : undefined,
    Targets: s.targets,
    ParentStepDetails: s.parentStepDetails,
  };
}

/** Members GetAutomationExecution and DescribeAutomationExecutions share. */
function common(e: StoredExecution) {
  return {
    AutomationExecutionId: e.executionId,
    DocumentName: e.documentName,
    DocumentVersion: e.documentVersion,
    AutomationExecutionStatus: e.status,
    ExecutionStartTime: date(e.startMs),
    ExecutionEndTime: date(e.endMs),
    ExecutedBy: e.executedBy,
    Outputs: e.outputs,
    Mode: e.mode,
    ParentAutomationExecutionId: e.parentId,
    CurrentStepName: e.currentStepName,
    CurrentAction: e.currentAction,
    FailureMessage: e.failureMessage,
    TargetParameterName: e.targetParameterName,
    // Executions without targets still show these empty (get-automation-execution CLI example).
    Targets: e.targets ?? [],
    TargetMaps: e.targetMaps,
    ResolvedTargets: e.resolvedTargets ?? { ParameterValues: [], Truncated: false },
    MaxConcurrency: e.maxConcurrency,
    MaxErrors: e.maxErrors,
    Target: e.target,
    AlarmConfiguration: e.alarmConfiguration,
    AutomationSubtype: e.subtype,
    ScheduledTime: date(e.scheduledMs),
    Runbooks: e.runbooks as Runbook[] | undefined,
    ChangeRequestName: e.changeRequestName,
  };
}

/** Steps that have not run are listed after the others with three members, as AWS lists them. */
function withPending(e: StoredExecution, steps: StoredStepExecution[]) {
  const ran = new Set(steps.map((s) => s.stepName));
  const pending = (e.plannedSteps ?? [])
    .filter((p) => !ran.has(p.StepName))
    .map((p) => ({ StepName: p.StepName, Action: p.Action, StepStatus: 'Pending' as const }));
  return [...steps.map(toStepExecution), ...pending];
}

export function toExecution(e: StoredExecution, steps: StoredStepExecution[]) {
  return {
    ...common(e),
    StepExecutions: withPending(e, steps),
    StepExecutionsTruncated: false,
    Parameters: e.parameters,
    TargetLocations: e.targetLocations,
    ProgressCounters: e.progress,
    Variables: e.variables,
  };
}

export function toExecutionMetadata(e: StoredExecution) {
  return { ...common(e), AutomationType: e.automationType, LogFile: '' };
}
