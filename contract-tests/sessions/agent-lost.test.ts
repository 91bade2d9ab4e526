// A standalone agent that dies takes its sessions with it: they end when the loss is detected (its socket
// closes, or it stops answering the keepalive), not at the 20-minute idle timeout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CreateActivationCommand, DescribeSessionsCommand, StartSessionCommand } from '@aws-sdk/client-ssm';
import { startServer, type TestServer } from '../helpers/server.js';
import { SessionClient } from './client/session-client.js';

const KEEPALIVE_SECONDS = 0.3;
let server: TestServer;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  server = await startServer({ agentKeepaliveSeconds: KEEPALIVE_SECONDS });
});
afterAll(() => server.close());
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});

/** An agent written by hand: registers, answers open-session with a prompt; `pongs: false` is a frozen host. */
async function handAgent(opts: { pongs: boolean }) {
  const a = await server.client().send(new CreateActivationCommand({ IamRole: 'SSMServiceRole' }));
  const ws = new WebSocket(`${server.endpoint.replace(/^http/, 'ws')}/_emulator/agent/ws`, {
    autoPong: opts.pongs,
  });
  sockets.push(ws);
  let closedByServer = false;
  ws.on('close', () => (closedByServer = true));
  const registered = new Promise<string>((resolve) =>
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { type: string; instanceId?: string; sessionId?: string };
      if (m.type === 'registered') resolve(m.instanceId!);
      if (m.type === 'open-session')
        ws.send(
          JSON.stringify({
            type: 'session-output',
            sessionId: m.sessionId,
            data: Buffer.from('$ ').toString('base64'),
          }),
        );
    }),
  );
  await new Promise((r) => ws.once('open', r));
  ws.send(
    JSON.stringify({
      type: 'register',
      protocol: 1,
      activationId: a.ActivationId,
      activationCode: a.ActivationCode,
      region: 'us-east-1',
      facts: {
        computerName: 'host',
        ipAddress: '192.0.2.9',
        platformType: 'Linux',
        platformName: 'Ubuntu',
        platformVersion: '24.04',
        agentVersion: '3.3.1142.0',
      },
    }),
  );
  return { ws, instanceId: await registered, closedByServer: () => closedByServer };
}

async function openShell(instanceId: string) {
  const s = await server.client().send(new StartSessionCommand({ Target: instanceId }));
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  await client.waitForText('$ ');
  return { sessionId: s.SessionId!, client };
}

const statusOf = async (sessionId: string) => {
  const history = await server
    .client()
    .send(
      new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: sessionId }] }),
    );
  return history.Sessions?.[0];
};

describe('a standalone agent that is lost', () => {
  it('its socket closes (the process died): its sessions end at once', async () => {
    const agent = await handAgent({ pongs: true });
    const { sessionId, client } = await openShell(agent.instanceId);
    const began = Date.now();
    agent.ws.terminate();
    const closed = await client.waitClosed(5000);
    expect(Date.now() - began).toBeLessThan(5000);
    expect(closed).toMatchObject({
      SessionId: sessionId,
      Output: `The agent of ${agent.instanceId} is no longer connected.`,
    });
    expect(await statusOf(sessionId)).toMatchObject({ SessionId: sessionId, Status: 'Terminated' });
    client.close();
  });

  it('it stops answering (a frozen host, a cut network): the keepalive cuts it and its sessions end', async () => {
    const agent = await handAgent({ pongs: false });
    const { sessionId, client } = await openShell(agent.instanceId);
    // Two keepalive intervals at most, plus scheduling slack on busy cores.
    await client.waitClosed(2 * KEEPALIVE_SECONDS * 1000 + 5000);
    expect(agent.closedByServer()).toBe(true);
    expect(await statusOf(sessionId)).toMatchObject({ Status: 'Terminated' });
    client.close();
  });

  it('an agent that answers the keepalive stays connected, with its session', async () => {
    const agent = await handAgent({ pongs: true });
    const { sessionId, client } = await openShell(agent.instanceId);
    await new Promise((r) => setTimeout(r, 6 * KEEPALIVE_SECONDS * 1000));
    expect(agent.closedByServer()).toBe(false);
    expect(client.closed).toBeUndefined();
    expect(await statusOf(sessionId)).toBeUndefined(); // still active, not in the history
    client.close();
  });
});
