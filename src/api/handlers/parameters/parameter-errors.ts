// Maps errors of the Parameter Store engine to the modelled errors of the same name.
import * as E from '../../../model/generated/errors.js';
import type { Handler } from '../../protocol/handler.js';
import type { OperationName } from '../../../model/generated/types.js';
import { ParameterError } from '../../../engine/parameters/errors.js';

/** The modelled error for a ParameterError; any other error unchanged. */
export function toApiError(err: unknown): unknown {
  if (!(err instanceof ParameterError)) return err;
  switch (err.code) {
    case 'ValidationException':
      return new E.ValidationException(err.message);
    case 'AccessDeniedException':
      return new E.AccessDeniedException(err.message);
    case 'HierarchyLevelLimitExceededException':
      return new E.HierarchyLevelLimitExceededException(err.message);
    case 'InvalidKeyId':
      return new E.InvalidKeyId(err.message);
    case 'InvalidPolicyAttributeException':
      return new E.InvalidPolicyAttributeException(err.message);
    case 'InvalidPolicyTypeException':
      return new E.InvalidPolicyTypeException(err.message);
    case 'IncompatiblePolicyException':
      return new E.IncompatiblePolicyException(err.message);
    case 'PoliciesLimitExceededException':
      return new E.PoliciesLimitExceededException(err.message);
  }
}

/** A Parameter Store handler whose engine errors reach the wire as their modelled errors. */
export function mapEngineErrors<Op extends OperationName>(handle: Handler<Op>): Handler<Op> {
  return (input, ctx) => {
    try {
      const out = handle(input, ctx);
      return out instanceof Promise ? out.catch((err: unknown) => Promise.reject(toApiError(err))) : out;
    } catch (err) {
      throw toApiError(err);
    }
  };
}
