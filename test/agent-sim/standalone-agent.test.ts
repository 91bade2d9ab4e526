// The standalone agent's sessions against a stand-in engine on a real websocket: shells in a pty that follow
// open-session's and resize-session's size, pipes for an engine that did not accept 'pty', and no shell left
// behind after close-session, a dropped connection or stop().
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { StandaloneAgent } from '../../src/agent-sim/standalone/agent.js';
import type { AgentToEngine, EngineToAgent } from '../../src/agent-contract/protocol.js';
import { loadPty } from '../../src/agent-sim/streams/host-shell.js';
import { alive, gone } from '../../contract-tests/helpers/processes.js';

const NO_PTY = loadPty() ? false : 'node-pty does not load here (optional dependency not built)';
const MI = 'mi-0a1b2c3d4e5f60718';

interface Engine {
  endpoint: string;
  received: AgentToEngine[];
  socket(): WebSocket;
  send(m: EngineToAgent): void;
  /** Resolves with the first message (from `from` on) that matches. */
  next<T extends AgentToEngine>(match: (m: AgentToEngine) => m is T, from?: number): Promise<T>;
  /** All session-output of a session so far, as text. */
  output(sessionId: string): string;
  waitOutput(sessionId: string, re: RegExp): Promise<RegExpExecArray>;
  close(): Promise<void>;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A stand-in engine: answers register/connect with `registered` (with the capabilities given, if any). */
async function engine(accept: string[] | undefined): Promise<Engine> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const received: AgentToEngine[] = [];
  const waiters = new Set<() => void>();
  let current: WebSocket | undefined;
  wss.on('connection', (ws) => {
    current = ws;
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as AgentToEngine;
      received.push(m);
      if (m.type === 'register' || m.type === 'connect')
        ws.send(
          JSON.stringify({
            type: 'registered',
            protocol: 1,
            instanceId: MI,
            token: 'tok',
            heartbeatSeconds: 300,
            ...(accept && { capabilities: accept }),
          }),
        );
      for (const w of [...waiters]) w();
    });
  });
  const waitUntil = <T>(probe: () => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v === undefined) return;
        waiters.delete(check);
        clearTimeout(t);
        resolve(v);
      };
      const t = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; received ${JSON.stringify(received)}`));
      }, 10_000);
      waiters.add(check);
      check();
    });
  const output = (sessionId: string) =>
    received
      .filter((m) => m.type === 'session-output' && m.sessionId === sessionId)
      .map((m) => Buffer.from((m as { data: string }).data, 'base64').toString('utf8'))
      .join('');
  const e: Engine = {
    endpoint: `http://127.0.0.1:${(wss.address() as { port: number }).port}`,
    received,
    socket: () => current!,
    send: (m) => current!.send(JSON.stringify(m)),
    next: (match, from = 0) => waitUntil(() => received.slice(from).find(match), 'a message'),
    output,
    waitOutput: (sessionId, re) => waitUntil(() => re.exec(output(sessionId)) ?? undefined, String(re)),
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
  cleanups.push(() => e.close());
  return e;
}

async function agentOn(e: Engine, opts: { pty?: boolean } = {}): Promise<StandaloneAgent> {
  const agent = new StandaloneAgent({
    endpoint: e.endpoint,
    activationCode: 'code',
    activationId: 'id',
    region: 'us-east-1',
    log: () => undefined,
    ...opts,
  });
  cleanups.push(() => agent.stop());
  expect(await agent.start()).toBe(MI);
  return agent;
}

const isType =
  <K extends AgentToEngine['type']>(type: K, sessionId?: string) =>
  (m: AgentToEngine): m is Extract<AgentToEngine, { type: K }> =>
    m.type === type && (sessionId === undefined || (m as { sessionId?: string }).sessionId === sessionId);

const feed = (e: Engine, sessionId: string, text: string) =>
  e.send({ type: 'feed-session', sessionId, data: Buffer.from(text).toString('base64') });

/** The shell's pid, printed by the shell itself (Enter is \r on a terminal, \n on pipes). */
async function shellPid(e: Engine, sessionId: string, enter = '\r'): Promise<number> {
  feed(e, sessionId, `echo "pid=$$."${enter}`);
  return Number((await e.waitOutput(sessionId, /pid=(\d+)\./))[1]);
}

describe.skipIf(NO_PTY)('with node-pty', () => {
  it('declares pty; the shell follows open-session and resize-session, and exit ends it', async () => {
    const e = await engine(['pty']);
    await agentOn(e);
    expect(e.received[0]).toMatchObject({ type: 'register', capabilities: ['pty'] });
    e.send({ type: 'open-session', sessionId: 's1', kind: 'shell', cols: 100, rows: 30 });
    feed(e, 's1', 'echo "$TERM"; stty size\r');
    await e.waitOutput('s1', /xterm-256color\r\n30 100\r\n/);
    e.send({ type: 'resize-session', sessionId: 's1', cols: 120, rows: 40 });
    feed(e, 's1', 'stty size\r');
    await e.waitOutput('s1', /40 120\r\n/);
    const pid = await shellPid(e, 's1');
    feed(e, 's1', 'exit 3\r');
    expect(await e.next(isType('session-closed', 's1'))).toMatchObject({ reason: 'exit 3' });
    expect(await gone(pid)).toBe(true);
  });

  it('80x24 without a size; a command session runs in the pty too', async () => {
    const e = await engine(['pty']);
    await agentOn(e);
    e.send({ type: 'open-session', sessionId: 'c1', kind: 'shell', command: 'stty size; tty' });
    await e.waitOutput('c1', /24 80\r\n\/dev\/pts\//);
    expect(await e.next(isType('session-closed', 'c1'))).toMatchObject({ reason: 'exit 0' });
  });

  it('close-session and stop() leave no shell behind', async () => {
    const e = await engine(['pty']);
    const agent = await agentOn(e);
    e.send({ type: 'open-session', sessionId: 'a', kind: 'shell' });
    e.send({ type: 'open-session', sessionId: 'b', kind: 'shell' });
    const [a, b] = [await shellPid(e, 'a'), await shellPid(e, 'b')];
    e.send({ type: 'close-session', sessionId: 'a' });
    expect(await gone(a)).toBe(true);
    expect(alive(b)).toBe(true);
    agent.stop();
    expect(await gone(b)).toBe(true);
    // The agent closed them itself: nothing to report.
    expect(e.received.filter((m) => m.type === 'session-closed')).toEqual([]);
  });

  it('a dropped connection ends its shells; back on a new one, the agent says they are closed', async () => {
    const e = await engine(['pty']);
    await agentOn(e);
    e.send({ type: 'open-session', sessionId: 'd', kind: 'shell' });
    const pid = await shellPid(e, 'd');
    const before = e.received.length;
    e.socket().terminate();
    expect(await gone(pid)).toBe(true);
    expect(await e.next(isType('connect'), before)).toMatchObject({ instanceId: MI, capabilities: ['pty'] });
    expect(await e.next(isType('session-closed', 'd'), before)).toMatchObject({
      reason: 'the agent lost its connection',
    });
  });
});

describe('without a pty', () => {
  it('an engine that does not answer with pty gets a shell on pipes, as before', async () => {
    const e = await engine(undefined);
    await agentOn(e);
    e.send({ type: 'open-session', sessionId: 'p', kind: 'shell', cols: 100, rows: 30 });
    feed(e, 'p', 'tty\n');
    await e.waitOutput('p', /not a tty\n/);
    const pid = await shellPid(e, 'p', '\n');
    e.send({ type: 'close-session', sessionId: 'p' });
    expect(await gone(pid)).toBe(true);
  });

  it('an agent told not to use node-pty declares nothing and runs pipes', async () => {
    const e = await engine(['pty']);
    await agentOn(e, { pty: false });
    expect(e.received[0]).toMatchObject({ type: 'register', capabilities: [] });
    e.send({ type: 'open-session', sessionId: 'p', kind: 'shell', command: 'tty' });
    await e.waitOutput('p', /not a tty\n/);
    expect(await e.next(isType('session-closed', 'p'))).toMatchObject({ reason: 'exit 1' });
  });
});

describe('port sessions', () => {
  it('dial this host with Nagle off and carry bytes both ways', async () => {
    let noDelay: boolean | undefined;
    const server: Server = createServer((sock) => sock.on('data', (d) => sock.write(d)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as { port: number }).port;
    const e = await engine(['pty']);
    await agentOn(e);
    const { Socket } = await import('node:net');
    const original = Socket.prototype.setNoDelay;
    Socket.prototype.setNoDelay = function (this: InstanceType<typeof Socket>, on?: boolean) {
      noDelay = on;
      return original.call(this, on);
    };
    cleanups.push(() => (Socket.prototype.setNoDelay = original));
    e.send({ type: 'open-session', sessionId: 'port', kind: 'port', port });
    feed(e, 'port', 'ping');
    await e.waitOutput('port', /^ping$/);
    expect(noDelay).toBe(true);
  });
});
