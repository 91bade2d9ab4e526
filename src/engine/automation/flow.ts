// Where an execution goes after a step: nextStep / isEnd / aws:branch on success, onFailure on failure or
// timeout, onCancel on cancellation (actions reference, "Common properties").
import type { AutomationStep } from '../documents/index.js';
import type { AutomationExecutionStatus } from './status.js';

export type StepOutcome = 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

export type Transition =
  | { kind: 'goto'; step: string }
  | { kind: 'next' }
  | { kind: 'end' }
  /** The execution stops with this step's status (onFailure Abort, the default). */
  | { kind: 'abort' };

const STEP_REF = /^step:(.+)$/;

export function transition(step: AutomationStep, outcome: StepOutcome, branchTo?: string): Transition {
  if (outcome === 'Success') {
    if (branchTo) return { kind: 'goto', step: branchTo };
    if (step.isEnd) return { kind: 'end' };
    return step.nextStep ? { kind: 'goto', step: step.nextStep } : { kind: 'next' };
  }
  if (outcome === 'Cancelled') {
    const m = STEP_REF.exec(step.onCancel ?? '');
    return m ? { kind: 'goto', step: m[1] } : { kind: 'abort' };
  }
  const onFailure = step.onFailure ?? 'Abort';
  const m = STEP_REF.exec(onFailure);
  if (m) return { kind: 'goto', step: m[1] };
  if (onFailure === 'Continue') {
    if (step.isEnd) return { kind: 'end' };
    return step.nextStep ? { kind: 'goto', step: step.nextStep } : { kind: 'next' };
  }
  return { kind: 'abort' };
}

/** The steps a step may go to next, as StepExecution.ValidNextSteps lists them. */
export function validNextSteps(step: AutomationStep, following: string | undefined): string[] {
  const out = new Set<string>();
  if (step.action === 'aws:branch') {
    const inputs = step.inputs ?? {};
    for (const c of (inputs.Choices as { NextStep?: string }[] | undefined) ?? [])
      if (typeof c?.NextStep === 'string') out.add(c.NextStep);
    if (typeof inputs.Default === 'string') out.add(inputs.Default);
  } else if (!step.isEnd) {
    if (step.nextStep) out.add(step.nextStep);
    else if (following) out.add(following);
  }
  for (const ref of [step.onFailure, step.onCancel]) {
    const m = STEP_REF.exec(ref ?? '');
    if (m) out.add(m[1]);
  }
  return [...out];
}

/** How an execution ends: as the runbook's last step left it, or as a stop asked. */
export interface Ending {
  status: AutomationExecutionStatus;
  failureMessage?: string;
}

/** After a step: the index of the step to run next (past the last one when none is left), or the end. */
export type Move = { kind: 'step'; index: number } | { kind: 'end'; ending?: Ending };

/** Where the step loop goes from step `index` by transition `t`; an abort ends the run with the step's status. */
export function moveAfter(
  steps: AutomationStep[],
  index: number,
  t: Transition,
  outcome: StepOutcome,
  failureMessage: string | undefined,
): Move {
  if (t.kind === 'abort')
    return {
      kind: 'end',
      ending: {
        status: outcome,
        failureMessage: outcome === 'Cancelled' ? undefined : failureMessage,
      },
    };
  if (t.kind === 'end') return { kind: 'end' };
  if (t.kind === 'next') return { kind: 'step', index: index + 1 };
  const next = steps.findIndex((s) => s.name === t.step);
  // Validation at CreateDocument makes this unreachable for stored runbooks; kept for safety.
  if (next < 0)
    return { kind: 'end', ending: { status: 'Failed', failureMessage: `Step ${t.step} not found.` } };
  return { kind: 'step', index: next };
}

/** isCritical counts only where the runbook sets it (UG "Properties shared by all actions"). */
export function isCriticalFailure(step: AutomationStep, outcome: StepOutcome): boolean {
  return outcome !== 'Success' && outcome !== 'Cancelled' && step.isCritical === true;
}

/** The ending of a run no step ended: Cancelled, else the latest critical step's failure, else Success. */
export function endingOfRun(cancelled: boolean, criticalFailure?: { failureMessage?: string }): Ending {
  if (cancelled) return { status: 'Cancelled' };
  if (criticalFailure) return { status: 'Failed', failureMessage: criticalFailure.failureMessage };
  return { status: 'Success' };
}
