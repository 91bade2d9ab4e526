// The TCP connection of a port forward, dialled by the agent: a standalone agent on its own host, a virtual
// node to what its fleet file maps.
import { connect } from 'node:net';
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';

/** The host dialled when a port session names none (AWS-StartPortForwardingSession): the node itself. */
export const LOCAL_HOST = '127.0.0.1';

/** Why a port session ended because its destination could not be reached (the engine looks for this prefix). */
export function failedDial(port: number, error: string): string {
  return `Connection to destination port ${port} failed: ${error}`;
}

export function tcpStream(host: string, port: number, sink: StreamSink): NodeStream {
  const sock = connect({ host, port });
  // Go's net.Dial (the real agent) disables Nagle: with it on, a request the client cut into 1024-byte messages
  // waits ~40 ms for the destination's delayed ACK before its tail is sent.
  sock.setNoDelay(true);
  let closed = false;
  const end = (reason: string) => {
    if (closed) return;
    closed = true;
    sock.destroy();
    sink.onEnd(reason);
  };
  sock.on('data', (d: Buffer) => !closed && sink.onData(d));
  sock.on('error', (e) => end(failedDial(port, e.message)));
  sock.on('close', () => end('destination closed'));
  return {
    write: (d) => !closed && sock.write(d),
    resize: () => undefined,
    close: () => {
      closed = true;
      sock.destroy();
    },
    pause: () => sock.pause(),
    resume: () => sock.resume(),
  };
}
