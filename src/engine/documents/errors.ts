// Errors the document engine raises; the API layer maps each code to the modelled error of that name.

export type DocumentErrorCode =
  | 'InvalidDocumentContent'
  | 'InvalidDocumentSchemaVersion'
  | 'MaxDocumentSizeExceeded'
  | 'InvalidDocumentType';

export class DocumentError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export type ParameterIssueCode =
  | 'required'
  | 'undeclared'
  | 'type'
  | 'allowedValues'
  | 'allowedPattern'
  | 'minItems'
  | 'maxItems'
  | 'minChars'
  | 'maxChars'
  | 'unresolved';

export interface ParameterIssue {
  code: ParameterIssueCode;
  parameter: string;
  message: string;
}

/** Parameters that do not satisfy the document's declarations; engines map it to their own error type. */
export class InvalidParametersError extends Error {
  constructor(readonly issues: ParameterIssue[]) {
    super(issues.map((i) => i.message).join(' '));
    this.name = 'InvalidParameters';
  }
}
