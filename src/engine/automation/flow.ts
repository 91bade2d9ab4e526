// Where an execution goes after a step: nextStep / isEnd / aws:branch on success, onFailure on failure or
// timeout, onCancel on cancellation (actions reference, "Common properties").
import type { AutomationStep } from '../documents/index.js';

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
