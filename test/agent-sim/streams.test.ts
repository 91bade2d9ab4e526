// What both agents run a session on: host shells (pty or pipes), TCP port forwards, and the session table that
// turns the contract's session messages into them.
import { mkdtempSync, realpathSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentToEngine } from '../../src/agent-contract/protocol.js';
import type { NodeStream, StreamSink } from '../../src/agent-contract/streams.js';
import { hostShell, loadPty } from '../../src/agent-sim/streams/host-shell.js';
import { SessionTable } from '../../src/agent-sim/streams/session-table.js';
import { tcpStream } from '../../src/agent-sim/streams/tcp.js';
import { virtualPort } from '../../src/agent-sim/virtual-ports.js';
import { nodeFactsSchema } from '../../src/agent-contract/node-model.js';

const servers: Server[] = [];
afterEach(() => {
  servers.splice(0).forEach((s) => s.close());
  vi.restoreAllMocks();
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function collect() {
  const chunks: Buffer[] = [];
  let reason: string | undefined;
  let resolveEnd!: (r: string) => void;
  const ended = new Promise<string>((r) => (resolveEnd = r));
  const sink: StreamSink = {
    onData: (d) => chunks.push(d),
    onEnd: (r) => {
      reason = r;
      resolveEnd(r);
    },
  };
  return { sink, ended, text: () => Buffer.concat(chunks).toString('utf8'), reason: () => reason };
}

describe('TCP port forwards', () => {
  it('are dialled with Nagle off, and pause and resume the socket', async () => {
    const noDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    const pause = vi.spyOn(Socket.prototype, 'pause');
    const resume = vi.spyOn(Socket.prototype, 'resume');
    const port = await listen(createServer((s) => s.end('hello')));
    const c = collect();
    const stream = tcpStream('127.0.0.1', port, c.sink);
    expect(noDelay).toHaveBeenCalledWith(true);
    stream.pause!();
    expect(pause).toHaveBeenCalledTimes(1);
    stream.resume!();
    expect(resume).toHaveBeenCalled();
    expect(await c.ended).toBe('destination closed');
    expect(c.text()).toBe('hello');
  });

  it('a virtual node refuses an unmapped port with the very reason a real dial to a closed port gives', async () => {
    const port = await closedPort();
    const real = collect();
    tcpStream('127.0.0.1', port, real.sink);
    const virtual = collect();
    virtualPort(nodeFactsSchema().parse({}), { port }, virtual.sink);
    const [a, b] = await Promise.all([real.ended, virtual.ended]);
    expect(a).toBe(`Connection to destination port ${port} failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(b).toBe(a);
  });

  it('closing it from this side reports nothing more', async () => {
    const port = await listen(createServer((s) => s.on('error', () => undefined)));
    const c = collect();
    const stream = tcpStream('127.0.0.1', port, c.sink);
    stream.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(c.reason()).toBeUndefined();
  });
});

describe('host shells', () => {
  it('on pipes: in the given folder and environment, the profile typed first, ending with the exit code', async () => {
    const cwd = join(mkdtempSync(join(tmpdir(), 'shell-')), 'work'); // created on open
    const c = collect();
    const shell = hostShell(
      null,
      { cwd, env: { PATH: process.env.PATH, ROLE: 'web' }, profile: 'X=1' },
      c.sink,
    );
    shell.write(Buffer.from('echo "$X $ROLE"; pwd; exit 3\n'));
    expect(await c.ended).toBe('exit 3');
    // sh -i on pipes also prints its prompts and a note that it has no tty.
    expect(c.text()).toContain(`1 web\n${realpathSync(cwd)}\n`);
  });

  it('a command runs instead of an interactive shell, and the profile is not typed into it', async () => {
    const c = collect();
    hostShell(null, { command: 'echo "${X:-unset}"', profile: 'X=1' }, c.sink);
    expect(await c.ended).toBe('exit 0');
    expect(c.text()).toBe('unset\n');
  });

  it('close hangs the shell up and reports nothing more', async () => {
    const c = collect();
    const shell = hostShell(null, {}, c.sink);
    shell.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(c.reason()).toBeUndefined();
  });

  it.skipIf(!loadPty())('in a pty: a terminal at the asked size, TERM=xterm-256color', async () => {
    const c = collect();
    const shell = hostShell(loadPty(), { cols: 100, rows: 30 }, c.sink);
    shell.write(Buffer.from('echo "$TERM"; stty size; exit\r'));
    await c.ended;
    expect(c.text()).toContain('xterm-256color\r\n30 100\r\n');
  });
});

describe('the session table', () => {
  function table(opener: (sink: StreamSink) => NodeStream) {
    const out: AgentToEngine[] = [];
    const t = new SessionTable(
      (m) => out.push(m),
      (_m, sink) => opener(sink),
    );
    return { t, out };
  }
  const noop: NodeStream = { write: () => undefined, resize: () => undefined, close: () => undefined };

  it('an opener that throws closes the session at once with the reason', () => {
    const { t, out } = table(() => {
      throw new Error('spawn sh ENOENT');
    });
    t.handle({ type: 'open-session', sessionId: 's', kind: 'shell' });
    expect(out).toEqual([
      { type: 'session-closed', sessionId: 's', reason: 'failed to start: spawn sh ENOENT' },
    ]);
    expect(t.size).toBe(0);
  });

  it('a stream that ends while it opens is closed once; one that ends later too', () => {
    const sinks: StreamSink[] = [];
    const { t, out } = table((sink) => {
      sinks.push(sink);
      if (sinks.length === 1) sink.onEnd('refused');
      return noop;
    });
    t.handle({ type: 'open-session', sessionId: 'a', kind: 'port', port: 1 });
    t.handle({ type: 'open-session', sessionId: 'b', kind: 'port', port: 1 });
    sinks[1].onData(Buffer.from('x'));
    sinks[1].onEnd('destination closed');
    sinks[1].onEnd('again');
    expect(out).toEqual([
      { type: 'session-closed', sessionId: 'a', reason: 'refused' },
      { type: 'session-output', sessionId: 'b', data: Buffer.from('x').toString('base64') },
      { type: 'session-closed', sessionId: 'b', reason: 'destination closed' },
    ]);
    expect(t.size).toBe(0);
  });

  it('feeds, resizes, pauses and resumes the stream; close-session closes it without an answer', () => {
    const calls: string[] = [];
    const { t, out } = table(() => ({
      write: (d) => calls.push(`write ${d.toString()}`),
      resize: (c, r) => calls.push(`resize ${c}x${r}`),
      close: () => calls.push('close'),
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
    }));
    t.handle({ type: 'open-session', sessionId: 's', kind: 'shell' });
    t.handle({ type: 'feed-session', sessionId: 's', data: Buffer.from('ls').toString('base64') });
    t.handle({ type: 'resize-session', sessionId: 's', cols: 120, rows: 40 });
    t.handle({ type: 'pause-session', sessionId: 's' });
    t.handle({ type: 'resume-session', sessionId: 's' });
    t.handle({ type: 'close-session', sessionId: 's' });
    t.handle({ type: 'feed-session', sessionId: 's', data: Buffer.from('late').toString('base64') });
    expect(calls).toEqual(['write ls', 'resize 120x40', 'pause', 'resume', 'close']);
    expect(out).toEqual([]);
    expect(t.handle({ type: 'cancel-command', commandId: 'c' })).toBe(false);
  });
});
