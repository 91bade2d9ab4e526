// Errors the Parameter Store engine raises; the API layer maps each code to the modelled error of that name.

export type ParameterErrorCode =
  | 'ValidationException'
  | 'AccessDeniedException'
  | 'HierarchyLevelLimitExceededException'
  | 'InvalidKeyId'
  | 'InvalidPolicyAttributeException'
  | 'InvalidPolicyTypeException'
  | 'IncompatiblePolicyException'
  | 'PoliciesLimitExceededException';

export class ParameterError extends Error {
  constructor(
    readonly code: ParameterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}
