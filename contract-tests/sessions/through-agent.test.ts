// One path to every node: a virtual node's sessions (shell, command, port) reach it as contract messages through
// its in-process agent, exactly as a standalone agent's do over the websocket; the engine opens nothing itself.
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { StartSessionCommand, TerminateSessionCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { VirtualAgent } from '../../src/agent-sim/virtual-agent.js';
import type { AgentToEngine, EngineToAgent } from '../../src/agent-contract/protocol.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { SessionClient } from './client/session-client.js';

const WEB = 'i-0123456789abcdef0';
const MAPPED = 'i-0000000000000d0e1';

let server: TestServer;
let ssm: SSMClient;
let echo: Server;
let echoPort: number;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
  echo = createServer((s) => {
    s.on('data', (d: Buffer) => s.write(`echo:${d.toString()}`));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as { port: number }).port;
  const added = await server.control('POST', '/_emulator/nodes', {
    id: MAPPED,
    os: 'amazon-linux-2023',
    agentVersion: '3.0.196.0', // basic port mode: one destination stream, named <session id>#1
    facts: { portTargets: { '80': `127.0.0.1:${echoPort}` } },
  });
  expect(added.status).toBeLessThan(300);
});
afterAll(async () => {
  await server.close();
  echo.close();
});
afterEach(() => vi.restoreAllMocks());

/** Every contract message the virtual agents received, and every one they sent back, for one session. */
function watch() {
  const toAgent = vi.spyOn(VirtualAgent.prototype, 'send');
  const fromAgent: AgentToEngine[] = [];
  const unsubscribe = server.emulator.services.fleet.subscribe((_from, m) => fromAgent.push(m));
  const sentTo = (id: string) =>
    toAgent.mock.calls
      .map(([m]) => m)
      .filter(
        (m): m is Extract<EngineToAgent, { sessionId: string }> =>
          'sessionId' in m && m.sessionId.startsWith(id),
      );
  const cameFrom = (id: string) => fromAgent.filter((m) => 'sessionId' in m && m.sessionId.startsWith(id));
  return { sentTo, cameFrom, unsubscribe };
}

it('a virtual node shell: open-session, its keystrokes as feed-session, close-session on TerminateSession', async () => {
  const w = watch();
  const s = await ssm.send(new StartSessionCommand({ Target: WEB }));
  const id = s.SessionId!;
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  await client.waitForText('sh-5.2$ ');
  client.type('hostname\r');
  await client.waitForText(/hostname\r\n.+\r\nsh-5\.2\$ $/);
  await ssm.send(new TerminateSessionCommand({ SessionId: id }));
  await client.waitClosed();
  client.close();
  w.unsubscribe();
  // A scripted shell has no pty: the engine edits the line and feeds it whole.
  expect(w.sentTo(id)).toEqual([
    { type: 'open-session', sessionId: id, kind: 'shell', cols: 80, rows: 24 },
    { type: 'feed-session', sessionId: id, data: Buffer.from('hostname\n').toString('base64') },
    { type: 'close-session', sessionId: id },
  ]);
  const output = w
    .cameFrom(id)
    .map((m) => (m.type === 'session-output' ? Buffer.from(m.data, 'base64').toString() : ''))
    .join('');
  expect(output).toMatch(/^sh-5\.2\$ .+\nsh-5\.2\$ $/);
});

it('a command session: open-session carries the command, the agent ends it', async () => {
  const w = watch();
  const s = await ssm.send(
    new StartSessionCommand({
      Target: WEB,
      DocumentName: 'AWS-StartNonInteractiveCommand',
      Parameters: { command: ['systemctl status nginx'] },
    }),
  );
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  await client.waitClosed();
  client.close();
  w.unsubscribe();
  expect(w.sentTo(s.SessionId!)).toEqual([
    {
      type: 'open-session',
      sessionId: s.SessionId,
      kind: 'shell',
      command: 'systemctl status nginx',
      cols: 80,
      rows: 24,
    },
  ]);
  expect(w.cameFrom(s.SessionId!).at(-1)).toEqual({
    type: 'session-closed',
    sessionId: s.SessionId,
    reason: 'exit 0',
  });
  expect(client.text).toContain('Active: active (running)');
});

it('a virtual node port session: open-session with the port, bytes both ways as messages, close-session', async () => {
  const w = watch();
  const s = await ssm.send(
    new StartSessionCommand({
      Target: MAPPED,
      DocumentName: 'AWS-StartPortForwardingSession',
      Parameters: { portNumber: ['80'], localPortNumber: ['0'] },
    }),
  );
  const id = s.SessionId!;
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
  client.sendBytes(Buffer.from('ping'));
  await client.waitForText('echo:ping');
  await ssm.send(new TerminateSessionCommand({ SessionId: id }));
  await client.waitClosed();
  client.close();
  w.unsubscribe();
  expect(w.sentTo(id)).toEqual([
    { type: 'open-session', sessionId: `${id}#1`, kind: 'port', port: 80 },
    { type: 'feed-session', sessionId: `${id}#1`, data: Buffer.from('ping').toString('base64') },
    { type: 'close-session', sessionId: `${id}#1` },
  ]);
  expect(w.cameFrom(id)).toEqual([
    { type: 'session-output', sessionId: `${id}#1`, data: Buffer.from('echo:ping').toString('base64') },
  ]);
  await expect.poll(() => server.emulator.services.sessions.stats.destinations).toBe(0);
});
