// The one place where a request becomes a response: target -> identity -> JSON -> model check ->
// handler -> serializer, and every failure becomes an AWS-shaped error (DESIGN.md section 2).
import { randomUUID } from 'node:crypto';
import { OPERATION_NAMES, TARGET_PREFIX, operationModel } from '../model/index.js';
import { InternalServerError } from '../model/generated/errors.js';
import type { Services } from '../../services.js';
import type { AnyHandler, RequestContext } from './handler.js';
import { identify } from './identity.js';
import { serializeOutput } from './serializer.js';
import {
  NotImplementedException,
  SerializationException,
  SsmError,
  UnknownOperationException,
} from './ssm-error.js';
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

  async dispatch(req: WireRequest): Promise<WireResponse> {
    const requestId = randomUUID();
    let operation: string | undefined;
    try {
      operation = parseTarget(req.target);
      const op = operationModel(operation)!;
      const id = identify(req.authorization, {
        account: this.services.config.defaultAccount,
        region: this.services.config.defaultRegion,
      });
      const input = validateInput(op.input, parseBody(req.body));
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
      const result = await handler.handle(input, ctx);
      return {
        status: 200,
        requestId,
        operation,
        payload: JSON.stringify(serializeOutput(op.output, result)),
      };
    } catch (err) {
      const e = err instanceof SsmError ? err : internalError(err, operation);
      return {
        status: e.statusCode,
        requestId,
        operation,
        payload: JSON.stringify(e.toBody()),
        errorType: e.type,
      };
    }
  }
}

function parseTarget(target: string | undefined): string {
  const prefix = `${TARGET_PREFIX}.`;
  if (target && target.startsWith(prefix)) {
    const name = target.slice(prefix.length);
    if (operationModel(name)) return name;
  }
  throw new UnknownOperationException();
}

const BLANK = /^\s*$/;

function parseBody(body: string | undefined): Record<string, unknown> {
  if (body === undefined || BLANK.test(body)) return {}; // an empty body is `{}` (protocol.md section 2)
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

function internalError(err: unknown, operation: string | undefined): SsmError {
  console.error(`ssm-emulator: internal error in ${operation ?? 'request'}:`, err);
  return new InternalServerError('An internal error occurred in ssm-emulator; see its log.');
}

export { OPERATION_NAMES };
