// The AWS APIs steps call (aws:executeAwsApi, aws:assertAwsResourceProperty, aws:waitForAwsResourceProperty):
// `ssm` is this emulator's own API, called as the execution's caller; `ec2` is the simulated EC2.
import type { ActionContext } from './actions/types.js';
import { Ec2Error } from '../ec2/index.js';
import { ServiceError } from '../../model/service-error.js';

/** One SSM operation through the whole protocol layer (validation, handler, serializer) as a given account. */
export type SsmApi = (
  scope: { account: string; region: string },
  operation: string,
  input: Record<string, unknown>,
) => Promise<{ ok: true; output: Record<string, unknown> } | { ok: false; type: string; message: string }>;

/** A failed call of a step's AWS API, on the shared service-error type (its __type is the API's error code). */
export class AwsApiError extends ServiceError {
  constructor(
    code: string,
    message: string,
    readonly api: string,
  ) {
    super(code, message, 'message', 400);
  }

  get code(): string {
    return this.type;
  }

  /** The text a failed step shows, as boto3 words a client error. */
  describe(): string {
    return `An error occurred (${this.code}) when calling the ${this.api} operation: ${this.message}`;
  }
}

/** Inputs that configure the action rather than the API call. */
const ACTION_INPUTS = new Set(['Service', 'Api', 'PropertySelector', 'DesiredValues']);

export function apiRequest(inputs: Record<string, unknown>): {
  service: string;
  api: string;
  params: Record<string, unknown>;
} {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs)) if (!ACTION_INPUTS.has(k)) params[k] = v;
  return { service: String(inputs.Service ?? ''), api: String(inputs.Api ?? ''), params };
}

export async function callAwsApi(
  ctx: ActionContext,
  ssmApi: SsmApi | undefined,
  service: string,
  api: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  // Automation accepts the service's namespace in any case (ssm, SSM, ec2, EC2).
  const name = service.toLowerCase();
  if (name === 'ssm') {
    if (!ssmApi) throw new AwsApiError('InternalError', 'The SSM API is not available to steps.', api);
    const r = await ssmApi(ctx.scope, api, params);
    if (!r.ok) throw new AwsApiError(r.type, r.message, api);
    return r.output;
  }
  if (name === 'ec2') {
    const { ec2 } = ctx.services;
    try {
      return await ec2.call(ctx.scope, api, params);
    } catch (err) {
      if (err instanceof Ec2Error) throw new AwsApiError(err.code, err.message, api);
      throw err;
    }
  }
  throw new AwsApiError(
    'UnsupportedService',
    `ssm-emulator simulates the ssm and ec2 APIs only; ${service} is not available to steps.`,
    api,
  );
}
