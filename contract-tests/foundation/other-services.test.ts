// Calls meant for other services, sent here by AWS_ENDPOINT_URL or --endpoint-url: recognised and answered in
// that service's own protocol with an error naming what this endpoint serves, so the client shows it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { AWS_CLI_ENV, AWS_CLIS, cliWorks } from '../helpers/aws-cli.js';
import { http } from '../helpers/http.js';

const run = promisify(execFile);
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const TAIL =
  'This endpoint is ssm-emulator, which serves AWS Systems Manager (SSM) only. Send only SSM calls here: set AWS_ENDPOINT_URL_SSM rather than AWS_ENDPOINT_URL, or give --endpoint-url to ssm commands only.';
const signed = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261126/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const XML_MESSAGE = /<Message>([^<]*)<\/Message>/;

describe('the wire', () => {
  it('STS (Query): an ErrorResponse with InvalidAction naming the call and the service', async () => {
    const r = await http(server.endpoint, {
      headers: { ...form, authorization: signed('sts') },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('text/xml');
    expect(r.text).toMatch(
      /^<ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    expect(XML_MESSAGE.exec(r.text)?.[1]).toBe(`GetCallerIdentity is a call of AWS STS. ${TAIL}`);
  });

  it('an unsigned Query call is named by its Version', async () => {
    const r = await http(server.endpoint, { headers: form, body: 'Action=ListUsers&Version=2010-05-08' });
    expect(XML_MESSAGE.exec(r.text)?.[1]).toBe(`ListUsers is a call of AWS IAM. ${TAIL}`);
  });

  it('EC2: its own error document (Response/Errors/Error)', async () => {
    const r = await http(server.endpoint, {
      headers: { ...form, authorization: signed('ec2') },
      body: 'Action=DescribeInstances&Version=2016-11-15',
    });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
    expect(XML_MESSAGE.exec(r.text)?.[1]).toBe(`DescribeInstances is a call of Amazon EC2. ${TAIL}`);
  });

  it('S3 (REST): an S3 error document on any method and path', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/bucket?list-type=2'],
      ['PUT', '/bucket/key.txt'],
      ['POST', '/'],
    ]) {
      const r = await http(server.endpoint, {
        method,
        path,
        headers: { authorization: signed('s3') },
        body: 'x',
      });
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.headers['x-amz-request-id'], path).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.text, path).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>InvalidRequest<\/Code>/,
      );
      expect(XML_MESSAGE.exec(r.text)?.[1], path).toBe(`This request is for Amazon S3. ${TAIL}`);
    }
  });

  it('a JSON service (another X-Amz-Target prefix): UnknownOperationException, with the reason', async () => {
    const r = await server.raw('DynamoDB_20120810.ListTables', '{}', { authorization: signed('dynamodb') });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      __type: 'UnknownOperationException',
      message: `ListTables is a call of Amazon DynamoDB. ${TAIL}`,
    });
  });

  it('leaves SSM as it was: an SSM call, and an unknown or missing SSM target', async () => {
    expect((await server.raw('AmazonSSM.DescribeParameters', '{}')).status).toBe(200);
    expect((await server.raw('AmazonSSM.Nope', '{}')).json).toEqual({ __type: 'UnknownOperationException' });
    expect(
      (await http(server.endpoint, { headers: { 'content-type': 'application/json' }, body: '{}' })).json,
    ).toEqual({
      __type: 'UnknownOperationException',
    });
  });
});

describe.each(AWS_CLIS)('%s', (_name, bin) => {
  const cli = async (args: string[]) => {
    try {
      await run(bin, [...args, '--endpoint-url', server.endpoint], { env: AWS_CLI_ENV });
      return { code: 0, err: '' };
    } catch (e: any) {
      return { code: e.code as number, err: String(e.stderr).trim() };
    }
  };
  it.skipIf(!cliWorks(bin))(
    'prints the reason for sts get-caller-identity, ec2 describe-instances and s3 ls',
    async () => {
      const sts = await cli(['sts', 'get-caller-identity']);
      expect(sts.code).toBeGreaterThan(0); // 255 from CLI v1, 254 from v2
      expect(sts.err).toBe(
        `An error occurred (InvalidAction) when calling the GetCallerIdentity operation: GetCallerIdentity is a call of AWS STS. ${TAIL}`,
      );
      expect((await cli(['ec2', 'describe-instances'])).err).toBe(
        `An error occurred (InvalidAction) when calling the DescribeInstances operation: DescribeInstances is a call of Amazon EC2. ${TAIL}`,
      );
      expect((await cli(['s3', 'ls'])).err).toBe(
        `An error occurred (InvalidRequest) when calling the ListBuckets operation: This request is for Amazon S3. ${TAIL}`,
      );
    },
    60_000,
  );
});
