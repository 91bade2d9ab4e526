// Limits of Session Manager sessions and of the data channel, each with where it comes from.

/** Stream bytes per message: the agent and the plugin both read in 1024-byte chunks (session-protocol.md 6.5). */
export const STREAM_CHUNK_BYTES = 1024;
/** Retransmission tick and age: "every 100 ms resend what is older than 300 ms" (session-protocol.md 6.4). */
export const RESEND_TICK_MS = 100;
export const RESEND_AFTER_MS = 300;
/** The plugin gives up after 3000 resends of one message (~5 min, session-protocol.md 6.3); we do the same. */
export const MAX_RESENDS = 3000;
/** Unacknowledged output kept per session before it ends: the plugin buffers 10000 messages (6.4). */
export const MAX_UNACKED_MESSAGES = 10_000;
/**
 * Output in flight before the node stream is paused (resumed at half): the real agent blocks on its websocket
 * write, so a fast destination or shell waits for a slow client instead of running into the limit above.
 */
export const OUTPUT_WINDOW_MESSAGES = 1024;
/** Out-of-order input kept per session before it ends (the plugin's own buffer size, 6.4). */
export const MAX_REORDER_MESSAGES = 10_000;
/**
 * AgentVersion announced when the node's own is not four integers (the plugin then turns every feature off): plain
 * (non-smux) port forwarding with Flag-based Ctrl-C (session-protocol.md 5).
 */
export const HANDSHAKE_AGENT_VERSION = '3.0.196.0';
/** The plugin multiplexes LocalPortForwarding with smux when AgentVersion is above this (session-protocol.md 5). */
export const MUX_AFTER_AGENT_VERSION = '3.0.196.0';
/** Above this AgentVersion the plugin's smux sends no keep-alives and expects none (session-protocol.md 5, 7.4). */
export const SMUX_KEEPALIVE_UNTIL_AGENT_VERSION = '3.1.1511.0';
/** smux's KeepAliveInterval (the plugin drops the mux after 30 s without a frame, 7.4). */
export const SMUX_KEEPALIVE_MS = 10_000;
/** Streams open at once in one mux session; smux's accept backlog (acceptBacklog = 1024), beyond it FIN at once. */
export const MAX_MUX_STREAMS = 1024;
/**
 * Output queued on one websocket beyond which the client's input is no longer read: a client that stops reading
 * its acknowledgements must not grow the server's memory (the agent's blocking write has the same effect).
 */
export const MAX_QUEUED_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Largest websocket frame accepted from a client (1024-byte chunks plus header; handshake JSON is small). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Wait for the client to acknowledge the last output before ending (the agent's PrepareToCloseChannel: 2 s). */
export const CLOSE_DRAIN_MS = 2000;
/** Grace between channel_closed and closing the socket (the reference harness waited 200 ms, 8.1). */
export const CLOSE_GRACE_MS = 200;
/** idleSessionTimeout default and range in minutes (Session Manager preferences: 1-60, default 20). */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 20;
/** maxSessionDuration range in minutes (Session Manager preferences: 1-1440; empty = no limit). */
export const MAX_SESSION_DURATION_MINUTES = 1440;
/** DescribeSessions page size when MaxResults is absent (the model allows 1-200). */
export const DESCRIBE_SESSIONS_DEFAULT = 20;
/** Session document parameters must fit what the plugin receives; AWS caps a session id at 96 chars (model). */
export const SESSION_ID_MAX = 96;
