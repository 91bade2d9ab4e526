// GET /v1/data-channel/<sessionId>: Session Manager data channels (session-protocol.md 3). The first frame
// is text with the token StartSession/ResumeSession issued (each works once); then binary AgentMessages.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { LazyWebSocketServer } from './lazy-websocket-server.js';
import { guardFor, refuseUpgrade } from './request-guard.js';
import type { Services } from '../services.js';
import { DATA_CHANNEL_PATH } from '../engine/sessions/engine.js';
import type { ClientSocket, LiveSession } from '../engine/sessions/live-session.js';
import { CLOSE_GRACE_MS, MAX_FRAME_BYTES, MAX_QUEUED_OUTPUT_BYTES } from '../engine/sessions/limits.js';

/** A socket that has not sent its token by then is closed (the plugin sends it right after connecting). */
const TOKEN_WAIT_MS = 10_000;

export function attachDataChannelSocket(app: FastifyInstance, services: Services): void {
  const wss = new LazyWebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!path.startsWith(DATA_CHANNEL_PATH)) return; // other websockets are not ours
    if (refuseUpgrade(guardFor(services.config), req, socket)) return;
    const sessionId = decodeURIComponent(path.slice(DATA_CHANNEL_PATH.length));
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, sessionId, services));
  };
  app.server.on('upgrade', onUpgrade);
  // Before the HTTP server closes: it waits for every socket it accepted, upgraded ones included, so a client
  // that stays connected (a plugin left open) would keep the process from shutting down.
  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    await closeAll(wss);
    wss.close();
  });
}

/** A close frame after what is queued (channel_closed); whoever has not answered by the grace period is cut off. */
async function closeAll(wss: LazyWebSocketServer): Promise<void> {
  const clients = wss.clients;
  if (clients.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(
      clients.map((c) => {
        if (c.readyState === c.CLOSED) return undefined;
        const closed = new Promise((r) => c.once('close', r));
        c.close(1001, 'server shutting down');
        return closed;
      }),
    ),
    new Promise((r) => (timer = setTimeout(r, CLOSE_GRACE_MS))),
  ]);
  clearTimeout(timer);
  for (const c of clients) c.terminate();
}

function serve(ws: WebSocket, sessionId: string, services: Services): void {
  let live: LiveSession | undefined;
  const client: ClientSocket = {
    send: (frame) => sendWithBackpressure(ws, frame),
    close: (code, reason) => ws.close(code, reason),
  };
  const wait = setTimeout(() => ws.close(1008, 'no token'), TOKEN_WAIT_MS);
  ws.on('message', (raw, isBinary) => {
    const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    if (!live) {
      clearTimeout(wait);
      const token = isBinary ? undefined : tokenOf(data);
      live = token ? services.sessions.authenticate(sessionId, token) : undefined;
      // Only the token StartSession/ResumeSession issued for this session opens it, and only once.
      if (!live) return ws.close(1008, 'invalid token');
      services.sessions.attach(live, client);
      return;
    }
    // Text frames after the token are not messages: the real receivers log and drop them.
    if (isBinary) live.receive(data);
  });
  ws.on('close', () => {
    clearTimeout(wait);
    live?.detach(client);
  });
  ws.on('error', () => ws.terminate());
}

/** What sendWithBackpressure needs of a websocket (ws's WebSocket). */
export interface PausableSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  readonly isPaused: boolean;
  send(data: Buffer, cb?: (err?: Error) => void): void;
  pause(): void;
  resume(): void;
}

/** Sends a frame; while too much output is queued the client's input is not read, until half of it went out. */
export function sendWithBackpressure(
  ws: PausableSocket,
  frame: Buffer,
  limit = MAX_QUEUED_OUTPUT_BYTES,
): void {
  if (ws.readyState !== ws.OPEN) return;
  if (!ws.isPaused && ws.bufferedAmount + frame.length <= limit) return ws.send(frame);
  if (!ws.isPaused) ws.pause();
  ws.send(frame, () => {
    if (ws.isPaused && ws.bufferedAmount <= limit / 2) ws.resume();
  });
}

function tokenOf(data: Buffer): string | undefined {
  try {
    const v = JSON.parse(data.toString('utf8')) as { TokenValue?: unknown };
    return typeof v.TokenValue === 'string' ? v.TokenValue : undefined;
  } catch {
    return undefined;
  }
}
