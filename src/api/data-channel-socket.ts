// GET /v1/data-channel/<sessionId>: Session Manager data channels (session-protocol.md 3). The first frame
// is text with the token StartSession/ResumeSession issued (each works once); then binary AgentMessages.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../services.js';
import { DATA_CHANNEL_PATH } from '../engine/sessions/engine.js';
import type { ClientSocket, LiveSession } from '../engine/sessions/live-session.js';
import { MAX_FRAME_BYTES } from '../engine/sessions/limits.js';

/** A socket that has not sent its token by then is closed (the plugin sends it right after connecting). */
const TOKEN_WAIT_MS = 10_000;

export function attachDataChannelSocket(app: FastifyInstance, services: Services): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!path.startsWith(DATA_CHANNEL_PATH)) return; // other websockets are not ours
    const sessionId = decodeURIComponent(path.slice(DATA_CHANNEL_PATH.length));
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, sessionId, services));
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('onClose', async () => {
    app.server.off('upgrade', onUpgrade);
    for (const c of wss.clients) c.terminate();
    wss.close();
  });
}

function serve(ws: WebSocket, sessionId: string, services: Services): void {
  let live: LiveSession | undefined;
  const client: ClientSocket = {
    send: (frame) => {
      if (ws.readyState === ws.OPEN) ws.send(frame);
    },
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

function tokenOf(data: Buffer): string | undefined {
  try {
    const v = JSON.parse(data.toString('utf8')) as { TokenValue?: unknown };
    return typeof v.TokenValue === 'string' ? v.TokenValue : undefined;
  } catch {
    return undefined;
  }
}
