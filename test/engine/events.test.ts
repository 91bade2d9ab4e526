// The event bus: listeners get every event; the history keeps the last EVENT_HISTORY_LIMIT, oldest first.
import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../../src/engine/clock.js';
import { EVENT_HISTORY_LIMIT, EventBus, type SsmEvent } from '../../src/engine/events.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const clocks: Clock[] = [];
function bus(): EventBus {
  const c = new Clock(() => T0);
  clocks.push(c);
  return new EventBus(c);
}
afterEach(() => {
  for (const c of clocks.splice(0)) c.dispose();
});

const change = (n: number, over: Partial<SsmEvent> = {}) => ({
  'detail-type': 'Parameter Store Change',
  account: '111122223333',
  region: 'us-east-1',
  resources: [`arn:aws:ssm:us-east-1:111122223333:parameter/p${n}`],
  detail: { operation: 'Create', name: `/p${n}`, n },
  ...over,
});

describe('EventBus history', () => {
  it('returns what was emitted, with id, source and time, oldest first', () => {
    const b = bus();
    const first = b.emit(change(1));
    b.emit(change(2, { region: 'eu-west-1' }));
    const events = b.recent();
    expect(events).toEqual([first, expect.objectContaining({ region: 'eu-west-1' })]);
    expect(first).toMatchObject({ source: 'aws.ssm', time: '2026-01-01T00:00:00.000Z' });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('filters by account, region and detail type', () => {
    const b = bus();
    b.emit(change(1));
    b.emit(change(2, { account: '444455556666' }));
    b.emit(change(3, { region: 'eu-west-1' }));
    b.emit(change(4, { 'detail-type': 'Parameter Store Policy Action' }));
    const ns = (f: Parameters<EventBus['recent']>[0]) => b.recent(f).map((e) => e.detail.n);
    expect(ns({ account: '444455556666' })).toEqual([2]);
    expect(ns({ region: 'eu-west-1' })).toEqual([3]);
    expect(ns({ detailType: 'Parameter Store Policy Action' })).toEqual([4]);
    expect(ns({ account: '111122223333', region: 'us-east-1' })).toEqual([1, 4]);
  });

  it('keeps only the last EVENT_HISTORY_LIMIT events, across many wrap-arounds', () => {
    const b = bus();
    const total = EVENT_HISTORY_LIMIT * 2 + 1234;
    for (let n = 0; n < total; n++) b.emit(change(n));
    const ns = b.recent().map((e) => e.detail.n as number);
    expect(ns).toHaveLength(EVENT_HISTORY_LIMIT);
    expect(ns[0]).toBe(total - EVENT_HISTORY_LIMIT);
    expect(ns.at(-1)).toBe(total - 1);
    expect(ns.every((n, i) => n === ns[0] + i)).toBe(true);
  });

  it('keeps events of any size and any characters intact', () => {
    const b = bus();
    const big = 'x'.repeat(600_000);
    const text = 'Ünïcødé ✓ 🚀 "quoted" \\ \n';
    b.emit(change(1, { detail: { big } }));
    b.emit(change(2, { detail: { text } }));
    b.emit(change(3, { detail: { big: big + 'y' } }));
    for (let n = 4; n < EVENT_HISTORY_LIMIT + 3; n++) b.emit(change(n));
    const events = b.recent();
    expect(events[0].detail).toEqual({ big: big + 'y' });
    expect(b.recent({}).length).toBe(EVENT_HISTORY_LIMIT);
    const small = bus();
    small.emit(change(1, { detail: { text } }));
    small.emit(change(2, { detail: { big } }));
    expect(small.recent().map((e) => e.detail)).toEqual([{ text }, { big }]);
  });

  it('passes the same event object to listeners that emit returns', () => {
    const b = bus();
    const seen: SsmEvent[] = [];
    b.subscribe((e) => seen.push(e));
    const e = b.emit(change(1));
    expect(seen).toEqual([e]);
    expect(seen[0]).toBe(e);
  });

  it('clears everything, or one account or region, and keeps the order of the rest', () => {
    const b = bus();
    b.emit(change(1));
    b.emit(change(2, { account: '444455556666' }));
    b.emit(change(3));
    b.emit(change(4, { region: 'eu-west-1' }));
    b.clear({ account: '444455556666' });
    expect(b.recent().map((e) => e.detail.n)).toEqual([1, 3, 4]);
    b.clear({ region: 'eu-west-1' });
    expect(b.recent().map((e) => e.detail.n)).toEqual([1, 3]);
    b.clear();
    expect(b.recent()).toEqual([]);
    b.emit(change(5));
    expect(b.recent().map((e) => e.detail.n)).toEqual([5]);
  });
});
