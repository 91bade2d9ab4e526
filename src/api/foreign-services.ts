// Requests meant for another AWS service (`aws sts get-caller-identity` or `aws s3 ls` sent to this endpoint by
// AWS_ENDPOINT_URL or --endpoint-url): recognised from the SigV4 scope, the X-Amz-Target prefix or the Query
// `Action`, and answered in that service's own protocol, so its client shows a clear error instead of failing
// to parse SSM's JSON.
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export type ForeignProtocol = 'json' | 'query' | 'ec2' | 'rest-xml';

export interface ForeignRequest {
  protocol: ForeignProtocol;
  /** The SigV4 service id (`sts`, `ec2`, `s3`, ...) or, failing that, what the request names. */
  service: string;
  action?: string;
}

export const SSM_TARGET_PREFIX = 'AmazonSSM.';

const SCOPE_SERVICE = /Credential=[^/,\s]+\/[^/,\s]+\/[^/,\s]+\/([^/,\s]+)\/aws4_request/;

/** Query API versions of the services people point at the same endpoint most (their SDKs send them). */
const QUERY_VERSIONS: Record<string, string> = {
  '2011-06-15': 'sts',
  '2016-11-15': 'ec2',
  '2010-05-08': 'iam',
  '2010-03-31': 'sns',
  '2012-11-05': 'sqs',
  '2010-08-01': 'monitoring',
};

/** X-Amz-Target prefixes of JSON services, to name them when the request is not signed. */
const TARGET_SERVICES: Record<string, string> = {
  DynamoDB_20120810: 'dynamodb',
  TrentService: 'kms',
  secretsmanager: 'secretsmanager',
  Logs_20140328: 'logs',
  AWSEvents: 'events',
  AmazonSQS: 'sqs',
  AWSStepFunctions: 'states',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
};

const NAMES: Record<string, string> = {
  sts: 'AWS STS',
  ec2: 'Amazon EC2',
  s3: 'Amazon S3',
  iam: 'AWS IAM',
  sns: 'Amazon SNS',
  sqs: 'Amazon SQS',
  monitoring: 'Amazon CloudWatch',
  dynamodb: 'Amazon DynamoDB',
  kms: 'AWS KMS',
  secretsmanager: 'AWS Secrets Manager',
  logs: 'Amazon CloudWatch Logs',
  events: 'Amazon EventBridge',
  states: 'AWS Step Functions',
  ecr: 'Amazon ECR',
  lambda: 'AWS Lambda',
  cloudformation: 'AWS CloudFormation',
};

export function scopeService(authorization: string | undefined): string | undefined {
  return authorization ? SCOPE_SERVICE.exec(authorization)?.[1] : undefined;
}

/** A `POST /` that is not an SSM call; undefined when it is SSM's (or says nothing of another service). */
export function foreignPost(
  target: string | undefined,
  authorization: string | undefined,
  contentType: string | undefined,
  body: string | undefined,
): ForeignRequest | undefined {
  const scope = scopeService(authorization);
  if (target !== undefined && target.includes('.') && !target.startsWith(SSM_TARGET_PREFIX)) {
    const [prefix, action] = [target.slice(0, target.indexOf('.')), target.slice(target.indexOf('.') + 1)];
    return { protocol: 'json', service: scope ?? TARGET_SERVICES[prefix] ?? prefix, action };
  }
  if (
    target === undefined &&
    (contentType?.startsWith('application/x-www-form-urlencoded') || body?.startsWith('Action='))
  ) {
    const form = new URLSearchParams(body ?? '');
    const service = scope ?? QUERY_VERSIONS[form.get('Version') ?? ''] ?? 'query';
    if (service === 'ssm') return undefined;
    return {
      protocol: service === 'ec2' ? 'ec2' : 'query',
      service,
      action: form.get('Action') ?? undefined,
    };
  }
  if (scope && scope !== 'ssm') return { protocol: scope === 's3' ? 'rest-xml' : 'json', service: scope };
  return undefined;
}

/** Any other route: only S3 (REST) and signed calls to another service are recognised. */
export function foreignRoute(authorization: string | undefined): ForeignRequest | undefined {
  const scope = scopeService(authorization);
  if (!scope || scope === 'ssm') return undefined;
  return { protocol: scope === 's3' ? 'rest-xml' : 'json', service: scope };
}

export function foreignMessage(f: ForeignRequest): string {
  const name = NAMES[f.service] ?? `the '${f.service}' service`;
  const call = f.action ? `${f.action} is a call of ${name}` : `This request is for ${name}`;
  return `${call}. This endpoint is ssm-emulator, which serves AWS Systems Manager (SSM) only. Send only SSM calls here: set AWS_ENDPOINT_URL_SSM rather than AWS_ENDPOINT_URL, or give --endpoint-url to ssm commands only.`;
}

/** Answers in the service's own protocol, with 400 so that no SDK retries it. */
export function sendForeign(reply: FastifyReply, f: ForeignRequest): FastifyReply {
  const requestId = randomUUID();
  const message = foreignMessage(f);
  const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  reply.code(400);
  switch (f.protocol) {
    case 'json':
      return reply
        .header('content-type', 'application/x-amz-json-1.1')
        .header('x-amzn-RequestId', requestId)
        .header('x-amzn-ErrorType', 'UnknownOperationException')
        .send(JSON.stringify({ __type: 'UnknownOperationException', message }));
    case 'query': // STS, IAM, SNS, ...: the Query protocol's error document
      return reply
        .header('content-type', 'text/xml')
        .header('x-amzn-RequestId', requestId)
        .send(
          `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${xml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
    case 'ec2': // EC2's own variant of Query errors
      return reply
        .header('content-type', 'text/xml;charset=UTF-8')
        .send(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidAction</Code><Message>${xml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
        );
    case 'rest-xml': // S3
      return reply
        .header('content-type', 'application/xml')
        .header('x-amz-request-id', requestId)
        .send(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidRequest</Code><Message>${xml(message)}</Message><RequestId>${requestId}</RequestId></Error>`,
        );
  }
}
