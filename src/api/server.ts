// The Fastify server: `POST /` for the SSM wire protocol and `/_emulator/*` for the control plane.
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Services } from '../services.js';
import type { Config } from '../config.js';
import { HANDLERS } from './handlers/index.js';
import { Dispatcher, type WireResponse } from './protocol/dispatcher.js';
import { registerControlPlane } from './control/index.js';
import { RequestEntityTooLargeException } from './protocol/ssm-error.js';
import { guardFor, registerRequestGuard } from './request-guard.js';
import { foreignPost, foreignRoute, sendForeign, SSM_TARGET_PREFIX } from './foreign-services.js';

export interface ApiServer {
  app: FastifyInstance;
  dispatcher: Dispatcher;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

function noSchemaCompiler(): never {
  throw new Error('ssm-emulator routes carry no JSON schemas');
}

/** The Fastify instance and its logger, made first so that every engine logs through it. */
export function createHttpServer(config: Config): FastifyInstance {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    logController: new LogController({ disableRequestLogging: true }), // one line per call at debug level instead
    bodyLimit: config.bodyLimit,
    return503OnClosing: false,
    exposeHeadRoutes: false, // no client sends HEAD here; each route costs router compilation at start-up
    // No route carries a JSON schema (the SSM model drives validation), so Fastify never needs ajv or
    // fast-json-stringify; stubs keep them from loading at start-up.
    schemaController: {
      compilersFactory: { buildValidator: noSchemaCompiler, buildSerializer: noSchemaCompiler },
    },
  });
  // Before any route, websockets included (they check the same guard on upgrade).
  registerRequestGuard(app, guardFor(config));
  return app;
}

/** Routes the wire protocol and the control plane on a server made by createHttpServer. */
export function buildServer(app: FastifyInstance, services: Services): ApiServer {
  const { config } = services;
  const dispatcher = new Dispatcher(HANDLERS, services);
  const debugCalls = config.logLevel === 'debug' || config.logLevel === 'trace';

  // Bodies stay text: the dispatcher parses JSON itself so that every failure is AWS-shaped, whatever
  // the content type (SDKs send application/x-amz-json-1.1; curl users send application/json).
  app.removeAllContentTypeParsers();
  const asText = (_req: unknown, body: string | Buffer, done: (err: null, body: string | Buffer) => void) =>
    done(null, body);
  // The SDKs' content type is matched directly; the catch-all costs a lookup on every request.
  app.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: 'string' }, asText);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, asText);
  app.addContentTypeParser('*', { parseAs: 'string' }, asText);

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, _req, reply) => {
    const e =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new RequestEntityTooLargeException(
            `Request body is larger than the limit of ${config.bodyLimit} bytes.`,
          )
        : undefined;
    // Fastify closes the connection after a parser error, while the client is still sending: it then sees a
    // reset instead of the 413 and an SDK retries. Kept open, the rest of the body is read and dropped (Node
    // dumps what a handler did not read) and the client gets its answer.
    if (e) reply.removeHeader('connection');
    const status = e?.statusCode ?? (err.statusCode && err.statusCode < 500 ? err.statusCode : 500);
    // A client's mistake (malformed body, too large) is logged at debug level, without a stack.
    if (status >= 500) app.log.error({ err }, 'internal error');
    else app.log.debug({ status, error: err.code ?? err.name, message: err.message }, 'bad request');
    const body = e?.toBody() ?? {
      __type: status < 500 ? 'BadRequest' : 'InternalServerError',
      message: err.message,
    };
    void reply.code(status).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(body));
  });

  const send = (reply: FastifyReply, res: WireResponse) => {
    if (debugCalls) {
      app.log.debug(
        { operation: res.operation, status: res.status, error: res.errorType, requestId: res.requestId },
        'api call',
      );
    }
    reply
      .code(res.status)
      .header('content-type', JSON_CONTENT_TYPE)
      .header('x-amzn-RequestId', res.requestId);
    if (res.errorType) reply.header('x-amzn-ErrorType', res.errorType);
    reply.send(res.payload);
  };
  // Not an async handler: most operations answer synchronously, and an async handler returning the reply
  // (a thenable) costs extra promise jobs on every request.
  app.post('/', (request, reply) => {
    const h = request.headers;
    const target = h['x-amz-target'] as string | undefined;
    if (target === undefined || !target.startsWith(SSM_TARGET_PREFIX)) {
      const foreign = foreignPost(
        target,
        h.authorization,
        h['content-type'],
        request.body as string | undefined,
      );
      if (foreign) return void sendForeign(reply, foreign);
    }
    const res = dispatcher.dispatch({
      target,
      body: request.body as string | undefined,
      authorization: h.authorization,
    });
    // A failure while sending goes to the error handler, as a throw from the handler would.
    if (res instanceof Promise) res.then((r) => send(reply, r)).catch((err: Error) => reply.send(err));
    else send(reply, res);
  });

  registerControlPlane(app, services, dispatcher);

  // Anything else is answered in the protocol's shape rather than Fastify's HTML-free default.
  app.setNotFoundHandler((request, reply) => {
    const foreign = foreignRoute(request.headers.authorization);
    if (foreign) return void sendForeign(reply, foreign);
    void reply
      .code(404)
      .header('content-type', 'application/json')
      .send(
        JSON.stringify({
          __type: 'NotFound',
          message: `No route ${request.method} ${request.url}. The SSM API is POST /.`,
        }),
      );
  });

  return { app, dispatcher };
}
