// Change Manager's change requests (StartChangeRequestExecution): the change template's steps (its
// aws:approve levels) run first and show as PendingApproval; once approved, the request waits for its
// ScheduledTime, then runs its runbooks one after another as child executions (RunbookInProgress).
// AWS documents the statuses but not their order; this follows the order their names describe.
import { ServiceError } from '../../model/service-error.js';
import type { StoredExecution } from '../../store/repositories/automation.js';
import type { StartAutomationExecutionRequest } from '../../model/generated/types.js';
import type { AutomationEngine } from './engine.js';
import type { Ending, ExecutionRun, RunVariant } from './runner.js';

/** A Runbook of the request: the members StartAutomationExecution takes for it. */
export type ChangeRequestRunbook = Pick<
  StartAutomationExecutionRequest,
  | 'DocumentName'
  | 'DocumentVersion'
  | 'Parameters'
  | 'TargetParameterName'
  | 'Targets'
  | 'TargetMaps'
  | 'MaxConcurrency'
  | 'MaxErrors'
  | 'TargetLocations'
>;

export function changeRequestVariant(engine: AutomationEngine, runbooks: ChangeRequestRunbook[]): RunVariant {
  return {
    alias: { Waiting: 'PendingApproval' },
    afterSteps: async (ending: Ending, run: ExecutionRun): Promise<Ending> => {
      const exec = run.exec;
      if (ending.status === 'Cancelled') return ending;
      if (ending.status !== 'Success') return rejectedOrFailed(ending, run);
      run.setStatus('Approved');
      const { clock } = engine.services;
      if (exec.scheduledMs !== undefined && exec.scheduledMs > clock.nowMs()) {
        run.setStatus('Scheduled');
        let timer;
        await Promise.race([
          new Promise<void>((resolve) => (timer = clock.setTimer(exec.scheduledMs!, resolve))),
          run.stopped,
        ]);
        clock.clearTimer(timer);
        if (run.stopRequested) return { status: 'Cancelled' };
      }
      run.setStatus('RunbookInProgress');
      for (const rb of runbooks) {
        if (run.stopRequested) return { status: 'Cancelled' };
        const outcome = await runRunbook(engine, exec, rb);
        if (outcome) return { status: 'CompletedWithFailure', failureMessage: outcome };
      }
      return { status: 'CompletedWithSuccess' };
    },
  };
}

function rejectedOrFailed(ending: Ending, run: ExecutionRun): Ending {
  const last = run.steps[run.steps.length - 1];
  if (last?.action === 'aws:approve' && last.outputs?.ApprovalStatus?.[0] === 'Rejected')
    return { status: 'Rejected', failureMessage: ending.failureMessage };
  return ending;
}

/** Runs one runbook to its end; returns a failure message, or undefined when it succeeded. */
async function runRunbook(
  engine: AutomationEngine,
  parent: StoredExecution,
  rb: ChangeRequestRunbook,
): Promise<string | undefined> {
  const scope = { account: parent.account, region: parent.region };
  const req: StartAutomationExecutionRequest = { ...rb };
  let id: string;
  try {
    id = engine.startExecution(scope, parent.executedBy, req, { nestedIn: parent.executionId });
  } catch (err) {
    if (err instanceof ServiceError) return `Runbook ${rb.DocumentName} could not start: ${err.message}`;
    throw err;
  }
  const child = await engine.whenFinished(scope, id);
  return child.status === 'Success' ? undefined : `Runbook ${rb.DocumentName} (${id}) ended ${child.status}.`;
}
