// Errors SendCommand / CancelCommand raise before anything is created; the API maps each code to its modelled error.

export type CommandErrorCode =
  | 'InvalidDocument'
  | 'InvalidDocumentVersion'
  | 'InvalidParameters'
  | 'InvalidInstanceId'
  | 'DuplicateInstanceId'
  | 'UnsupportedPlatformType'
  | 'InvalidOutputFolder'
  | 'InvalidCommandId'
  | 'InvalidRole'
  | 'InvalidNotificationConfig';

export class CommandRequestError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    message = '',
  ) {
    super(message);
    this.name = code;
  }
}
