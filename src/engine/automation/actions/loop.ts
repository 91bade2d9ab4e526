// aws:loop: runs its nested Steps once per Iterators value, or while LoopCondition holds, at most MaxIterations
// times (actions reference, "aws:loop"). Each nested step runs as a step of the execution, with its
// ParentStepDetails; `loop.CurrentIteration` and `loop.CurrentIteratorValue` are set for it to interpolate.
import type { AutomationStep } from '../../documents/index.js';
import { DEFAULT_LOOP_MAX_ITERATIONS } from '../limits.js';
import { abortReason } from '../step-abort.js';
import { toStringList } from '../values.js';
import { evaluateChoice, type Choice } from './branch.js';
import {
  ActionInputError,
  type ActionContext,
  type ActionResult,
  type ActionRunner,
  type ExecutionAccess,
} from './types.js';

async function runLoop(ctx: ActionContext): Promise<ActionResult> {
  const { execution, inputs, signal } = ctx;
  const step = execution.step;
  const Steps = step.inputs?.Steps;
  const nested = Array.isArray(Steps) ? (Steps as AutomationStep[]) : [];
  if (!nested.length) throw new ActionInputError('aws:loop needs at least one step in Steps.');
  const iterators = inputs.Iterators;
  const max = Number(inputs.MaxIterations ?? DEFAULT_LOOP_MAX_ITERATIONS);
  const condition = inputs.LoopCondition as Choice | undefined;
  if (iterators === undefined && condition === undefined)
    throw new ActionInputError('aws:loop needs Iterators or LoopCondition.');
  const items = iterators === undefined ? undefined : Array.isArray(iterators) ? iterators : [iterators];
  // The condition is read again before each iteration: it may name values the nested steps change.
  const holds = () => evaluateChoice(execution.interpolate(step.inputs?.LoopCondition) as Choice);
  let iteration = 0;
  for (;;) {
    if (items && iteration >= items.length) break;
    if (iteration >= max) break;
    const value = items ? items[iteration] : undefined;
    execution.setValue(`${step.name}.CurrentIteration`, iteration + 1);
    if (items) execution.setValue(`${step.name}.CurrentIteratorValue`, value);
    if (!items && iteration > 0 && !holds()) break;
    for (let i = 0; i < nested.length; i++) {
      if (signal.aborted) throw abortReason(signal);
      const { outcome, branchTo } = await execution.runStep(nested[i], {
        Iteration: iteration + 1,
        IteratorValue: items ? toStringList(value)[0] : undefined,
      });
      if (outcome !== 'Success' && (nested[i].onFailure ?? 'Abort') === 'Abort')
        return {
          status: outcome === 'Cancelled' ? 'Cancelled' : 'Failed',
          failure: {
            type: 'Execution',
            message: `Step ${nested[i].name} in the loop ${step.name} failed.`,
          },
          outputs: loopOutputs(execution),
        };
      if (branchTo) {
        const j = nested.findIndex((s) => s.name === branchTo);
        if (j >= 0) i = j - 1;
        else return { status: 'Success', outputs: loopOutputs(execution), next: branchTo };
      }
      if (nested[i]?.isEnd) break;
    }
    iteration++;
    if (!items && condition && !holds()) break;
  }
  return { status: 'Success', outputs: loopOutputs(execution) };
}

export const loop: ActionRunner = Object.assign(runLoop, { runsSteps: true });

/** The loop's outputs: the iteration it reached (0 before the first) and, with Iterators, that value. */
function loopOutputs(execution: ExecutionAccess): Record<string, unknown> {
  const name = execution.step.name;
  const out: Record<string, unknown> = { CurrentIteration: execution.value(`${name}.CurrentIteration`) ?? 0 };
  const value = execution.value(`${name}.CurrentIteratorValue`);
  if (value !== undefined) out.CurrentIteratorValue = value;
  return out;
}
