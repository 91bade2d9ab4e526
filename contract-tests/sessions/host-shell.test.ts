// A shell-executor node with --allow-host-exec gets a real shell (a pty when node-pty is built).
import { expect, it } from 'vitest';
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { useServer } from '../helpers/server.js';
import { SessionClient } from './client/session-client.js';
import { loadPty } from '../../src/engine/sessions/node-streams.js';

const server = useServer({ config: { allowHostExec: true } });

it('runs a real shell that honours the terminal size', async () => {
  const added = await server.control('POST', '/_emulator/nodes', {
    id: 'i-0000000000000c0d1',
    os: 'ubuntu-22.04',
    executor: 'shell',
  });
  expect(added.status).toBeLessThan(300);
  const s = await server.client().send(new StartSessionCommand({ Target: 'i-0000000000000c0d1' }));
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
  client.resize(132, 43);
  client.type('echo hel""lo; stty size 2>/dev/null || echo no-tty\r');
  await client.waitForText(/hello\r\n/, 10_000);
  if (loadPty()) await client.waitForText('43 132', 10_000);
  client.type('exit\r');
  await client.waitClosed(10_000);
  client.close();
});
