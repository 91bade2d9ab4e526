// A standalone agent (the shipped CLI, `ssm-emulator agent`) runs session shells in a pty that honours the
// client's terminal size: the size before the shell starts, then every Size message; exit, TerminateSession
// and the agent's shutdown leave no shell behind.
import type { ChildProcess } from 'node:child_process';
import { CreateActivationCommand, StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnAgent } from '../helpers/agent-process.js';
import { gone } from '../helpers/processes.js';
import { useServer } from '../helpers/server.js';
import { SessionClient } from './client/session-client.js';
import { loadPty } from '../../src/agent-sim/streams/host-shell.js';

const NO_PTY = loadPty() ? false : 'node-pty does not load here (optional dependency not built)';

const server = useServer();
let agent: ChildProcess;
let instanceId: string;
let registered: Promise<string>;
const clients: SessionClient[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  const a = await server.client().send(new CreateActivationCommand({ IamRole: 'SSMServiceRole' }));
  ({ child: agent, registered } = spawnAgent(server.endpoint, a.ActivationCode!, a.ActivationId!));
  instanceId = await registered;
});

afterAll(async () => {
  for (const c of clients) c.close();
  for (const w of sockets) w.terminate();
  agent?.kill('SIGKILL');
});

async function session(opts: { document?: string; parameters?: Record<string, string[]> } = {}) {
  const s = await server.client().send(
    new StartSessionCommand({
      Target: instanceId,
      DocumentName: opts.document,
      Parameters: opts.parameters,
    }),
  );
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  clients.push(client);
  return { client, sessionId: s.SessionId! };
}

async function shellPid(client: SessionClient): Promise<number> {
  client.type('echo "pid=$$."\r');
  await client.waitForText(/pid=\d+\./, 10_000);
  return Number(/pid=(\d+)\./.exec(client.text)![1]);
}

describe.skipIf(NO_PTY)('shell sessions on a standalone agent', () => {
  it('start at the client size, follow a resize, and end on exit with the shell gone', async () => {
    const { client } = await session();
    // Sent before the handshake's answer, so the shell opens at this size (open-session's cols/rows).
    client.resize(100, 30);
    await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
    client.type('echo "$TERM"; stty size\r');
    await client.waitForText(/xterm-256color\r\n30 100\r\n/, 10_000);
    client.resize(120, 40);
    client.type('stty size\r');
    await client.waitForText(/40 120\r\n/, 10_000);
    const pid = await shellPid(client);
    client.type('exit\r');
    expect((await client.waitClosed(10_000)).Output).toBe('');
    expect(await gone(pid)).toBe(true);
  });

  it('edits lines in the pty: the engine adds no echo of its own', async () => {
    const { client } = await session();
    await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
    client.type('echo abX\x7fc\r');
    await client.waitForText(/abc\r\n/, 10_000);
    // One echo of the typed line (the pty's), not two.
    expect(client.text.split('echo ab').length - 1).toBe(1);
    client.type('exit\r');
    await client.waitClosed(10_000);
  });

  it('AWS-StartInteractiveCommand runs its command in the pty at the client size', async () => {
    const { client } = await session({
      document: 'AWS-StartInteractiveCommand',
      parameters: { command: ['stty size; tty'] },
    });
    client.resize(132, 43);
    await client.waitForText(/43 132\r\n\/dev\/pts\//, 10_000);
    await client.waitClosed(10_000);
  });

  it('TerminateSession ends the shell on the node', async () => {
    const { client, sessionId } = await session();
    await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
    const pid = await shellPid(client);
    await server.client().send(new TerminateSessionCommand({ SessionId: sessionId }));
    await client.waitClosed(10_000);
    expect(await gone(pid)).toBe(true);
  });

  it('stopping the agent ends its shells', async () => {
    const { client } = await session();
    await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
    const pid = await shellPid(client);
    const exited = new Promise((r) => agent.once('exit', r));
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await gone(pid)).toBe(true);
  });
});

/** An agent written by hand on the agent websocket: registers with these capabilities (or none). */
async function rawAgent(capabilities?: string[]) {
  const a = await server.client().send(new CreateActivationCommand({ IamRole: 'SSMServiceRole' }));
  const ws = new WebSocket(`${server.endpoint.replace(/^http/, 'ws')}/_emulator/agent/ws`);
  sockets.push(ws);
  const received: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    received.push(JSON.parse(String(raw)) as Record<string, unknown>);
    for (const w of [...waiters]) w();
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const m = received.find((r) => r.type === type);
        if (!m) return;
        waiters.delete(check);
        clearTimeout(t);
        resolve(m);
      };
      const t = setTimeout(() => reject(new Error(`no ${type}: ${JSON.stringify(received)}`)), 10_000);
      waiters.add(check);
      check();
    });
  await new Promise((r) => ws.once('open', r));
  ws.send(
    JSON.stringify({
      type: 'register',
      protocol: 1,
      activationId: a.ActivationId,
      activationCode: a.ActivationCode,
      region: 'us-east-1',
      facts: {
        computerName: 'old',
        ipAddress: '192.0.2.7',
        platformType: 'Linux',
        platformName: 'Ubuntu',
        platformVersion: '24.04',
        agentVersion: '3.3.1142.0',
      },
      ...(capabilities && { capabilities }),
    }),
  );
  return { registered: await next('registered'), received, next };
}

describe('capability negotiation on the agent websocket', () => {
  it('registered names the known capabilities the agent declared, and no field to agents that sent none', async () => {
    expect((await rawAgent(['from-a-newer-agent', 'pty'])).registered.capabilities).toEqual(['pty']);
    expect((await rawAgent([])).registered.capabilities).toEqual([]);
    expect((await rawAgent()).registered).not.toHaveProperty('capabilities');
  });

  it('an agent without pty gets edited lines and never resize-session', async () => {
    const old = await rawAgent();
    const s = await server
      .client()
      .send(new StartSessionCommand({ Target: old.registered.instanceId as string }));
    const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
    clients.push(client);
    client.resize(100, 30);
    await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
    expect(await old.next('open-session')).toMatchObject({ kind: 'shell', cols: 100, rows: 30 });
    client.resize(120, 40);
    client.type('lx\x7fs\r');
    const fed = await old.next('feed-session');
    expect(Buffer.from(fed.data as string, 'base64').toString()).toBe('ls\n');
    await client.waitForText('lx\b \bs\r\n', 5000); // the engine's echo and editing
    expect(old.received.map((m) => m.type)).not.toContain('resize-session');
  });
});
