// Errors of AWS's JSON front end (not in the SSM model), on the shared ServiceError base.
import { ServiceError } from '../../model/service-error.js';

/** Errors that AWS's front end returns for every JSON service; they are not in the SSM model. */
export class UnknownOperationException extends ServiceError {
  constructor() {
    super('UnknownOperationException', '', 'message', 400);
  }
}

export class MissingAuthenticationTokenException extends ServiceError {
  constructor() {
    super('MissingAuthenticationTokenException', 'Missing Authentication Token', 'message', 400);
  }
}

export class SerializationException extends ServiceError {
  constructor(message: string) {
    super('SerializationException', message, 'Message', 400);
  }
}

export class IncompleteSignatureException extends ServiceError {
  constructor(message: string) {
    super('IncompleteSignatureException', message, 'message', 400);
  }
}

export class RequestEntityTooLargeException extends ServiceError {
  constructor(message: string) {
    super('RequestEntityTooLargeException', message, 'message', 413);
  }
}

/** A recognised operation without a handler yet: 400 so that no SDK retries it. */
export class NotImplementedException extends ServiceError {
  constructor(operation: string) {
    super(
      'NotImplementedException',
      `ssm-emulator does not implement ${operation} yet (see GET /_emulator/coverage).`,
      'message',
      400,
      { Operation: operation },
    );
  }
}
