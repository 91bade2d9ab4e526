// aws:executeAutomation: starts a child execution (of another runbook) and waits for it to end (actions
// reference: outputs ExecutionId, Status, Output).
import { ServiceError } from '../../../model/service-error.js';
import { toParameterMap } from '../values.js';
import { ActionInputError, type ActionRunner } from './types.js';

export const executeAutomation: ActionRunner = async (ctx) => {
  const automation = ctx.services.automation;
  const { DocumentName, DocumentVersion, RuntimeParameters, Targets, TargetMaps, TargetParameterName } =
    ctx.inputs;
  if (typeof DocumentName !== 'string')
    throw new ActionInputError('aws:executeAutomation needs a DocumentName.');
  let childId: string;
  try {
    childId = automation.startExecution(
      ctx.scope,
      ctx.callerArn,
      {
        DocumentName,
        DocumentVersion: DocumentVersion === undefined ? undefined : String(DocumentVersion),
        Parameters: runtimeParameters(RuntimeParameters),
        Targets: Targets as { Key: string; Values: string[] }[] | undefined,
        TargetMaps: TargetMaps as Record<string, string[]>[] | undefined,
        TargetParameterName: TargetParameterName as string | undefined,
        MaxConcurrency: ctx.inputs.MaxConcurrency as string | undefined,
        MaxErrors: ctx.inputs.MaxErrors as string | undefined,
      },
      { nestedIn: ctx.executionId },
    );
  } catch (err) {
    if (err instanceof ServiceError)
      return {
        status: 'Failed',
        failure: {
          type: 'Verification',
          message: `An error occurred (${err.type}) when calling the StartAutomationExecution operation: ${err.message}`,
        },
      };
    throw err;
  }
  ctx.report({ ExecutionId: childId });
  const onAbort = () => automation.stopExecution(ctx.scope, childId, 'Cancel');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const child = await automation.whenFinished(ctx.scope, childId);
    const outputs = { ExecutionId: childId, Status: child.status, Output: JSON.stringify(child.outputs) };
    if (child.status === 'Success') return { status: 'Success', outputs };
    return {
      status:
        child.status === 'Cancelled' ? 'Cancelled' : child.status === 'TimedOut' ? 'TimedOut' : 'Failed',
      failure: {
        type: 'Execution',
        message: `The child automation ${childId} ended with status ${child.status}.`,
      },
      outputs,
    };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
};

function runtimeParameters(v: unknown): Record<string, string[]> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ActionInputError('RuntimeParameters must be a map of parameter names to values.');
  return toParameterMap(v as Record<string, unknown>);
}
