// What a web page cannot do (docs/security.md): reach the emulator through a rebound host name, call it from
// another origin, or post a form to the control plane.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type TestServer } from '../helpers/server.js';
import { http, ssmCall } from '../helpers/http.js';

let server: TestServer;
let port: string;
beforeAll(async () => {
  server = await startServer();
  port = new URL(server.endpoint).port;
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
  expect(
    (await ssmCall(server.endpoint, 'PutParameter', { Name: 'db', Value: 'v', Type: 'String' })).status,
  ).toBe(200);
});

const hostRefusal = (host: string) =>
  `Host '${host}' is not allowed: this emulator answers localhost, *.localhost, 127.0.0.1 and [::1]; list other host names in SSM_EMULATOR_ALLOWED_HOSTS.`;
const originRefusal = (origin: string) =>
  `Origin '${origin}' is not allowed: browser pages may call this emulator only from localhost, *.localhost, 127.0.0.1, [::1] or a host listed in SSM_EMULATOR_ALLOWED_HOSTS.`;

describe('Host (DNS rebinding)', () => {
  it('refuses a host name that is not loopback with 403 AccessDeniedException', async () => {
    const host = `attacker.example:${port}`;
    const r = await ssmCall(server.endpoint, 'GetParameter', { Name: 'db' }, { host });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ __type: 'AccessDeniedException', message: hostRefusal(host) });
    expect(r.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });

  it('refuses it on the control plane too, with the control plane shape', async () => {
    const host = `rebind.attacker.example:${port}`;
    for (const [method, path] of [
      ['GET', '/_emulator/nodes'],
      ['POST', '/_emulator/reset'],
      ['GET', '/_emulator/nope'],
    ]) {
      const r = await http(server.endpoint, { method, path, headers: { host } });
      expect(r.status, path).toBe(403);
      expect(r.json, path).toEqual({ error: hostRefusal(host) });
    }
    expect((await ssmCall(server.endpoint, 'GetParameter', { Name: 'db' })).status).toBe(200);
  });

  it('answers localhost, 127.0.0.1, [::1], *.localhost and a host without a port as before', async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `app.localhost:${port}`,
      'LOCALHOST',
      '127.0.0.1',
    ]) {
      const r = await ssmCall(server.endpoint, 'GetParameter', { Name: 'db' }, { host });
      expect(r.status, host).toBe(200);
      expect(r.json.Parameter.Value, host).toBe('v');
    }
  });

  it('answers hosts listed in SSM_EMULATOR_ALLOWED_HOSTS, exactly or as *.suffix', async () => {
    const listed = await startServer({ allowedHosts: 'ssm.test, *.dev.example' });
    try {
      const p = new URL(listed.endpoint).port;
      for (const [host, status] of [
        [`ssm.test:${p}`, 200],
        [`SSM.TEST:${p}`, 200],
        [`api.dev.example:${p}`, 200],
        [`dev.example:${p}`, 403],
        [`ssm.test.attacker.example:${p}`, 403],
        [`localhost:${p}`, 200],
      ] as const) {
        const r = await ssmCall(listed.endpoint, 'GetParameter', { Name: 'nope' }, { host });
        expect(r.status, host).toBe(status === 200 ? 400 : 403); // 400: ParameterNotFound, past the guard
        if (status === 200) expect(r.json.__type, host).toBe('ParameterNotFound');
      }
    } finally {
      await listed.close();
    }
  });
});

describe('Origin (a browser page)', () => {
  it('refuses a call from another origin with 403, and any origin a page could hide behind (null)', async () => {
    for (const origin of [
      'http://evil.example',
      'https://evil.example:4583',
      'null',
      'http://192.168.1.9:8080',
    ]) {
      const r = await ssmCall(server.endpoint, 'GetParameter', { Name: 'db' }, { origin });
      expect(r.status, origin).toBe(403);
      expect(r.json, origin).toEqual({ __type: 'AccessDeniedException', message: originRefusal(origin) });
    }
  });

  it('accepts pages served from loopback (a local dev server)', async () => {
    for (const origin of [
      'http://localhost:3000',
      'http://127.0.0.1:5173',
      'http://[::1]:8080',
      'http://web.localhost',
    ]) {
      const r = await ssmCall(server.endpoint, 'GetParameter', { Name: 'db' }, { origin });
      expect(r.status, origin).toBe(200);
    }
  });

  it('refuses the acceptance form post to reset: 403, and the state is intact', async () => {
    const r = await http(server.endpoint, {
      path: '/_emulator/reset',
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      body: '{}',
    });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ error: originRefusal('http://evil.example') });
    const got = await ssmCall(server.endpoint, 'GetParameter', { Name: 'db' });
    expect(got.json.Parameter.Value).toBe('v');
  });

  it('refuses a websocket from another origin or host before it opens', async () => {
    const ws = server.endpoint.replace(/^http/, 'ws');
    for (const [path, headers] of [
      ['/_emulator/agent/ws', { origin: 'http://evil.example' }],
      ['/v1/data-channel/s-0123456789abcdef0', { origin: 'http://evil.example' }],
      ['/_emulator/agent/ws', { host: `attacker.example:${port}` }],
    ] as const) {
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${ws}${path}`, { headers });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => reject(new Error(`${path} opened`)));
        socket.on('error', () => undefined);
      });
      expect(status, path).toBe(403);
    }
  });
});

describe('control plane bodies', () => {
  const notJson = (type: string) =>
    `The control plane accepts only application/json bodies, not '${type}'; with curl, add -H 'content-type: application/json'.`;

  it('refuses a body of any other type with 415 and does nothing (what forms and curl -d send)', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await http(server.endpoint, {
        path: '/_emulator/reset',
        headers: { 'content-type': type },
        body: '{}',
      });
      expect(r.status, type).toBe(415);
      expect(r.json, type).toEqual({ error: notJson(type) });
    }
    const clock = await http(server.endpoint, {
      path: '/_emulator/clock',
      headers: { 'content-type': 'text/plain' },
      body: '{"advance":3600}',
    });
    expect(clock.status).toBe(415);
    expect((await server.control('GET', '/_emulator/clock')).json.mode).toBe('real');
    const nodes = await http(server.endpoint, {
      path: '/_emulator/nodes',
      headers: { 'content-type': 'text/plain' },
      body: '{"id":"i-0000000000000beef"}',
    });
    expect(nodes.status).toBe(415);
    expect((await server.control('GET', '/_emulator/nodes/i-0000000000000beef')).status).toBe(404);
    const noType = await http(server.endpoint, { path: '/_emulator/reset', body: '{}' });
    expect(noType.json).toEqual({
      error:
        "The control plane accepts only application/json bodies, not a body without a content type; with curl, add -H 'content-type: application/json'.",
    });
    expect((await ssmCall(server.endpoint, 'GetParameter', { Name: 'db' })).json.Parameter.Value).toBe('v');
  });

  it('accepts application/json (with a charset too) and a request without a body', async () => {
    const json = await http(server.endpoint, {
      path: '/_emulator/reset',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: '{}',
    });
    expect(json.status).toBe(200);
    expect((await ssmCall(server.endpoint, 'GetParameter', { Name: 'db' })).json.__type).toBe(
      'ParameterNotFound',
    );
    const empty = await http(server.endpoint, { path: '/_emulator/reset' });
    expect(empty).toMatchObject({ status: 200, json: { reset: 'all' } });
  });
});
