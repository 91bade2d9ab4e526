// Port sessions of a virtual node: its fleet file is its network. A mapped port or remote host (portTargets) is
// dialled for real; a listed port with nothing mapped echoes; anything else is refused as a failed dial is, so
// a virtual node never reaches an address its fleet file does not name.
import type { NodeFacts } from '../agent-contract/node-model.js';
import type { NodeStream, StreamSink } from '../agent-contract/streams.js';
import { failedDial, LOCAL_HOST, tcpStream } from './streams/tcp.js';

export function virtualPort(
  facts: NodeFacts,
  request: { port?: number; host?: string },
  sink: StreamSink,
): NodeStream {
  const port = request.port ?? 0;
  const mapped = facts.portTargets?.[request.host ? `${request.host}:${port}` : String(port)];
  if (mapped) {
    const i = mapped.lastIndexOf(':');
    return tcpStream(mapped.slice(0, i), Number(mapped.slice(i + 1)), sink);
  }
  if (!request.host && facts.ports.includes(port)) return echoStream(sink);
  return refused(request.host ?? LOCAL_HOST, port, sink);
}

/** A listed port with no service behind it: it echoes, which is enough to test a tunnel. */
function echoStream(sink: StreamSink): NodeStream {
  let closed = false;
  return {
    write: (d) => !closed && sink.onData(d),
    resize: () => undefined,
    close: () => {
      closed = true;
    },
  };
}

/** Nothing listens there: the dial fails as a real one to a closed port does (after the open, not during it). */
function refused(host: string, port: number, sink: StreamSink): NodeStream {
  let closed = false;
  queueMicrotask(() => !closed && sink.onEnd(failedDial(port, `connect ECONNREFUSED ${host}:${port}`)));
  return {
    write: () => undefined,
    resize: () => undefined,
    close: () => {
      closed = true;
    },
  };
}
