// Starts the real server on a random loopback port with an in-memory store, and clients for it.
import { SSMClient } from '@aws-sdk/client-ssm';
import { createEmulator, type Emulator } from '../../src/app.js';
import type { ConfigInput } from '../../src/config.js';

export interface TestServer {
  emulator: Emulator;
  endpoint: string;
  /** An SDK client; `accessKeyId` of 12 digits selects that account. */
  client(opts?: { region?: string; accessKeyId?: string }): SSMClient;
  /** A raw awsJson1.1 call, for what SDKs would refuse to send. */
  raw(target: string, body: string | undefined, headers?: Record<string, string>): Promise<RawResponse>;
  control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export const SIGV4 = (accessKeyId = 'AKIAIOSFODNN7EXAMPLE', region = 'us-east-1') =>
  `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261126/${region}/ssm/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`;

export async function startServer(config: ConfigInput = {}): Promise<TestServer> {
  const emulator = createEmulator({ inMemory: true, port: 0, logLevel: 'silent', ...config });
  const endpoint = await emulator.listen();
  const clients: SSMClient[] = [];
  return {
    emulator,
    endpoint,
    client({ region = 'us-east-1', accessKeyId = 'AKIAIOSFODNN7EXAMPLE' } = {}) {
      const c = new SSMClient({
        endpoint,
        region,
        credentials: { accessKeyId, secretAccessKey: 'test-secret' },
        maxAttempts: 1,
      });
      clients.push(c);
      return c;
    },
    async raw(target, body, headers = {}) {
      const res = await fetch(`${endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': target,
          authorization: SIGV4(),
          ...headers,
        },
        body,
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    async control(method, path, body) {
      const res = await fetch(`${endpoint}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    },
    async close() {
      for (const c of clients) c.destroy();
      await emulator.close();
    },
  };
}

/** Runs fn and returns the SDK error it throws (fails the test if it does not throw). */
export async function sdkError(
  fn: () => Promise<unknown>,
): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number }; [k: string]: any }> {
  try {
    await fn();
  } catch (err) {
    return err as any;
  }
  throw new Error('expected the call to fail');
}
