// What the EC2 Automation actions (aws:changeInstanceState, aws:createImage, aws:deleteImage, aws:createTags)
// share: reading their interpolated inputs, calling the simulator, and failing a step with AWS's wording.
import {
  ActionInputError,
  type ActionContext,
  type ActionResult,
  type ActionRunner,
} from '../automation/actions/types.js';
import { automationMessage, Ec2Error } from './errors.js';
import { ServiceError } from '../../model/service-error.js';
import type { Json } from './views.js';

/** Ends the step with a result (thrown from deep in an action, caught by `guarded`); its text is the step's. */
export class StepFailed extends ServiceError {
  constructor(readonly result: ActionResult) {
    super('StepFailed', result.status === 'Success' ? '' : result.failure.message, 'message', 400);
  }
}

/**
 * The detail of a failed call made by an action, as AWS words it; the runner frames it as "Step fails when it is
 * <phase>. <detail>. Please refer to ..." (aws:createImage's real text, quoted in
 * aws-samples/aws-systemsmanagerautomation-with-asglifecyclehooks#2, reads so with the phase "creating the image").
 */
export function callFailureDetail(service: string, api: string, detail: string): string {
  return `Get Exception from ${api} API of ${service} Service. Exception Message from ${api} API: [${detail}]`;
}

/** A failed step: `message` without AWS's framing, `phase` what the action was doing (e.g. "creating the image"). */
export function failed(message: string, phase: string, outputs?: Record<string, unknown>): StepFailed {
  return new StepFailed({
    status: 'Failed',
    failure: { type: 'Execution', message, phase },
    ...(outputs ? { outputs } : {}),
  });
}

/** One EC2 call; an EC2 error fails the step the way AWS reports it. */
export async function callEc2(ctx: ActionContext, api: string, params: Json, phase: string): Promise<Json> {
  try {
    return await ctx.services.ec2.call(ctx.scope, api, params);
  } catch (err) {
    if (err instanceof Ec2Error) throw failed(callFailureDetail('ec2', api, automationMessage(err)), phase);
    throw err;
  }
}

/** Runs an action, turning a StepFailed into its result. */
export function guarded(run: ActionRunner): ActionRunner {
  return async (ctx) => {
    try {
      return await run(ctx);
    } catch (err) {
      if (err instanceof StepFailed) return err.result;
      throw err;
    }
  };
}

// ---- inputs (already interpolated: a Boolean parameter may arrive as "true") ----

export function inputString(ctx: ActionContext, action: string, name: string): string | undefined {
  const v = ctx.inputs[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ActionInputError(`Input ${name} of ${action} must be a string.`);
}

export function requiredString(ctx: ActionContext, action: string, name: string): string {
  const v = inputString(ctx, action, name);
  if (v === undefined) throw new ActionInputError(`${action} needs the input ${name}.`);
  return v;
}

export function inputBool(ctx: ActionContext, action: string, name: string): boolean | undefined {
  const v = ctx.inputs[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new ActionInputError(`Input ${name} of ${action} must be a Boolean (true or false).`);
}

/** A StringList input; one string (a String parameter interpolated into it) counts as a list of one. */
export function requiredList(ctx: ActionContext, action: string, name: string): string[] {
  const v = ctx.inputs[name];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || !list.length) throw new ActionInputError(`${action} needs the input ${name}.`);
  if (list.some((x) => typeof x !== 'string' || x === ''))
    throw new ActionInputError(`Input ${name} of ${action} must be a list of strings.`);
  return list as string[];
}
