// The AgentVersion of the handshake steers the plugin as it does with AWS (session-protocol.md 5): the node's own
// version, compared part by part, "supported" meaning strictly greater than a threshold.
import { compareVersions } from '../../agent-contract/agent-versions.js';
import {
  HANDSHAKE_AGENT_VERSION,
  MUX_AFTER_AGENT_VERSION,
  SMUX_KEEPALIVE_UNTIL_AGENT_VERSION,
} from './limits.js';

/** The plugin needs four integers; with anything else every check of it is false, so announce a known one. */
export function announcedAgentVersion(nodeVersion: string | undefined): string {
  return nodeVersion && /^\d{1,9}(\.\d{1,9}){3}$/.test(nodeVersion) ? nodeVersion : HANDSHAKE_AGENT_VERSION;
}

/** LocalPortForwarding through smux (many local connections in one session) rather than one at a time. */
export function muxPortForwarding(agentVersion: string, properties: Record<string, unknown>): boolean {
  return (
    properties.type === 'LocalPortForwarding' && compareVersions(agentVersion, MUX_AFTER_AGENT_VERSION) > 0
  );
}

/** The plugin's smux keeps alive (and drops a silent mux after 30 s) up to this version. */
export function smuxKeepAlive(agentVersion: string): boolean {
  return compareVersions(agentVersion, SMUX_KEEPALIVE_UNTIL_AGENT_VERSION) <= 0;
}
