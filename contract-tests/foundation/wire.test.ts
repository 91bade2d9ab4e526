// The wire protocol from outside: targets, bodies, errors and headers as AWS answers them.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MODEL, OPERATION_NAMES } from '../../src/api/model/index.js';
import { startServer, useServer } from '../helpers/server.js';

const server = useServer();

describe('targets', () => {
  it('answers an unknown operation with UnknownOperationException and no message', async () => {
    const r = await server.raw('AmazonSSM.Nope', '{}');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ __type: 'UnknownOperationException' });
  });

  it('answers a missing target or another service prefix the same way', async () => {
    for (const target of ['', 'DynamoDB_20120810.ListTables', 'AmazonSSM.']) {
      const r = await server.raw(target, '{}');
      expect(r.status).toBe(400);
      expect(r.json.__type).toBe('UnknownOperationException');
    }
  });

  it('recognises every operation of the model: a result, a ValidationException or not-implemented, never a 5xx', async () => {
    expect(OPERATION_NAMES.length).toBe(154);
    for (const op of OPERATION_NAMES) {
      const r = await server.raw(`AmazonSSM.${op}`, '{}');
      expect(r.status, op).toBeLessThan(500);
      expect(r.headers.get('content-type'), op).toMatch(/^application\/x-amz-json-1\.1/);
      if (r.status !== 200)
        // An operation whose members are all optional answers {} with its not-found error (DescribeAssociation).
        expect(
          [
            'ValidationException',
            'NotImplementedException',
            'ServiceSettingNotFound',
            'AssociationDoesNotExist',
          ],
          op,
        ).toContain(r.json.__type);
    }
  });
});

describe('bodies', () => {
  it('gives the exact missing-member message for {} to GetParameter', async () => {
    const r = await server.raw('AmazonSSM.GetParameter', '{}');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      __type: 'ValidationException',
      Message:
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
  });

  it('treats an empty body as {}', async () => {
    const r = await server.raw('AmazonSSM.GetParameter', '');
    expect(r.json.Message).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('answers a member of the wrong JSON type with SerializationException', async () => {
    const r = await server.raw('AmazonSSM.GetParameter', '{"Name": 5}');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      __type: 'SerializationException',
      Message: 'NUMBER_VALUE can not be converted to a String',
    });
  });

  it('answers malformed JSON with SerializationException and no message', async () => {
    for (const body of ['{', '{"Name":', 'null', '"x"', '{"a":1,}']) {
      const r = await server.raw('AmazonSSM.GetParameter', body);
      expect(r.status, body).toBe(400);
      expect(r.json, body).toEqual({ __type: 'SerializationException' });
    }
    const list = await server.raw('AmazonSSM.GetParameter', '[]');
    expect(list.json).toEqual({
      __type: 'SerializationException',
      Message: 'Start of list found where not expected',
    });
  });

  it('accepts application/json as well as application/x-amz-json-1.1', async () => {
    const r = await server.raw(
      'AmazonSSM.GetServiceSetting',
      '{"SettingId":"/ssm/parameter-store/default-parameter-tier"}',
      { 'content-type': 'application/json' },
    );
    expect(r.status).toBe(200);
    expect(r.json.ServiceSetting.SettingValue).toBe('Standard');
  });

  it('refuses a body over the limit with a clear 413 and stays up', async () => {
    const small = await startServer({ bodyLimit: 1024 });
    try {
      const r = await small.raw('AmazonSSM.GetParameter', JSON.stringify({ Name: 'x'.repeat(5000) }));
      expect(r.status).toBe(413);
      expect(r.json).toEqual({
        __type: 'RequestEntityTooLargeException',
        message: 'Request body is larger than the limit of 1024 bytes.',
      });
      expect((await small.control('GET', '/_emulator/health')).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('large bodies', () => {
  /** Writes a whole request on one socket before reading, as Python's http.client (botocore) does. */
  const writeThenRead = (endpoint: string, requests: Buffer[]) =>
    new Promise<string>((resolve, reject) => {
      const { port } = new URL(endpoint);
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.setEncoding('latin1').on('data', (d: string) => (text += d));
      socket.on('error', reject);
      socket.on('connect', async () => {
        for (const r of requests) if (!socket.write(r)) await new Promise((ok) => socket.once('drain', ok));
        const answers = () => text.split('HTTP/1.1 ').length - 1;
        const wait = setInterval(() => {
          if (answers() >= requests.length && text.endsWith('}')) {
            clearInterval(wait);
            socket.end();
            resolve(text);
          }
        }, 20);
        socket.once('close', () => (clearInterval(wait), resolve(text)));
      });
    });
  const request = (bytes: number) => {
    const head = `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AmazonSSM.GetServiceSetting\r\nContent-Length: ${bytes}\r\n\r\n`;
    const body =
      bytes > 100
        ? 'x'.repeat(bytes)
        : '{"SettingId":"/ssm/parameter-store/default-parameter-tier"}'.padEnd(bytes);
    return Buffer.from(head + body);
  };

  it('answers 413 to a client that sends the whole body first, and keeps the connection for the next call', async () => {
    const small = await startServer({ bodyLimit: 1024 });
    try {
      // 16 MiB: far more than the socket buffers hold, so a server that stops reading would reset the client.
      const text = await writeThenRead(small.endpoint, [request(16 * 1024 * 1024), request(60)]);
      const answers = text.split('HTTP/1.1 ').slice(1);
      expect(answers.map((a) => a.slice(0, 3))).toEqual(['413', '200']);
      expect(answers[0]).not.toMatch(/connection: close/i);
      expect(answers[0]).toContain(
        '{"__type":"RequestEntityTooLargeException","message":"Request body is larger than the limit of 1024 bytes."}',
      );
    } finally {
      await small.close();
    }
  });
});

describe('headers', () => {
  it('sends x-amzn-RequestId on successes and errors', async () => {
    const ok = await server.raw('AmazonSSM.GetServiceSetting', '{"SettingId":"/ssm/opsinsights/opscenter"}');
    const bad = await server.raw('AmazonSSM.GetParameter', '{}');
    for (const r of [ok, bad]) expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers.get('x-amzn-requestid')).not.toBe(bad.headers.get('x-amzn-requestid'));
  });

  it('answers an Authorization header that is not SigV4 with MissingAuthenticationTokenException', async () => {
    const r = await server.raw('AmazonSSM.GetParameter', '{"Name":"x"}', { authorization: 'Bearer abc' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('answers an incomplete SigV4 header with IncompleteSignatureException listing what is missing', async () => {
    const header = 'AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/ssm/aws4_request';
    const r = await server.raw('AmazonSSM.GetParameter', '{"Name":"x"}', { authorization: header });
    expect(r.json).toEqual({
      __type: 'IncompleteSignatureException',
      message: `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${header}`,
    });
  });

  it('serves unsigned requests (aws --no-sign-request) from the default account and region', async () => {
    const r = await server.raw('AmazonSSM.GetServiceSetting', '{"SettingId":"/ssm/opsinsights/opscenter"}', {
      authorization: '',
    });
    expect(r.status).toBe(200);
    expect(r.json.ServiceSetting.ARN).toBe(
      'arn:aws:ssm:us-east-1:000000000000:servicesetting/ssm/opsinsights/opscenter',
    );
  });
});

describe('not implemented', () => {
  it('names the operation, with a status SDKs do not retry', async () => {
    const coverage = (await server.control('GET', '/_emulator/coverage')).json;
    const missing = Object.values(coverage.areas as Record<string, { missing: string[] }>).flatMap(
      (a) => a.missing,
    );
    // An operation with no required input reaches the handler lookup with `{}`.
    const op = missing.find((o) => !(MODEL.shapes[MODEL.operations[o].input ?? '']?.required ?? []).length);
    expect(op, 'an unimplemented operation without required members').toBeDefined();
    const r = await server.raw(`AmazonSSM.${op}`, '{}');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      __type: 'NotImplementedException',
      message: `ssm-emulator does not implement ${op} yet (see GET /_emulator/coverage).`,
      Operation: op,
    });
  });
});
