// /_emulator/reset resets every engine through one loop: live sessions end and their websockets close,
// parameter policy timers of the scope are gone, and what belongs to another scope is left alone.
import {
  DescribeSessionsCommand,
  GetParameterCommand,
  PutParameterCommand,
  ResumeSessionCommand,
  StartSessionCommand,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkError, startServer, type TestServer } from '../helpers/server.js';
import { SessionClient } from '../sessions/client/session-client.js';

const WEB = 'i-0123456789abcdef0';
const OTHER_ACCOUNT = '111122223333';
const DUE = '2030-01-10T00:00:00.000Z';
const T0 = Date.parse('2030-01-01T00:00:00Z');

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const expiration = JSON.stringify([{ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: DUE } }]);
const putExpiring = (accessKeyId?: string, Name = '/reset/expiring') =>
  server
    .client(accessKeyId ? { accessKeyId } : {})
    .send(
      new PutParameterCommand({ Name, Value: 'v', Type: 'String', Tier: 'Advanced', Policies: expiration }),
    );
const policyEvents = async () =>
  (await server.control('GET', '/_emulator/events?detailType=Parameter%20Store%20Policy%20Action')).json
    .events as unknown[];

describe('reset and live sessions', () => {
  it('ends a live session of the scope: channel_closed, the websocket closes, nothing is left running', async () => {
    const ssm = server.client();
    const s = await ssm.send(new StartSessionCommand({ Target: WEB }));
    const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
    await client.waitForText('sh-5.2$ ');
    const sessions = server.emulator.services.sessions;
    expect(sessions.stats.live).toBe(1);

    // Another account's reset leaves the session alone.
    await server.control('POST', '/_emulator/reset', { account: OTHER_ACCOUNT });
    expect(sessions.stats.live).toBe(1);
    client.type('echo still-here\r');
    await client.waitForText('still-here');

    expect((await server.control('POST', '/_emulator/reset')).json).toEqual({ reset: 'all' });
    expect(await client.waitClosed()).toMatchObject({ SessionId: s.SessionId, Output: '' });
    await client.waitFor(() => client.socketClosed, 5000, 'socket close');
    client.close();
    expect(sessions.stats).toEqual({ live: 0, routed: 0, timers: 0, destinations: 0 });
    // Nothing of it is active any more: it cannot be resumed, and a new session starts as usual.
    const active = await ssm.send(new DescribeSessionsCommand({ State: 'Active' }));
    expect(active.Sessions).toEqual([]);
    const resumed = await sdkError(() => ssm.send(new ResumeSessionCommand({ SessionId: s.SessionId })));
    expect(resumed).toMatchObject({
      name: 'DoesNotExistException',
      message: `Session ${s.SessionId} does not exist.`,
    });
    const again = await ssm.send(new StartSessionCommand({ Target: WEB }));
    const next = await SessionClient.open(again.StreamUrl!, again.TokenValue!);
    await next.waitForText('sh-5.2$ ');
    next.close();
    await server.control('POST', '/_emulator/reset');
  });
});

describe('reset and parameter policies', () => {
  it("drops the scope's policy timers: nothing fires or is deleted after the reset", async () => {
    await server.control('POST', '/_emulator/clock', { freeze: true });
    await server.control('POST', '/_emulator/clock', { set: new Date(T0).toISOString() });
    const parameters = server.emulator.services.parameters;
    await putExpiring();
    await putExpiring(OTHER_ACCOUNT);
    expect(parameters.policyTimers).toBe(2);

    await server.control('POST', '/_emulator/reset', { account: '000000000000' });
    expect(parameters.policyTimers).toBe(1); // the other account's policy is still armed

    // A parameter of the same name created after the reset, without policies, is not touched at DUE.
    await server
      .client()
      .send(new PutParameterCommand({ Name: '/reset/expiring', Value: 'kept', Type: 'String' }));
    await server.control('POST', '/_emulator/clock', { advance: 10 * 86400 });
    const kept = await server.client().send(new GetParameterCommand({ Name: '/reset/expiring' }));
    expect(kept.Parameter?.Value).toBe('kept');
    // Only the other account's policy fired.
    const fired = (await policyEvents()) as { account: string; detail: Record<string, string> }[];
    expect(fired.map((e) => [e.account, e.detail['policy-type']])).toEqual([[OTHER_ACCOUNT, 'Expiration']]);
    expect(parameters.policyTimers).toBe(0);

    await server.control('POST', '/_emulator/clock', { set: new Date(T0).toISOString() });
    await putExpiring(OTHER_ACCOUNT, '/reset/again');
    await putExpiring(undefined, '/reset/again');
    expect(parameters.policyTimers).toBe(2);
    await server.control('POST', '/_emulator/reset');
    expect(parameters.policyTimers).toBe(0);
  });
});
