// Which requests a web page could have sent on a user's behalf, refused with 403 (docs/security.md): a Host
// name that is not this machine's while bound to loopback (DNS rebinding), and any browser Origin not allowed.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { isLoopback, unbracket } from '../loopback.js';

export const ALLOWED_HOSTS_VARIABLE = 'SSM_EMULATOR_ALLOWED_HOSTS';

export class RequestGuard {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly anyHost: boolean;
  /** Host names are checked when bound to loopback, or anywhere once a list of allowed hosts is given. */
  private readonly checkHost: boolean;
  private lastAllowedHost: string | undefined; // clients send the same Host on every request

  constructor(config: Pick<Config, 'host' | 'allowedHosts'>) {
    const listed = parseAllowedHosts(config.allowedHosts);
    for (const entry of listed) {
      if (entry.startsWith('*.')) this.suffixes.push(entry.slice(1));
      else this.exact.add(entry);
    }
    this.anyHost = this.exact.has('*');
    this.checkHost = isLoopback(config.host) || listed.length > 0;
  }

  /** Why the request is refused, or undefined when it may go on. */
  refusal(host: string | undefined, origin: string | undefined): string | undefined {
    if (this.checkHost && host !== undefined && host !== this.lastAllowedHost) {
      const name = hostnameOf(host);
      // An IP literal cannot be rebound: a page reaching it by address is cross-origin and sends an Origin.
      if (!(isIP(unbracket(name)) || this.allows(name))) {
        return `Host '${host}' is not allowed: this emulator answers localhost, *.localhost, 127.0.0.1 and [::1]; list other host names in ${ALLOWED_HOSTS_VARIABLE}.`;
      }
      this.lastAllowedHost = host;
    }
    if (origin !== undefined) {
      const name = originHostname(origin);
      if (name === undefined || !this.allows(name)) {
        return `Origin '${origin}' is not allowed: browser pages may call this emulator only from localhost, *.localhost, 127.0.0.1, [::1] or a host listed in ${ALLOWED_HOSTS_VARIABLE}.`;
      }
    }
    return undefined;
  }

  private allows(hostname: string): boolean {
    const h = hostname.toLowerCase();
    return isLoopback(h) || this.anyHost || this.exact.has(h) || this.suffixes.some((s) => h.endsWith(s));
  }
}

const guards = new WeakMap<object, RequestGuard>();

/** The one guard of a server's configuration (the HTTP routes and both websockets share it). */
export function guardFor(config: Pick<Config, 'host' | 'allowedHosts'>): RequestGuard {
  let guard = guards.get(config);
  if (!guard) guards.set(config, (guard = new RequestGuard(config)));
  return guard;
}

/** `SSM_EMULATOR_ALLOWED_HOSTS=ssm.test,*.dev.example` -> its names, lower case. */
export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** `localhost:4583` -> `localhost`, `[::1]:4583` -> `[::1]`. */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1) || host;
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function originHostname(origin: string): string | undefined {
  try {
    const url = new URL(origin); // `null` (a sandboxed page or a file) does not parse: refused
    return url.host ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** Refuses what the guard refuses before any route runs: AWS's shape on the API, `{error}` on the control plane. */
export function registerRequestGuard(app: FastifyInstance, guard: RequestGuard): void {
  app.addHook('onRequest', (request, reply, done) => {
    const { headers } = request;
    const control = request.url.startsWith(CONTROL_PREFIX);
    const why = guard.refusal(headers.host, headers.origin);
    if (why !== undefined) {
      void reply.code(403).header('content-type', 'application/json');
      if (!control) void reply.header('x-amzn-ErrorType', 'AccessDeniedException');
      return void reply.send(
        JSON.stringify(control ? { error: why } : { __type: 'AccessDeniedException', message: why }),
      );
    }
    const notJson = control ? controlBodyRefusal(headers) : undefined;
    if (notJson !== undefined) return void reply.code(415).send({ error: notJson });
    done();
  });
}

const CONTROL_PREFIX = '/_emulator/';

/**
 * The control plane takes JSON bodies only: an HTML form can send nothing else without a CORS preflight, which
 * is never approved, so no page can post to it. A request without a body (`curl -X POST .../reset`) passes.
 */
export function controlBodyRefusal(headers: IncomingHttpHeaders): string | undefined {
  const length = headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
  if (!hasBody) return undefined;
  const type = headers['content-type'];
  const media = type?.split(';')[0].trim().toLowerCase();
  if (media === 'application/json') return undefined;
  return `The control plane accepts only application/json bodies, not ${type ? `'${type}'` : 'a body without a content type'}; with curl, add -H 'content-type: application/json'.`;
}

/** For websocket upgrades, which no Fastify hook sees: true when refused (the socket is answered and closed). */
export function refuseUpgrade(guard: RequestGuard, req: IncomingMessage, socket: Duplex): boolean {
  const why = guard.refusal(req.headers.host, req.headers.origin);
  if (why === undefined) return false;
  const body = JSON.stringify({ error: why });
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return true;
}
