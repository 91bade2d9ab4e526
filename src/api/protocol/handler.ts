// The contract between the protocol layer and the one-file-per-operation handlers.
import type { OperationInputs, OperationName, OperationOutputs } from '../../model/generated/types.js';
import type { Services } from '../../services.js';

export interface RequestContext {
  readonly operation: string;
  readonly requestId: string;
  /** Partition of all state, from the SigV4 credential scope (DESIGN.md section 2). */
  readonly account: string;
  readonly region: string;
  readonly accessKeyId: string | undefined;
  /** Who made the call, as AWS reports it in fields such as LastModifiedUser. */
  readonly callerArn: string;
  readonly services: Services;
}

export type Handler<Op extends OperationName> = (
  input: OperationInputs[Op],
  ctx: RequestContext,
) => OperationOutputs[Op] | Promise<OperationOutputs[Op]>;

export interface HandlerDefinition<Op extends OperationName = OperationName> {
  readonly operation: Op;
  readonly handle: Handler<Op>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHandler = HandlerDefinition<any>;

export function defineHandler<Op extends OperationName>(
  operation: Op,
  handle: Handler<Op>,
): HandlerDefinition<Op> {
  return { operation, handle };
}
