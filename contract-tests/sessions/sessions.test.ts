// Session Manager through our own plugin-side client: StartSession, the data channel, shells, ports, resume.
import { createServer, connect, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeSessionsCommand,
  ResumeSessionCommand,
  StartSessionCommand,
  TerminateSessionCommand,
} from '@aws-sdk/client-ssm';
import { sdkError, useServer } from '../helpers/server.js';
import { MuxClient } from './client/mux-client.js';
import { SessionClient } from './client/session-client.js';
import { encodeMessage, MessageType, PayloadType } from '../../src/engine/sessions/agent-message.js';

const WEB = 'i-0123456789abcdef0';

const server = useServer();
let echo: Server;
let echoPort: number;
/** Connections the echo server accepted: a refused port session must not add any. */
let echoConnections = 0;

beforeAll(async () => {
  echo = createServer((s) => {
    echoConnections++;
    s.write('BANNER\n');
    s.on('data', (d: Buffer) => s.write(`echo:${d.toString()}`));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as { port: number }).port;
});
afterAll(() => echo.close());

async function start(input: Partial<ConstructorParameters<typeof StartSessionCommand>[0]> = {}) {
  return server.ssm.send(new StartSessionCommand({ Target: WEB, ...input }));
}

async function shell(): Promise<{ client: SessionClient; id: string }> {
  const s = await start();
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  await client.waitForText('sh-5.2$ ');
  return { client, id: s.SessionId! };
}

describe('StartSession', () => {
  describe('serialization', () => {
    it('returns a session id, a token and a ws:// stream url on this server', async () => {
      const s = await start({ Reason: 'testing' });
      expect(s.SessionId).toMatch(/^[A-Za-z0-9_.@-]+-[0-9a-f]{17}$/);
      expect(s.TokenValue!.length).toBeGreaterThan(64);
      const port = new URL(server.endpoint).port;
      expect(s.StreamUrl).toBe(
        `ws://127.0.0.1:${port}/v1/data-channel/${s.SessionId}?role=publish_subscribe`,
      );
      await server.ssm.send(new TerminateSessionCommand({ SessionId: s.SessionId }));
    });
  });

  describe('validation', () => {
    it('TargetNotConnected for an unknown node', async () => {
      const err = await sdkError(() => start({ Target: 'i-00000000000000000' }));
      expect(err.name).toBe('TargetNotConnected');
      expect(err.message).toBe('i-00000000000000000 is not connected.');
    });
    it('InvalidDocument for an unknown document', async () => {
      const err = await sdkError(() => start({ DocumentName: 'NoSuchDocument' }));
      expect(err.name).toBe('InvalidDocument');
      expect(err.message).toBe('The specified document does not exist.');
    });
    it('InvalidDocument for a document that is not a Session document', async () => {
      const err = await sdkError(() => start({ DocumentName: 'AWS-RunShellScript' }));
      expect(err.name).toBe('InvalidDocument');
      expect(err.message).toBe('Document AWS-RunShellScript is not a Session document.');
    });
    it('InvalidParameters for a parameter the document does not declare or a bad value', async () => {
      let err = await sdkError(() =>
        start({ DocumentName: 'AWS-StartPortForwardingSession', Parameters: { nope: ['1'] } }),
      );
      expect(err.name).toBe('InvalidParameters');
      expect(err.message).toBe('Parameter "nope" is not defined in the document.');
      err = await sdkError(() =>
        start({ DocumentName: 'AWS-StartPortForwardingSession', Parameters: { portNumber: ['99999'] } }),
      );
      expect(err.name).toBe('InvalidParameters');
    });
  });

  describe('functionality', () => {
    it('opens a shell: handshake, echo hello prints hello, exit ends it and it moves to History', async () => {
      const { client, id } = await shell();
      expect(client.sessionType).toBe('Standard_Stream');
      expect(client.agentVersion).toBe('3.3.1142.0'); // the node's own, as the real agent announces it
      let active = await server.ssm.send(new DescribeSessionsCommand({ State: 'Active' }));
      expect(active.Sessions!.find((s) => s.SessionId === id)?.Status).toBe('Connected');
      client.resize(120, 40);
      client.type('echo hello\r');
      await client.waitForText(/echo hello\r\nhello\r\nsh-5\.2\$ $/);
      client.type('exit\r');
      const closed = await client.waitClosed();
      expect(closed).toMatchObject({ SessionId: id, Output: '', DestinationId: WEB });
      client.close();
      const hist = await server.ssm.send(
        new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: id }] }),
      );
      expect(hist.Sessions).toHaveLength(1);
      expect(hist.Sessions![0]).toMatchObject({
        SessionId: id,
        Target: WEB,
        Status: 'Terminated',
        DocumentName: 'SSM-SessionManagerRunShell',
      });
      expect(hist.Sessions![0].EndDate).toBeInstanceOf(Date);
      active = await server.ssm.send(new DescribeSessionsCommand({ State: 'Active' }));
      expect(active.Sessions!.some((s) => s.SessionId === id)).toBe(false);
    });

    it('edits the line: backspace removes a character before the command runs', async () => {
      const { client } = await shell();
      client.type('echo helloo\x7f\r');
      await client.waitForText(/\r\nhello\r\n/);
      client.type('\x04');
      await client.waitClosed();
      client.close();
    });

    it('answers from the fleet rules of the node', async () => {
      const { client } = await shell();
      client.type('systemctl status nginx\r');
      await client.waitForText('Active: active (running)');
      client.close();
    });

    it('AWS-StartNonInteractiveCommand runs its command and ends', async () => {
      const s = await start({
        DocumentName: 'AWS-StartNonInteractiveCommand',
        Parameters: { command: ['echo from-command'] },
      });
      const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
      expect(await client.waitClosed()).toMatchObject({ SessionId: s.SessionId });
      expect(client.sessionType).toBe('NonInteractiveCommands');
      expect(client.text).toContain('from-command');
      client.close();
    });

    it('a command that ends at once still reaches a client that took its output late', async () => {
      const s = await start({
        DocumentName: 'AWS-StartNonInteractiveCommand',
        Parameters: { command: ['echo from-command'] },
      });
      const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
      // Like the real plugin before its shell handler is registered: the first output is dropped unacked.
      let refused = 0;
      client.onOutput = () => refused++ > 0;
      const closed = await client.waitClosed();
      expect(refused).toBeGreaterThan(1);
      expect(closed).toMatchObject({ SessionId: s.SessionId, Output: '' });
      expect(client.text).toContain('from-command');
      client.close();
    });

    it('port forwarding to a remote host the fleet maps carries real TCP bytes both ways (smux, as the node is 3.3)', async () => {
      const added = await server.control('POST', '/_emulator/nodes', {
        id: 'i-0000000000000a0b2',
        os: 'amazon-linux-2023',
        facts: { portTargets: { [`127.0.0.1:${echoPort}`]: `127.0.0.1:${echoPort}` } },
      });
      expect(added.status).toBeLessThan(300);
      const s = await start({
        Target: 'i-0000000000000a0b2',
        DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
        Parameters: { host: ['127.0.0.1'], portNumber: [String(echoPort)], localPortNumber: ['0'] },
      });
      const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
      await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
      expect(client.sessionType).toBe('Port');
      expect(client.properties).toMatchObject({
        portNumber: String(echoPort),
        type: 'LocalPortForwarding',
        host: '127.0.0.1',
      });
      expect(client.agentVersion).toBe('3.3.1142.0');
      const { server: local, port } = await new MuxClient(client).listenLocal();
      const sock = connect(port, '127.0.0.1');
      let got = '';
      sock.on('data', (d: Buffer) => (got += d.toString()));
      sock.write('ping\n');
      await expect.poll(() => got, { timeout: 5000 }).toBe('BANNER\necho:ping\n');
      sock.end();
      client.terminate();
      await client.waitFor(() => client.closed !== undefined || client.socketClosed, 5000, 'end');
      client.close();
      local.close();
    });

    it('port forwarding to a node port mapped by the fleet facts (basic mode: an agent of 3.0.196.0)', async () => {
      // An agent too old for smux: the plugin forwards one local connection at a time (session-protocol.md 7.3).
      const added = await server.control('POST', '/_emulator/nodes', {
        id: 'i-0000000000000a0b1',
        os: 'amazon-linux-2023',
        agentVersion: '3.0.196.0',
        facts: { ports: [80], portTargets: { '80': `127.0.0.1:${echoPort}` } },
      });
      expect(added.status).toBeLessThan(300);
      const s = await start({
        Target: 'i-0000000000000a0b1',
        DocumentName: 'AWS-StartPortForwardingSession',
        Parameters: { portNumber: ['80'], localPortNumber: ['18080'] },
      });
      const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
      await client.waitFor(() => client.handshakeComplete, 5000, 'handshake');
      expect(client.agentVersion).toBe('3.0.196.0');
      const { server: local, port } = await client.listenLocal();
      const payload = Buffer.alloc(200_000, 'x');
      const sock = connect(port, '127.0.0.1');
      let got = 0;
      sock.on('data', (d: Buffer) => (got += d.length));
      sock.write(payload);
      await expect
        .poll(() => got, { timeout: 10_000 })
        .toBeGreaterThanOrEqual('BANNER\n'.length + 'echo:'.length + payload.length);
      sock.destroy();
      client.close();
      local.close();
      await server.ssm.send(new TerminateSessionCommand({ SessionId: s.SessionId }));
    });

    it('a host or port the fleet does not map is refused as a failed dial, and nothing is dialled', async () => {
      // The fleet file is a virtual node's network: even a host this machine reaches is not dialled for it.
      const added = await server.control('POST', '/_emulator/nodes', {
        id: 'i-0000000000000a0b3',
        os: 'amazon-linux-2023',
        agentVersion: '3.0.196.0', // basic mode: the failed dial ends the session with its reason
        facts: { ports: [80], portTargets: { 'db.internal:5432': `127.0.0.1:${echoPort}` } },
      });
      expect(added.status).toBeLessThan(300);
      const before = echoConnections;
      const cases: [string, Record<string, string[]>, string][] = [
        [
          'AWS-StartPortForwardingSessionToRemoteHost',
          { host: ['127.0.0.1'], portNumber: [String(echoPort)] },
          `Connection to destination port ${echoPort} failed: connect ECONNREFUSED 127.0.0.1:${echoPort}`,
        ],
        [
          'AWS-StartPortForwardingSession',
          { portNumber: ['5432'] },
          'Connection to destination port 5432 failed: connect ECONNREFUSED 127.0.0.1:5432',
        ],
      ];
      for (const [document, parameters, reason] of cases) {
        const s = await start({
          Target: 'i-0000000000000a0b3',
          DocumentName: document,
          Parameters: { ...parameters, localPortNumber: ['0'] },
        });
        const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
        expect(await client.waitClosed()).toMatchObject({ SessionId: s.SessionId, Output: reason });
        client.close();
        const hist = await server.ssm.send(
          new DescribeSessionsCommand({
            State: 'History',
            Filters: [{ key: 'SessionId', value: s.SessionId! }],
          }),
        );
        expect(hist.Sessions![0].Status).toBe('Terminated');
      }
      expect(echoConnections).toBe(before);
    });
  });
});

describe('data channel', () => {
  it('refuses a wrong token and a token used twice; the server stays up', async () => {
    const s = await start();
    await expect(
      SessionClient.open(s.StreamUrl!, 'wrong').then((c) => c.waitFor(() => c.socketClosed)),
    ).resolves.toBeUndefined();
    const first = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
    await first.waitForText('sh-5.2$ ');
    const second = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
    await second.waitFor(() => second.socketClosed, 5000, 'refusal');
    expect(second.text).toBe('');
    first.type('echo still-here\r');
    await first.waitForText('still-here\r\nsh-5.2$');
    first.close();
    second.close();
    await server.ssm.send(new TerminateSessionCommand({ SessionId: s.SessionId }));
  });

  it('drops a frame with a bad digest unacknowledged; the resend gets through', async () => {
    const { client } = await shell();
    const good = encodeMessage({
      messageType: MessageType.Input,
      sequenceNumber: 99,
      payloadType: PayloadType.Output,
      payload: Buffer.from('x'),
    });
    good[80] ^= 0xff;
    client.sendRaw(good);
    client.sendRaw('not a message');
    client.sendRaw(Buffer.from([1, 2, 3]));
    client.type('echo ok-after-garbage\r');
    await client.waitForText('ok-after-garbage\r\nsh-5.2$');
    client.close();
  });

  it('takes input out of order and processes it in sequence', async () => {
    const { client } = await shell();
    // Send seq n+1 before seq n by writing the frames by hand.
    const a = (client as unknown as { outSeq: number }).outSeq;
    const frame = (seq: number, text: string) =>
      encodeMessage({
        messageType: MessageType.Input,
        sequenceNumber: seq,
        payloadType: PayloadType.Output,
        payload: Buffer.from(text),
      });
    (client as unknown as { outSeq: number }).outSeq = a + 2;
    client.sendRaw(frame(a + 1, 'lo\r'));
    client.sendRaw(frame(a, 'echo hel'));
    await client.waitForText('hello\r\nsh-5.2$');
    client.close();
  });

  it('TerminateSession sends channel_closed and ends the session', async () => {
    const { client, id } = await shell();
    await server.ssm.send(new TerminateSessionCommand({ SessionId: id }));
    expect(await client.waitClosed()).toMatchObject({ SessionId: id, Output: '' });
    await client.waitFor(() => client.socketClosed, 5000, 'socket close');
    client.close();
    const resumed = await server.ssm.send(new ResumeSessionCommand({ SessionId: id }));
    expect(resumed.TokenValue).toBeUndefined();
  });

  it('resumes after a dropped socket with the same sequence numbers', async () => {
    const { client, id } = await shell();
    client.drop();
    await client.waitFor(() => client.socketClosed, 5000, 'drop');
    const active = await server.ssm.send(
      new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'SessionId', value: id }] }),
    );
    await expect
      .poll(
        async () =>
          (
            await server.ssm.send(
              new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'SessionId', value: id }] }),
            )
          ).Sessions?.[0]?.Status,
      )
      .toBe('Disconnected');
    expect(active.Sessions).toHaveLength(1);
    client.type('echo typed-while-away\r'); // kept unacked, resent on the new socket
    const r = await server.ssm.send(new ResumeSessionCommand({ SessionId: id }));
    expect(r.StreamUrl).toContain(id);
    await client.connect(r.TokenValue!);
    await client.waitForText('typed-while-away\r\nsh-5.2$');
    client.type('exit\r');
    await client.waitClosed();
    client.close();
  });

  it('a client that never acknowledges does not stop the session from ending cleanly', async () => {
    const s = await start();
    const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!, { noAck: true });
    await client.waitForText('sh-5.2$ ');
    await server.ssm.send(new TerminateSessionCommand({ SessionId: s.SessionId }));
    await client.waitClosed();
    client.close();
  });

  it('emits session events on the bus and ends idle sessions on the emulator clock', async () => {
    const { client, id } = await shell();
    const events = server.emulator.services.events.recent({
      detailType: 'Session Manager Session State Change',
    });
    expect(events.filter((e) => e.detail.sessionId === id).map((e) => e.detail.status)).toEqual([
      'Connecting',
      'Connected',
    ]);
    await server.control('POST', '/_emulator/clock', { advance: 20 * 60 + 1 });
    const closed = await client.waitClosed();
    expect(closed.Output).toBe('Your session timed out due to inactivity and has been terminated.');
    client.close();
  });

  it('opens and abandons 200 sessions; everything is released', async () => {
    const before = server.emulator.services.sessions.stats;
    const clients: SessionClient[] = [];
    for (let i = 0; i < 200; i++) {
      const s = await start();
      const c = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
      clients.push(c);
    }
    await Promise.all(clients.map((c) => c.waitForText('sh-5.2$ ', 10_000)));
    for (const c of clients) c.close(); // vanish without a word
    await server.control('POST', '/_emulator/clock', { advance: 21 * 60 });
    await expect.poll(() => server.emulator.services.sessions.stats, { timeout: 5000 }).toEqual(before);
    const { json } = await server.control('GET', '/_emulator/health');
    expect(json).toBeTruthy();
  }, 60_000);
});
