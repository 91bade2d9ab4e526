// GET /_emulator/agent/ws: standalone agents (`ssm-emulator agent`) speak the agent contract over a websocket on
// the API's port. The first message registers (activation) or reconnects (token); then heartbeats and results.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { LazyWebSocketServer } from '../lazy-websocket-server.js';
import { guardFor, refuseUpgrade } from '../request-guard.js';
import type { Services } from '../../services.js';
import {
  AGENT_PROTOCOL_VERSION,
  acceptedCapabilities,
  agentToEngineSchema,
  type AgentLink,
  type EngineToAgent,
} from '../../agent-contract/protocol.js';
import { RegistrationError, type NodeRef } from '../../engine/fleet/fleet.js';

export const AGENT_SOCKET_PATH = '/_emulator/agent/ws';
/** Largest agent message accepted (command output is capped by the agent well below this). */
const MAX_AGENT_MESSAGE_BYTES = 16 * 1024 * 1024;

export function attachAgentSocket(app: FastifyInstance, services: Services): void {
  const wss = new LazyWebSocketServer({ noServer: true, maxPayload: MAX_AGENT_MESSAGE_BYTES });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== AGENT_SOCKET_PATH) return; // other websockets are not ours
    if (refuseUpgrade(guardFor(services.config), req, socket)) return;
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, services));
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('onClose', async () => {
    app.server.off('upgrade', onUpgrade);
    for (const c of wss.clients) c.terminate();
    wss.close();
  });
}

function serve(ws: WebSocket, services: Services): void {
  const { fleet } = services;
  let ref: NodeRef | undefined;
  const link: AgentLink = {
    send: (m: EngineToAgent) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    },
    close: () => ws.close(1000, 'closed by the emulator'),
  };
  const refuse = (code: string, message: string) => {
    link.send({ type: 'error', code, message });
    ws.close(1008, code);
  };
  ws.on('message', (raw) => {
    let json: unknown;
    try {
      json = JSON.parse(String(raw));
    } catch {
      return refuse('SerializationException', 'the message is not valid JSON');
    }
    const parsed = agentToEngineSchema().safeParse(json);
    if (!parsed.success) {
      return refuse(
        'ValidationException',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const msg = parsed.data;
    try {
      if (msg.type === 'register' || msg.type === 'connect') {
        if (msg.protocol !== AGENT_PROTOCOL_VERSION) {
          return refuse(
            'UnsupportedProtocol',
            `this emulator speaks agent protocol ${AGENT_PROTOCOL_VERSION}, not ${msg.protocol}`,
          );
        }
        if (ref) return refuse('ValidationException', 'this connection is already registered');
        link.capabilities = acceptedCapabilities(msg.capabilities);
        let token: string;
        if (msg.type === 'register') ({ ref, token } = fleet.register(msg, link));
        else {
          ref = fleet.reconnect(msg, link);
          token = msg.token;
        }
        link.send({
          type: 'registered',
          protocol: AGENT_PROTOCOL_VERSION,
          instanceId: ref.instanceId,
          token,
          heartbeatSeconds: fleet.heartbeatSeconds,
          // Only to agents that sent the field: older ones never see it.
          ...(msg.capabilities && { capabilities: [...link.capabilities] }),
        });
        return;
      }
      if (!ref) return refuse('ValidationException', 'register or connect first');
      if ('instanceId' in msg && msg.instanceId !== ref.instanceId) {
        return refuse('InvalidInstanceId', `this connection belongs to ${ref.instanceId}`);
      }
      fleet.receive(ref, msg);
    } catch (err) {
      if (err instanceof RegistrationError) return refuse(err.code, err.message);
      throw err;
    }
  });
  // Keepalive: a ping each interval; an agent that answered nothing since the last one (its host froze, its
  // network went away without a close) is lost, and the socket is cut so the fleet hears of it now.
  let answered = true;
  const markAlive = () => (answered = true);
  ws.on('pong', markAlive);
  ws.on('message', markAlive);
  const keepalive = setInterval(() => {
    if (!answered) return ws.terminate();
    answered = false;
    ws.ping();
  }, services.config.agentKeepaliveSeconds * 1000);
  keepalive.unref();
  ws.on('close', () => {
    clearInterval(keepalive);
    if (ref) fleet.disconnected(ref, link);
  });
  ws.on('error', () => ws.terminate());
}
