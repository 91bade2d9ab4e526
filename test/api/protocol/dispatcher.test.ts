// The one error path: whatever a handler or engine throws as a ServiceError reaches the wire unchanged and is
// not logged as an error; anything else is a 500 InternalServerError, logged at error level with its stack.
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../src/api/protocol/dispatcher.js';
import { defineHandler } from '../../../src/api/protocol/handler.js';
import { InvalidDocument, ParameterNotFound } from '../../../src/model/generated/errors.js';
import type { Logger } from '../../../src/engine/logger.js';
import type { Services } from '../../../src/services.js';

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at =
    (level: string) =>
    (fields: object, message: string): void => {
      lines.push({ level, fields: fields as Record<string, unknown>, message });
    };
  const log: Logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
  return { log, lines };
}

function dispatcherWith(handle: () => unknown) {
  const { log, lines } = recordingLogger();
  const services = {
    config: { defaultAccount: '000000000000', defaultRegion: 'us-east-1' },
    log,
  } as unknown as Services;
  const d = new Dispatcher(
    [defineHandler('GetParameter', handle as never), defineHandler('SendCommand', handle as never)],
    services,
  );
  return { d, lines };
}

const call = (d: Dispatcher, op: string, body: object) =>
  d.dispatch({ target: `AmazonSSM.${op}`, body: JSON.stringify(body), authorization: undefined });

describe('Dispatcher error path', () => {
  it('an engine error reaches the wire as its modelled shape, with no error log', async () => {
    const { d, lines } = dispatcherWith(() => {
      throw new InvalidDocument('The specified document does not exist.');
    });
    const res = await call(d, 'SendCommand', { DocumentName: 'Nope' });
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('InvalidDocument');
    expect(JSON.parse(res.payload)).toEqual({
      __type: 'InvalidDocument',
      Message: 'The specified document does not exist.',
    });
    expect(lines).toEqual([]);
  });

  it('a rejected promise is mapped the same way', async () => {
    const { d, lines } = dispatcherWith(() => Promise.reject(new ParameterNotFound('')));
    const res = await call(d, 'GetParameter', { Name: '/x' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.payload)).toEqual({ __type: 'ParameterNotFound' });
    expect(lines).toEqual([]);
  });

  it('anything else is a 500 InternalServerError, logged at error level with the error (and its stack)', async () => {
    const boom = new TypeError('cannot read x of undefined');
    const { d, lines } = dispatcherWith(() => {
      throw boom;
    });
    const res = await call(d, 'GetParameter', { Name: '/x' });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.payload)).toEqual({
      __type: 'InternalServerError',
      Message: 'An internal error occurred in ssm-emulator; see its log.',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      message: 'internal error',
      fields: { err: boom, operation: 'GetParameter' },
    });
    expect((lines[0].fields.err as Error).stack).toContain('TypeError: cannot read x of undefined');
  });

  it('a validation failure is the client mistake it is: 400, never an error log', async () => {
    const { d, lines } = dispatcherWith(() => ({}));
    const res = await call(d, 'GetParameter', {});
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('ValidationException');
    expect(lines).toEqual([]);
  });
});
