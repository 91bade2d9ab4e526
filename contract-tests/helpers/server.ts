// The real server on a random loopback port with an in-memory store, and clients for it.
//
// In a test file, `useServer()` is all the setup there is:
//
//   const server = useServer();                         // started in beforeAll, closed in afterAll
//   const server = useServer({ resetEach: true });      // plus POST /_emulator/reset before each test
//   const server = useServer({ resetEach: true, clock: 'freeze' }); // and the clock frozen (or 'real') after it
//   const server = useServer({ config: { allowHostExec: true } }); // createEmulator options (fleet, ...)
//   const server = useServer({ config: () => ({ fleet }) });  // read in beforeAll: a file an earlier hook wrote
//
//   it('...', async () => {
//     await server.ssm.send(new GetParameterCommand({ Name: 'x' }));      // one shared SDK client
//     server.client({ accessKeyId: '111122223333' });                      // another account or region
//     await server.raw('AmazonSSM.GetParameter', '{}');                    // bytes an SDK would refuse to send
//     await server.control('POST', '/_emulator/clock', { advance: 60 }); // the control plane
//     server.endpoint; server.emulator.services;                           // for CLIs and engine stats
//   });
//
// Call it at the top of the file (or of a describe). The handle's fields are read when used, so they work in
// hooks and tests but throw at module level, before beforeAll has run. Hooks registered after useServer()
// run after the server started (vitest's default sequence.hooks, 'stack'), and afterAll hooks registered
// after it run before it closes: a file's own beforeAll can seed data, its afterAll can stop its agents.
// `startServer()` is still there for tests that start and stop servers themselves.
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
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

export interface UseServerOptions {
  /** createEmulator options; a function is called in beforeAll, for values known only then. */
  config?: ConfigInput | (() => ConfigInput);
  /** POST /_emulator/reset before each test: every test starts from the fresh server's state. */
  resetEach?: boolean;
  /** The clock mode set before each test (after the reset): the real clock, or a frozen virtual one. */
  clock?: 'real' | 'freeze';
}

/** The running server of a test file; `close` is useServer's own afterAll. */
export interface ServerHandle extends Omit<TestServer, 'close'> {
  /** An SDK client for the default account and region, made on first use and shared by the file's tests. */
  readonly ssm: SSMClient;
}

/** Registers the server's start (beforeAll), close (afterAll) and optional per-test reset: see the header. */
export function useServer({ config, resetEach = false, clock }: UseServerOptions = {}): ServerHandle {
  let running: TestServer | undefined;
  let ssm: SSMClient | undefined;
  const server = (): TestServer => {
    if (!running)
      throw new Error('useServer(): the server runs from beforeAll to afterAll; use it in hooks and tests');
    return running;
  };
  beforeAll(async () => {
    running = await startServer(typeof config === 'function' ? config() : config);
  });
  afterAll(async () => {
    await running?.close();
    running = undefined;
    ssm = undefined;
  });
  if (resetEach || clock) {
    beforeEach(async () => {
      const steps: [string, unknown][] = [];
      if (resetEach) steps.push(['/_emulator/reset', {}]);
      if (clock) steps.push(['/_emulator/clock', clock === 'real' ? { real: true } : { freeze: true }]);
      for (const [path, body] of steps) {
        const r = await server().control('POST', path, body);
        if (r.status !== 200) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.json)}`);
      }
    });
  }
  return {
    get emulator() {
      return server().emulator;
    },
    get endpoint() {
      return server().endpoint;
    },
    get ssm() {
      return (ssm ??= server().client());
    },
    client: (opts) => server().client(opts),
    raw: (target, body, headers) => server().raw(target, body, headers),
    control: (method, path, body) => server().control(method, path, body),
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
