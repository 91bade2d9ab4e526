// The narrow logger engines write to: the server's Fastify (pino) logger, or a silent or recording one in
// tests. Errors go in `fields.err` so that the stack is logged with them; a client's mistake is never an error.

export interface Logger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

const ignore = () => undefined;

/** Drops everything (unit tests that do not look at the log). */
export const silentLogger: Logger = { error: ignore, warn: ignore, info: ignore, debug: ignore };
