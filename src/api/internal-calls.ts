// SSM operations that engines make on a caller's behalf (Automation's aws:executeAwsApi with Service ssm):
// the whole protocol layer runs, with an identity that carries the caller's account and Region.
import type { SsmApi } from '../engine/automation/aws-api.js';
import type { Dispatcher } from './protocol/dispatcher.js';

export function ssmApiOf(dispatcher: Dispatcher): SsmApi {
  return async (scope, operation, input) => {
    const r = await dispatcher.dispatch({
      target: `AmazonSSM.${operation}`,
      body: JSON.stringify(input),
      // Only the credential scope is read (signatures are not checked): it names the account and Region.
      authorization: `AWS4-HMAC-SHA256 Credential=${scope.account}/20260101/${scope.region}/ssm/aws4_request, SignedHeaders=host, Signature=0`,
    });
    const body = JSON.parse(r.payload) as Record<string, unknown>;
    if (r.status === 200) return { ok: true, output: body };
    const type = r.errorType ?? 'InternalServerError';
    const message =
      typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : '';
    return { ok: false, type, message };
  };
}
