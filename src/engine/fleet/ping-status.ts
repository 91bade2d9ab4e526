// Ping status is computed from the last heartbeat and the clock, never stored, so 10,000 idle nodes cost no timers.
import type { StoredNode } from '../../store/repositories/nodes.js';

/** SSM Agent sends its health ping (UpdateInstanceInformation) every 5 minutes (amazon-ssm-agent appconfig DefaultSsmHealthFrequencyMinutes = 5). */
export const HEARTBEAT_INTERVAL_MS = 5 * 60_000;

/** AWS does not publish the threshold; a node is ConnectionLost once two health pings in a row are missed (10 minutes). */
export const CONNECTION_LOST_AFTER_MS = 2 * HEARTBEAT_INTERVAL_MS;

export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';

export function pingStatusOf(
  node: Pick<StoredNode, 'agentConnected' | 'lastPingMs'>,
  nowMs: number,
): PingStatus {
  return node.agentConnected || nowMs - node.lastPingMs <= CONNECTION_LOST_AFTER_MS
    ? 'Online'
    : 'ConnectionLost';
}

/** A connected agent pings on its 5-minute schedule from registration: the last tick is its last ping. */
export function lastPingOf(
  node: Pick<StoredNode, 'agentConnected' | 'lastPingMs' | 'registrationMs'>,
  nowMs: number,
): number {
  if (!node.agentConnected) return node.lastPingMs;
  const since = Math.max(0, nowMs - node.registrationMs);
  return Math.max(node.lastPingMs, nowMs - (since % HEARTBEAT_INTERVAL_MS));
}
