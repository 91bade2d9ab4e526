// aws:assertAwsResourceProperty (one call, the property must have one of DesiredValues) and
// aws:waitForAwsResourceProperty (calls again on the emulator clock until it has) (actions reference).
import { apiRequest, AwsApiError, callAwsApi, type SsmApi } from '../aws-api.js';
import { WAIT_FOR_PROPERTY_POLL_MS } from '../limits.js';
import { selectOne } from '../selectors.js';
import { ActionInputError, type ActionContext, type ActionResult, type ActionRunner } from './types.js';

export function assertAwsResourceProperty(ssmApi: SsmApi | undefined): ActionRunner {
  return async (ctx) => {
    const r = await check(ctx, ssmApi);
    if (r.error) return r.error;
    if (r.matches) return { status: 'Success' };
    return {
      status: 'Failed',
      failure: {
        type: 'Verification',
        message: `The property ${r.selector} has value ${JSON.stringify(r.actual)}, which is not one of the desired values ${JSON.stringify(r.desired)}.`,
      },
    };
  };
}

export function waitForAwsResourceProperty(ssmApi: SsmApi | undefined): ActionRunner {
  return async (ctx) => {
    for (;;) {
      const r = await check(ctx, ssmApi);
      if (r.error) return r.error;
      if (r.matches) return { status: 'Success' };
      await ctx.sleep(WAIT_FOR_PROPERTY_POLL_MS); // the step's timeoutSeconds (or a stop) ends the wait
    }
  };
}

async function check(
  ctx: ActionContext,
  ssmApi: SsmApi | undefined,
): Promise<{
  matches?: boolean;
  actual?: unknown;
  selector?: string;
  desired?: string[];
  error?: ActionResult;
}> {
  const { service, api, params } = apiRequest(ctx.inputs);
  const selector = ctx.inputs.PropertySelector;
  const desired = ctx.inputs.DesiredValues;
  if (typeof selector !== 'string') throw new ActionInputError('PropertySelector is required.');
  if (!Array.isArray(desired) || !desired.length) throw new ActionInputError('DesiredValues is required.');
  let response: Record<string, unknown>;
  try {
    response = await callAwsApi(ctx, ssmApi, service, api, params);
  } catch (err) {
    if (err instanceof AwsApiError)
      return { error: { status: 'Failed', failure: { type: 'Execution', message: err.describe() } } };
    throw err;
  }
  const actual = selectOne(response, selector);
  const wanted = desired.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)));
  const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const values = Array.isArray(actual) ? actual : [actual];
  const matches =
    actual !== undefined && values.length > 0 && values.every((v) => wanted.includes(asText(v)));
  return { matches, actual, selector, desired: wanted };
}
