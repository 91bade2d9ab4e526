// The SSM wire request every target receives, and a small keep-alive client for seeding and probing.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

// Signatures are not checked by the emulator or moto; the credential scope picks account and region.
export const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261126/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=00';

export function ssmHeaders(operation, authorization = AUTHORIZATION) {
  return {
    'x-amz-target': `AmazonSSM.${operation}`,
    'content-type': 'application/x-amz-json-1.1',
    authorization,
  };
}

/**
 * A keep-alive client for one endpoint; `call` resolves with status, parsed body, error type and ms.
 * `account` (12 digits) is used as the access key id, which the emulator takes as the account.
 */
export function ssmClient(endpoint, { maxSockets = 64, account } = {}) {
  const authorization = account ? AUTHORIZATION.replace('AKIAIOSFODNN7EXAMPLE', account) : AUTHORIZATION;
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(endpoint);
  const call = (operation, body = {}, { timeoutMs = 30_000 } = {}) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const started = performance.now();
      const req = http.request(
        {
          agent,
          hostname,
          port,
          path: '/',
          method: 'POST',
          headers: ssmHeaders(operation, authorization),
          timeout: timeoutMs,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            const errorType = res.statusCode === 200 ? undefined : errorTypeOf(res, json, text);
            resolve({ status: res.statusCode, json, text, errorType, ms });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${operation} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  return { call, close: () => agent.destroy() };
}

/** A one-line description of a failed call, for "not yet measurable" notes. */
export function describeFailure(res) {
  const message =
    res.json?.message ??
    res.json?.Message ??
    res.text
      .replace(/<[^>]*>|\s+/g, ' ')
      .trim()
      .slice(0, 120);
  return `HTTP ${res.status} ${res.errorType ?? ''}: ${message}`.trim();
}

function errorTypeOf(res, json, text) {
  const header = res.headers['x-amzn-errortype'];
  const type =
    (typeof header === 'string' && header) || json?.__type || (text.startsWith('<') ? 'HTML' : 'Unknown');
  return String(type).split(':')[0].split('#').pop();
}
