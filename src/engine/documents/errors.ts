// Parameters that do not satisfy a document's declarations: the one InvalidParameters error, with every issue
// found, so that each operation can word it as AWS does (SendCommand, StartAutomationExecution, StartSession).
import { InvalidParameters } from '../../model/generated/errors.js';

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

/** InvalidParameters naming every issue; its message is all of them, in order. */
export class InvalidParametersError extends InvalidParameters {
  constructor(readonly issues: ParameterIssue[]) {
    super(issues.map((i) => i.message).join(' '));
  }
}
