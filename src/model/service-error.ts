// The one error type of the service: engines and handlers throw it (a generated subclass, named as the model
// names the error shape, with AWS's message); the dispatcher maps it to the wire once.

export class ServiceError extends Error {
  /** Why, for the debug log (never sent): AWS sends some errors with no message at all. */
  reason: string | undefined;

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

  /** Says why for the debug log, where AWS's message is empty; returns the error, to throw it. */
  because(reason: string): this {
    this.reason = reason;
    return this;
  }

  /** A client's mistake (4xx): logged at debug level at most, never with a stack. */
  get isClientError(): boolean {
    return this.statusCode < 500;
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { __type: this.type };
    // AWS sends some errors with no message at all (ParameterNotFound, malformed JSON): empty means absent.
    if (this.message) body[this.messageKey ?? 'message'] = this.message;
    for (const [k, v] of Object.entries(this.fields)) if (v !== undefined && v !== null) body[k] = v;
    return body;
  }
}
