// A shell-executor node with --allow-host-exec gets a real shell (a pty when node-pty is built).
import { expect, it } from 'vitest';
import {
  StartSessionCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
} from '@aws-sdk/client-ssm';
import { useServer } from '../helpers/server.js';
import { SessionClient } from './client/session-client.js';
import { loadPty } from '../../src/agent-sim/streams/host-shell.js';

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

it('types the shell profile of the session preferences into the shell first', async () => {
  const ssm = server.client();
  // The preferences document as AWS's guide shows it; the agent gets its shellProfile in open-session.
  const prefs = JSON.stringify({
    schemaVersion: '1.0',
    sessionType: 'Standard_Stream',
    inputs: { shellProfile: { linux: 'FROM_PROFILE=yes; export FROM_PROFILE', windows: '' } },
  });
  const r = await ssm.send(
    new UpdateDocumentCommand({
      Name: 'SSM-SessionManagerRunShell',
      Content: prefs,
      DocumentVersion: '$LATEST',
    }),
  );
  await ssm.send(
    new UpdateDocumentDefaultVersionCommand({
      Name: 'SSM-SessionManagerRunShell',
      DocumentVersion: r.DocumentDescription!.DocumentVersion!,
    }),
  );
  const added = await server.control('POST', '/_emulator/nodes', {
    id: 'i-0000000000000c0d2',
    os: 'ubuntu-22.04',
    executor: 'shell',
  });
  expect(added.status).toBeLessThan(300);
  const s = await ssm.send(new StartSessionCommand({ Target: 'i-0000000000000c0d2' }));
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
  client.type('echo "[$FROM_PROFILE]"\r');
  await client.waitForText('[yes]\r\n', 10_000);
  client.type('exit\r');
  await client.waitClosed(10_000);
  client.close();
});
