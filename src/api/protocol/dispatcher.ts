// The one place where a request becomes a response: target -> identity -> JSON -> model check ->
// handler -> serializer, and every failure becomes an AWS-shaped error (DESIGN.md section 2): whatever a
// handler or engine throws as a ServiceError reaches the wire as it is (as LocalStack's skeleton maps
// ServiceExceptions once); anything else is a 500 InternalServerError, logged with its stack.
import { randomUUID } from 'node:crypto';
import { OPERATION_NAMES, TARGET_PREFIX, operationModel } from '../model/index.js';
import type { OperationModel } from '../model/types.js';
import { InternalServerError } from '../../model/generated/errors.js';
import type { Services } from '../../services.js';
import type { AnyHandler, RequestContext } from './handler.js';
import { identify } from './identity.js';
import { serializeOutput } from './serializer.js';
import { ServiceError } from '../../model/service-error.js';
import { NotImplementedException, SerializationException, UnknownOperationException } from './ssm-error.js';
import { validateInput } from './validator.js';

export interface WireRequest {
  target: string | undefined;
  body: string | undefined;
  authorization: string | undefined;
}

export interface WireResponse {
  status: number;
  requestId: string;
  operation: string | undefined;
  /** JSON text of the body. */
  payload: string;
  errorType?: string;
}

export class Dispatcher {
  private readonly handlers = new Map<string, AnyHandler>();

  constructor(
    handlers: AnyHandler[],
    private readonly services: Services,
  ) {
    for (const h of handlers) {
      if (!operationModel(h.operation))
        throw new Error(`handler for ${h.operation}, which the model does not have`);
      if (this.handlers.has(h.operation)) throw new Error(`two handlers for ${h.operation}`);
      this.handlers.set(h.operation, h);
    }
  }

  implemented(): string[] {
    return OPERATION_NAMES.filter((op) => this.handlers.has(op));
  }

  /** Synchronous when the handler is: most are, and a promise per request costs the hot path. */
  dispatch(req: WireRequest): WireResponse | Promise<WireResponse> {
    const requestId = randomUUID();
    let operation: string | undefined;
    try {
      const op = operationOf(req.target);
      operation = op.name;
      const id = identify(req.authorization, {
        account: this.services.config.defaultAccount,
        region: this.services.config.defaultRegion,
      });
      const input = validateInput(op.model.input, parseBody(req.body));
      const handler = this.handlers.get(operation);
      if (!handler) throw new NotImplementedException(operation);
      const ctx: RequestContext = {
        operation,
        requestId,
        account: id.account,
        region: id.region,
        accessKeyId: id.accessKeyId,
        callerArn: `arn:aws:iam::${id.account}:root`,
        services: this.services,
      };
      const result: unknown = handler.handle(input, ctx);
      if (result instanceof Promise) {
        return result
          .then((output) => succeeded(requestId, op, output))
          .catch((err: unknown) => this.failed(requestId, operation, err));
      }
      return succeeded(requestId, op, result);
    } catch (err) {
      return this.failed(requestId, operation, err);
    }
  }

  private failed(requestId: string, operation: string | undefined, err: unknown): WireResponse {
    const e = err instanceof ServiceError ? err : new InternalServerError(INTERNAL_MESSAGE);
    // A client's mistake is not the emulator's: the server's per-call debug line is all it gets.
    if (!e.isClientError) this.services.log.error({ err, operation, requestId }, 'internal error');
    return {
      status: e.statusCode,
      requestId,
      operation,
      payload: JSON.stringify(e.toBody()),
      errorType: e.type,
    };
  }
}

const INTERNAL_MESSAGE = 'An internal error occurred in ssm-emulator; see its log.';

interface TargetOperation {
  name: string;
  model: OperationModel;
}

/** X-Amz-Target values (`AmazonSSM.GetParameter`) to their operation, made once. */
const TARGETS = new Map<string, TargetOperation>(
  OPERATION_NAMES.map((name) => [`${TARGET_PREFIX}.${name}`, { name, model: operationModel(name)! }]),
);

function operationOf(target: string | undefined): TargetOperation {
  const op = target === undefined ? undefined : TARGETS.get(target);
  if (!op) throw new UnknownOperationException();
  return op;
}

function succeeded(requestId: string, op: TargetOperation, output: unknown): WireResponse {
  return {
    status: 200,
    requestId,
    operation: op.name,
    payload: JSON.stringify(serializeOutput(op.model.output, output)),
  };
}

function parseBody(body: string | undefined): Record<string, unknown> {
  // An empty body is `{}` (protocol.md section 2); the blank test only runs when the body does not open an object.
  if (body === undefined || (body.charCodeAt(0) !== 0x7b && BLANK.test(body))) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new SerializationException('');
  }
  if (Array.isArray(parsed)) throw new SerializationException('Start of list found where not expected');
  if (typeof parsed !== 'object' || parsed === null) throw new SerializationException('');
  return parsed as Record<string, unknown>;
}

const BLANK = /^\s*$/;

export { OPERATION_NAMES };
