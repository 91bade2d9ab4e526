// Internal event bus: what AWS would send to EventBridge, kept in order for tests and the control plane.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';

export interface SsmEvent {
  id: string;
  source: 'aws.ssm';
  'detail-type': string;
  account: string;
  region: string;
  time: string;
  resources: string[];
  detail: Record<string, unknown>;
}

type Listener = (e: SsmEvent) => void;

/** How many recent events the bus keeps for inspection. */
export const EVENT_HISTORY_LIMIT = 10_000;

export class EventBus {
  private readonly history: SsmEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private readonly clock: Clock) {}

  emit(e: Omit<SsmEvent, 'id' | 'source' | 'time'>): SsmEvent {
    const event: SsmEvent = {
      id: randomUUID(),
      source: 'aws.ssm',
      time: this.clock.now().toISOString(),
      ...e,
    };
    this.history.push(event);
    if (this.history.length > EVENT_HISTORY_LIMIT)
      this.history.splice(0, this.history.length - EVENT_HISTORY_LIMIT);
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        console.error('ssm-emulator: an event listener failed:', err);
      }
    }
    return event;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  recent(filter?: { account?: string; region?: string; detailType?: string }): SsmEvent[] {
    return this.history.filter(
      (e) =>
        (!filter?.account || e.account === filter.account) &&
        (!filter?.region || e.region === filter.region) &&
        (!filter?.detailType || e['detail-type'] === filter.detailType),
    );
  }

  clear(scope?: { account?: string; region?: string }): void {
    if (!scope?.account && !scope?.region) {
      this.history.length = 0;
      return;
    }
    const keep = this.history.filter(
      (e) => (scope.account && e.account !== scope.account) || (scope.region && e.region !== scope.region),
    );
    this.history.splice(0, this.history.length, ...keep);
  }
}
