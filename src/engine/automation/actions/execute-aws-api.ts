// aws:executeAwsApi: one API call; the step's outputs select from the response (actions reference).
import { apiRequest, AwsApiError, callAwsApi, type SsmApi } from '../aws-api.js';
import type { ActionRunner } from './types.js';

export function executeAwsApi(ssmApi: SsmApi | undefined): ActionRunner {
  return async (ctx) => {
    const { service, api, params } = apiRequest(ctx.inputs);
    try {
      const response = await callAwsApi(ctx, ssmApi, service, api, params);
      return { status: 'Success', payload: response };
    } catch (err) {
      if (err instanceof AwsApiError)
        return { status: 'Failed', failure: { type: 'Execution', message: err.describe() } };
      throw err;
    }
  };
}
