// A ws WebSocketServer made on the first upgrade: ws pulls zlib, https and tls in, ~7 ms of every start-up
// for a feature most runs use later or never (sessions, standalone agents).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerOptions, WebSocket, WebSocketServer } from 'ws';

export class LazyWebSocketServer {
  private loading?: Promise<WebSocketServer>;
  private server?: WebSocketServer;
  private closed = false;

  constructor(private readonly options: ServerOptions) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, onSocket: (ws: WebSocket) => void): void {
    this.loading ??= import('ws').then(
      ({ WebSocketServer }) => (this.server = new WebSocketServer(this.options)),
    );
    this.loading.then(
      (wss) => (this.closed ? socket.destroy() : wss.handleUpgrade(req, socket, head, onSocket)),
      () => socket.destroy(),
    );
  }

  /** The sockets open now. */
  get clients(): WebSocket[] {
    return this.server ? [...this.server.clients] : [];
  }

  close(): void {
    this.closed = true;
    this.server?.close();
  }
}
