// Automation's status machines (API AutomationExecutionStatus; UG "Automation execution statuses" and Change
// Manager's request statuses): the execution's and each step's allowed moves.
import type { AutomationExecutionStatus } from '../../model/generated/types.js';
import { checkMove, finalStatuses, type Transitions } from '../status-machine.js';

export type { AutomationExecutionStatus };

/** How a run ends: every final status an execution can reach. */
const ENDS = ['Success', 'Failed', 'TimedOut', 'Cancelled'] as const;

export const EXECUTION_TRANSITIONS: Transitions<AutomationExecutionStatus> = {
  // A change request with auto-approval has no template steps: it goes from Pending straight to Approved.
  Pending: ['InProgress', 'Waiting', 'PendingApproval', 'Approved', 'Cancelling', 'Rejected', ...ENDS],
  InProgress: ['Waiting', 'PendingApproval', 'Approved', 'Cancelling', 'Rejected', 'Exited', ...ENDS],
  // Waiting: aws:pause / aws:approve, or an Interactive execution between steps.
  Waiting: ['InProgress', 'Cancelling', 'Exited', ...ENDS],
  // Change requests: PendingApproval (the template's aws:approve) -> Approved -> Scheduled -> RunbookInProgress.
  PendingApproval: ['InProgress', 'Approved', 'Rejected', 'Cancelling', ...ENDS],
  Approved: [
    'Scheduled',
    'RunbookInProgress',
    'PendingChangeCalendarOverride',
    'Cancelling',
    'Cancelled',
    'Failed',
  ],
  Scheduled: ['RunbookInProgress', 'PendingChangeCalendarOverride', 'Cancelling', 'Cancelled', 'Failed'],
  PendingChangeCalendarOverride: [
    'ChangeCalendarOverrideApproved',
    'ChangeCalendarOverrideRejected',
    'Cancelling',
    'Cancelled',
    'Failed',
  ],
  ChangeCalendarOverrideApproved: ['Scheduled', 'RunbookInProgress', 'Cancelling', 'Cancelled', 'Failed'],
  RunbookInProgress: ['CompletedWithSuccess', 'CompletedWithFailure', 'Cancelling', 'Cancelled', 'Failed'],
  // StopAutomationExecution (Cancel): the onCancel step then runs (InProgress again), then it is Cancelled.
  Cancelling: ['InProgress', 'Waiting', 'Cancelled', 'Failed'],
  Success: [],
  Failed: [],
  TimedOut: [],
  Cancelled: [],
  Rejected: [],
  CompletedWithSuccess: [],
  CompletedWithFailure: [],
  ChangeCalendarOverrideRejected: [],
  Exited: [],
};

/** A step execution's moves (StepExecution.StepStatus uses the same enum). */
export const STEP_TRANSITIONS: Transitions<AutomationExecutionStatus> = {
  ...EXECUTION_TRANSITIONS,
  Pending: ['InProgress', ...ENDS],
  // A step in Waiting (aws:pause, aws:approve) resumes or ends.
  InProgress: ['Waiting', ...ENDS],
  Waiting: ['InProgress', ...ENDS],
};

export const FINAL_STATUSES: ReadonlySet<string> = finalStatuses(EXECUTION_TRANSITIONS);

export function isFinal(status: string): boolean {
  return FINAL_STATUSES.has(status);
}

/** The execution's next status; an illegal move throws. */
export function nextExecutionStatus(
  from: AutomationExecutionStatus,
  to: AutomationExecutionStatus,
): AutomationExecutionStatus {
  return checkMove('Automation execution status', EXECUTION_TRANSITIONS, from, to);
}

export function nextStepStatus(
  from: AutomationExecutionStatus,
  to: AutomationExecutionStatus,
): AutomationExecutionStatus {
  return checkMove('Automation step status', STEP_TRANSITIONS, from, to);
}
