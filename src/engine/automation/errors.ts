// Errors the Automation engine raises before anything runs (or for a signal/stop it refuses); the API layer
// maps each code to the modelled error of that name.

export type AutomationErrorCode =
  | 'AutomationDefinitionNotFoundException'
  | 'AutomationDefinitionVersionNotFoundException'
  | 'AutomationDefinitionNotApprovedException'
  | 'InvalidAutomationExecutionParametersException'
  | 'AutomationExecutionLimitExceededException'
  | 'IdempotentParameterMismatch'
  | 'InvalidTarget'
  | 'AutomationExecutionNotFoundException'
  | 'AutomationStepNotFoundException'
  | 'InvalidAutomationSignalException'
  | 'InvalidAutomationStatusUpdateException';

export class AutomationRequestError extends Error {
  constructor(
    readonly code: AutomationErrorCode,
    message = '',
  ) {
    super(message);
    this.name = code;
  }
}
