// Base class of every error the wire returns: __type, message member spelling and status come from the model.

export class SsmError extends Error {
  constructor(
    readonly type: string,
    message: string,
    /** 'message' or 'Message' as the model spells it; null when the shape has no message member. */
    readonly messageKey: 'message' | 'Message' | null,
    readonly statusCode: number,
    readonly fields: object = {},
  ) {
    super(message);
    this.name = type;
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { __type: this.type };
    // AWS sends some errors with no message at all (ParameterNotFound, malformed JSON): empty means absent.
    if (this.message) body[this.messageKey ?? 'message'] = this.message;
    for (const [k, v] of Object.entries(this.fields)) if (v !== undefined && v !== null) body[k] = v;
    return body;
  }
}

/** Errors that AWS's front end returns for every JSON service; they are not in the SSM model. */
export class UnknownOperationException extends SsmError {
  constructor() {
    super('UnknownOperationException', '', 'message', 400);
  }
}

export class MissingAuthenticationTokenException extends SsmError {
  constructor() {
    super('MissingAuthenticationTokenException', 'Missing Authentication Token', 'message', 400);
  }
}

export class SerializationException extends SsmError {
  constructor(message: string) {
    super('SerializationException', message, 'Message', 400);
  }
}

export class IncompleteSignatureException extends SsmError {
  constructor(message: string) {
    super('IncompleteSignatureException', message, 'message', 400);
  }
}

export class RequestEntityTooLargeException extends SsmError {
  constructor(message: string) {
    super('RequestEntityTooLargeException', message, 'message', 413);
  }
}

/** A recognised operation without a handler yet: 400 so that no SDK retries it. */
export class NotImplementedException extends SsmError {
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
