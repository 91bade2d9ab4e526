// Small helpers for the Parameter Store contract tests: raw calls that return __type and message.
import type { TestServer } from '../helpers/server.js';

/** What the calls need: the handle of useServer() or a started server. */
type Raw = Pick<TestServer, 'raw'>;

export interface RawError {
  status: number;
  type: string;
  message: string | undefined;
  body: any;
}

export async function call(server: Raw, op: string, body: unknown): Promise<any> {
  const res = await server.raw(`AmazonSSM.${op}`, JSON.stringify(body));
  if (res.status !== 200) throw new Error(`${op} failed: ${res.text}`);
  return res.json;
}

export async function fail(server: Raw, op: string, body: unknown): Promise<RawError> {
  const res = await server.raw(`AmazonSSM.${op}`, JSON.stringify(body));
  if (res.status === 200) throw new Error(`${op} was expected to fail: ${res.text}`);
  return {
    status: res.status,
    type: res.json.__type,
    message: res.json.message ?? res.json.Message,
    body: res.json,
  };
}
