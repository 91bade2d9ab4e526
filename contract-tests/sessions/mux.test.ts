// Mux port forwarding (session-protocol.md 7.4) through our own plugin-side smux client: what the official plugin
// does when the node's agent is newer than 3.0.196.0, many local connections in one session.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateActivationCommand,
  DescribeSessionsCommand,
  StartSessionCommand,
  TerminateSessionCommand,
} from '@aws-sdk/client-ssm';
import { Flag } from '../../src/engine/sessions/agent-message.js';
import { SmuxCmd } from '../../src/engine/sessions/smux.js';
import { spawnAgent, type AgentProcess } from '../helpers/agent-process.js';
import { useServer } from '../helpers/server.js';
import { MuxClient } from './client/mux-client.js';
import { SessionClient } from './client/session-client.js';

/** Nodes of this suite: port 80 maps to the echo server, to a port nobody listens on, and a 3-part version. */
const NODE = 'i-0000000000000c0a1';
const DEAD = 'i-0000000000000c0a2';
const OLD_FORMAT = 'i-0000000000000c0a3';

const server = useServer();
let echo: Server;
let echoPort: number;
const clients: SessionClient[] = [];

beforeAll(async () => {
  // Greets, echoes, and hangs up on "bye".
  echo = createServer((s) => {
    s.write('BANNER\n');
    s.on('data', (d: Buffer) => (d.toString() === 'bye\n' ? s.end() : s.write(`echo:${d.toString()}`)));
    s.on('error', () => undefined);
  });
  echoPort = await listen(echo);
  const dead = createServer();
  const deadPort = await listen(dead);
  await new Promise((r) => dead.close(r));
  for (const [id, target, agentVersion] of [
    [NODE, `127.0.0.1:${echoPort}`, undefined],
    [DEAD, `127.0.0.1:${deadPort}`, undefined],
    [OLD_FORMAT, `127.0.0.1:${echoPort}`, '3.2.582'],
  ] as const) {
    const added = await server.control('POST', '/_emulator/nodes', {
      id,
      os: 'amazon-linux-2023',
      agentVersion,
      facts: { ports: [80], portTargets: { '80': target } },
    });
    expect(added.status).toBeLessThan(300);
  }
});

afterAll(async () => {
  for (const c of clients) c.close();
  echo.close();
});

async function portSession(target: string, parameters: Record<string, string[]> = { portNumber: ['80'] }) {
  const s = await server.ssm.send(
    new StartSessionCommand({
      Target: target,
      DocumentName: 'AWS-StartPortForwardingSession',
      Parameters: { localPortNumber: ['0'], ...parameters },
    }),
  );
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  clients.push(client);
  await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
  return { client, mux: new MuxClient(client), id: s.SessionId! };
}

async function status(id: string): Promise<string | undefined> {
  for (const State of ['Active', 'History'] as const) {
    const r = await server.ssm.send(
      new DescribeSessionsCommand({ State, Filters: [{ key: 'SessionId', value: id }] }),
    );
    if (r.Sessions?.length) return r.Sessions[0].Status;
  }
  return undefined;
}

describe('mux port forwarding', () => {
  it('announces the node agent version; one that is not four integers falls back to 3.0.196.0 (basic)', async () => {
    const mux = await portSession(NODE);
    expect(mux.client.agentVersion).toBe('3.3.1142.0');
    expect(mux.client.properties).toMatchObject({ type: 'LocalPortForwarding', portNumber: '80' });
    const basic = await portSession(OLD_FORMAT);
    expect(basic.client.agentVersion).toBe('3.0.196.0');
    // Basic mode dials at once and sends the destination's bytes raw, without smux framing.
    await basic.client.waitForText('BANNER\n');
    await server.ssm.send(new TerminateSessionCommand({ SessionId: mux.id }));
    await server.ssm.send(new TerminateSessionCommand({ SessionId: basic.id }));
  });

  it('two streams at once reach two connections of the destination; FIN on one, the other goes on', async () => {
    const before = server.emulator.services.sessions.stats;
    const { client, mux, id } = await portSession(NODE);
    const a = mux.open();
    const b = mux.open();
    expect([a.id, b.id]).toEqual([3, 5]);
    await a.waitForText('BANNER\n');
    await b.waitForText('BANNER\n');
    await expect.poll(() => connections(echo)).toBe(2);
    expect(server.emulator.services.sessions.stats.destinations).toBe(before.destinations + 2);
    // Interleaved: each stream only ever sees its own connection's bytes.
    a.write('one\n');
    b.write('two\n');
    await a.waitForText('echo:one\n');
    a.write('three\n');
    await b.waitForText('echo:two\n');
    await a.waitForText('echo:three\n');
    expect(a.text).toBe('BANNER\necho:one\necho:three\n');
    expect(b.text).toBe('BANNER\necho:two\n');
    // The plugin closes a local connection: FIN; the agent closes the destination and answers FIN.
    a.fin();
    await a.waitForFin();
    await expect.poll(() => connections(echo)).toBe(1);
    b.write('four\n');
    await b.waitForText('echo:four\n');
    // The destination hangs up: FIN on that stream, the session stays.
    b.write('bye\n');
    await b.waitForFin();
    await expect.poll(() => connections(echo)).toBe(0);
    expect(await status(id)).toBe('Connected');
    // A big write crosses many messages and frames, and comes back in order.
    const c = mux.open();
    const bulk = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');
    c.write(bulk);
    await expect
      .poll(() => c.text.replace(/echo:/g, '').length, { timeout: 10_000 })
      .toBe('BANNER\n'.length + bulk.length);
    expect(c.text.replace(/echo:/g, '')).toBe(`BANNER\n${bulk}`);
    client.terminate();
    await client.waitFor(() => client.closed !== undefined || client.socketClosed, 5000, 'end');
    expect(await status(id)).toBe('Terminated');
    await expect.poll(() => server.emulator.services.sessions.stats).toEqual(before);
    await expect.poll(() => connections(echo)).toBe(0);
    expect(mux.protocolError).toBeUndefined();
  });

  it('a stream whose destination cannot be reached gets ConnectToPortError and FIN; the session stays', async () => {
    const before = server.emulator.services.sessions.stats;
    const { client, mux, id } = await portSession(DEAD);
    const a = mux.open();
    await a.waitForFin();
    expect(client.flags).toEqual([Flag.ConnectToPortError]);
    const b = mux.open();
    await b.waitForFin();
    expect(client.flags).toEqual([Flag.ConnectToPortError, Flag.ConnectToPortError]);
    expect(a.text + b.text).toBe('');
    expect(await status(id)).toBe('Connected');
    await server.ssm.send(new TerminateSessionCommand({ SessionId: id }));
    await client.waitClosed();
    await expect.poll(() => server.emulator.services.sessions.stats).toEqual(before);
  });

  it('data for an unknown stream is dropped; a frame of another smux version ends the session and its connections', async () => {
    const before = server.emulator.services.sessions.stats;
    const { client, mux, id } = await portSession(NODE);
    const a = mux.open();
    const b = mux.open();
    await a.waitForText('BANNER\n');
    await b.waitForText('BANNER\n');
    mux.sendFrame(SmuxCmd.PSH, 99, Buffer.from('for nobody\n'));
    mux.sendFrame(SmuxCmd.FIN, 97);
    a.write('still\n');
    await a.waitForText('echo:still\n');
    expect(await connections(echo)).toBe(2);
    mux.sendRaw(Buffer.from([2, 0, 0, 0, 3, 0, 0, 0]));
    const closed = await client.waitClosed();
    expect(closed).toMatchObject({ SessionId: id, Output: 'invalid smux version 2' });
    expect(await status(id)).toBe('Failed');
    await expect.poll(() => connections(echo)).toBe(0);
    await expect.poll(() => server.emulator.services.sessions.stats).toEqual(before);
  });
});

// A standalone agent dials each stream's connection itself: one open-session per stream on the agent contract.
describe('mux port forwarding on a standalone agent', () => {
  let agent: AgentProcess | undefined;
  afterAll(() => agent?.child.kill('SIGKILL'));

  it('carries two streams to two connections and closes both at the end', async () => {
    const a = await server.ssm.send(new CreateActivationCommand({ IamRole: 'SSMServiceRole' }));
    agent = spawnAgent(server.endpoint, a.ActivationCode!, a.ActivationId!);
    const node = await agent.registered;
    const before = server.emulator.services.sessions.stats;
    const { client, mux, id } = await portSession(node, { portNumber: [String(echoPort)] });
    expect(client.agentVersion).toBe('3.3.1142.0');
    const s1 = mux.open();
    const s2 = mux.open();
    await s1.waitForText('BANNER\n', 10_000);
    await s2.waitForText('BANNER\n', 10_000);
    await expect.poll(() => connections(echo)).toBe(2);
    s2.write('second\n');
    s1.write('first\n');
    await s1.waitForText('echo:first\n', 10_000);
    await s2.waitForText('echo:second\n', 10_000);
    s1.fin();
    await s1.waitForFin();
    await expect.poll(() => connections(echo)).toBe(1);
    s2.write('again\n');
    await s2.waitForText('echo:again\n', 10_000);
    await server.ssm.send(new TerminateSessionCommand({ SessionId: id }));
    await client.waitClosed();
    await expect.poll(() => connections(echo)).toBe(0);
    await expect.poll(() => server.emulator.services.sessions.stats).toEqual(before);
  }, 30_000);
});

async function listen(s: Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as { port: number }).port;
}

function connections(s: Server): Promise<number> {
  return new Promise((resolve, reject) => s.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}
