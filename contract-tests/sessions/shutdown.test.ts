// Shutting the server down while a plugin is still connected: the client gets channel_closed, then its
// socket is closed, and the server does not wait for the client to leave on its own.
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';
import { SessionClient } from './client/session-client.js';

describe('server shutdown', () => {
  it('closes the data channels of sessions whose clients stay connected', async () => {
    const server = await startServer();
    const s = await server.client().send(new StartSessionCommand({ Target: 'i-0123456789abcdef0' }));
    const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
    await client.waitForText('sh-5.2$ ');
    const closing = server.close();
    // Without the server closing the socket, it stays open for as long as the client wants.
    await client.waitFor(() => client.socketClosed, 5000, 'the server to close the socket');
    expect(client.closed).toMatchObject({ SessionId: s.SessionId, Output: '' });
    await closing;
    client.close();
  });
});
