// Streams through the agent contract: an agent that declared 'pty' gets raw keystrokes, the window size and
// resize-session, and its output as it is; an agent that did not keeps the engine's line editing and never
// sees resize-session. Port streams and flow control are messages too.
import { describe, expect, it } from 'vitest';
import type { FleetEngine, FleetListener, NodeRef } from '../../../src/engine/fleet/fleet.js';
import type { AgentToEngine, EngineToAgent } from '../../../src/agent-contract/protocol.js';
import { FleetSessionRouter } from '../../../src/engine/sessions/node-streams.js';

const REF: NodeRef = { account: '000000000000', region: 'us-east-1', instanceId: 'mi-0a1b2c3d4e5f60718' };

function setup(pty: boolean) {
  const sent: EngineToAgent[] = [];
  let listener: FleetListener | undefined;
  const fleet = {
    subscribe: (l: FleetListener) => {
      listener = l;
      return () => (listener = undefined);
    },
    send: (_ref: NodeRef, m: EngineToAgent) => (sent.push(m), true),
    supports: (_ref: NodeRef, c: string) => pty && c === 'pty',
  } as unknown as FleetEngine;
  const router = new FleetSessionRouter(fleet);
  const out: Buffer[] = [];
  const ends: string[] = [];
  const stream = router.shell(
    REF,
    's1',
    { onData: (d) => out.push(d), onEnd: (r) => ends.push(r) },
    { cols: 100, rows: 30 },
  );
  const fromAgent = (m: AgentToEngine) => listener!(REF, m);
  const output = () => Buffer.concat(out).toString('utf8');
  const fed = () =>
    sent
      .filter((m) => m.type === 'feed-session')
      .map((m) => Buffer.from(m.data, 'base64').toString('utf8'))
      .join('');
  return { sent, stream, fromAgent, output, fed, ends, router };
}

describe('an agent with a pty', () => {
  it('opens with the window size, passes keystrokes and output through untouched, and resizes', () => {
    const t = setup(true);
    expect(t.sent[0]).toEqual({ type: 'open-session', sessionId: 's1', kind: 'shell', cols: 100, rows: 30 });
    t.stream.write(Buffer.from('ls\x7f\x7fstty size\r'));
    expect(t.fed()).toBe('ls\x7f\x7fstty size\r');
    expect(t.output()).toBe(''); // the pty echoes, not the engine
    t.fromAgent({
      type: 'session-output',
      sessionId: 's1',
      data: Buffer.from('30 100\r\n$ ').toString('base64'),
    });
    expect(t.output()).toBe('30 100\r\n$ ');
    t.stream.resize(120, 40);
    expect(t.sent.at(-1)).toEqual({ type: 'resize-session', sessionId: 's1', cols: 120, rows: 40 });
    t.fromAgent({ type: 'session-closed', sessionId: 's1', reason: 'exit 0' });
    expect(t.ends).toEqual(['exit 0']);
    t.stream.resize(80, 24);
    expect(t.sent.filter((m) => m.type === 'resize-session')).toHaveLength(1);
    expect(t.router.size).toBe(0);
  });
});

describe('an agent without one', () => {
  it('gets edited lines and no resize-session; its \\n output becomes \\r\\n', () => {
    const t = setup(false);
    expect(t.sent[0]).toMatchObject({ type: 'open-session', sessionId: 's1', kind: 'shell' });
    t.stream.write(Buffer.from('lx\x7fs\r'));
    expect(t.fed()).toBe('ls\n');
    expect(t.output()).toBe('lx\b \bs\r\n'); // the engine echoes and edits
    t.stream.resize(120, 40);
    expect(t.sent.map((m) => m.type)).toEqual(['open-session', 'feed-session']);
    t.fromAgent({ type: 'session-output', sessionId: 's1', data: Buffer.from('a\nb\n').toString('base64') });
    expect(t.output()).toContain('a\r\nb\r\n');
    t.stream.close();
    expect(t.sent.at(-1)).toEqual({ type: 'close-session', sessionId: 's1' });
    expect(t.ends).toEqual(['closed']);
  });
});

describe('port streams and flow control', () => {
  it('a port stream opens on the agent, carries pause/resume, counts as a destination until it ends', () => {
    const t = setup(false);
    const ends: string[] = [];
    const port = t.router.port(
      REF,
      's2#1',
      5432,
      { onData: () => undefined, onEnd: (r) => ends.push(r) },
      'db.internal',
    );
    expect(t.sent.at(-1)).toEqual({
      type: 'open-session',
      sessionId: 's2#1',
      kind: 'port',
      port: 5432,
      host: 'db.internal',
    });
    expect(t.router.ports).toBe(1);
    port.pause!();
    port.resume!();
    t.stream.pause!(); // a shell too
    expect(t.sent.slice(-3)).toEqual([
      { type: 'pause-session', sessionId: 's2#1' },
      { type: 'resume-session', sessionId: 's2#1' },
      { type: 'pause-session', sessionId: 's1' },
    ]);
    t.fromAgent({ type: 'session-closed', sessionId: 's2#1', reason: 'destination closed' });
    expect(ends).toEqual(['destination closed']);
    expect(t.router.ports).toBe(0);
    port.pause!();
    port.close();
    expect(t.sent.at(-1)).toEqual({ type: 'pause-session', sessionId: 's1' }); // nothing after its end
  });

  it('a node that is not reachable ends the stream after the open', async () => {
    const t = setup(false);
    (t.router as unknown as { fleet: { send: () => boolean } }).fleet.send = () => false;
    const ends: string[] = [];
    t.router.port(REF, 's3#1', 80, { onData: () => undefined, onEnd: (r) => ends.push(r) });
    expect(ends).toEqual([]);
    await Promise.resolve();
    expect(ends).toEqual(['the node is not connected']);
    expect(t.router.ports).toBe(0);
  });
});
