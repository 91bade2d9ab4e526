// The errors maintenance window operations return, in AWS's words where AWS's text is known (source beside
// each); the dispatcher maps these generated error classes to the wire once.
import {
  DoesNotExistException,
  FeatureNotAvailableException,
  IdempotentParameterMismatch,
  InvalidNextToken,
  ResourceLimitExceededException,
  TargetInUseException,
  ValidationException,
} from '../../model/generated/errors.js';
import { MAX_TARGETS_PER_WINDOW, MAX_TASKS_PER_WINDOW, MAX_WINDOWS_PER_ACCOUNT } from './limits.js';

export const mwErrors = {
  // AWS's text (issue 15; CloudTrail capture in aws-samples/aws-security-reference-architecture-examples#288).
  windowNotFound: (windowId: string) =>
    new DoesNotExistException(`Maintenance window ${windowId} does not exist`),
  // Ours, in the window's wording: AWS's text for a missing target or task is not published.
  targetNotFound: (windowTargetId: string) =>
    new DoesNotExistException(`Maintenance window target ${windowTargetId} does not exist`),
  taskNotFound: (windowTaskId: string) =>
    new DoesNotExistException(`Maintenance window task ${windowTaskId} does not exist`),
  executionNotFound: (id: string) =>
    new DoesNotExistException(`Maintenance window execution ${id} does not exist`),
  taskExecutionNotFound: (id: string) =>
    new DoesNotExistException(`Maintenance window execution task ${id} does not exist`),
  invocationNotFound: (id: string) =>
    new DoesNotExistException(`Maintenance window execution task invocation ${id} does not exist`),
  // AWS's IdempotentParameterMismatch wording for ClientToken reuse (as StartAutomationExecution words it).
  tokenReused: (operation: string) =>
    new IdempotentParameterMismatch(
      `Error occurred during operation ${operation}. ClientToken is already used with different parameters.`,
    ),
  // Ours, naming the quota (General Reference, Systems Manager service quotas).
  tooManyWindows: () =>
    new ResourceLimitExceededException(
      `Maintenance window limit exceeded: an account can have at most ${MAX_WINDOWS_PER_ACCOUNT} maintenance windows.`,
    ),
  tooManyTargets: (windowId: string) =>
    new ResourceLimitExceededException(
      `Maintenance window target limit exceeded: window ${windowId} can have at most ${MAX_TARGETS_PER_WINDOW} targets.`,
    ),
  tooManyTasks: (windowId: string) =>
    new ResourceLimitExceededException(
      `Maintenance window task limit exceeded: window ${windowId} can have at most ${MAX_TASKS_PER_WINDOW} tasks.`,
    ),
  // AWS's text, typo included (CloudFormation error quoted in awsdocs/aws-cloudformation-user-guide#891).
  cutoffNotBelowDuration: (cutoff: number, duration: number) =>
    new ValidationException(`Cuttoff was ${cutoff} but must be smaller than ${duration} (Duration - 1 )`),
  // AWS's texts (terraform-provider-aws#19396): both are reported together when both are given.
  targetlessRates: (maxConcurrency: boolean, maxErrors: boolean) =>
    new ValidationException(
      [
        maxErrors ? 'Maintenance window tasks without targets do not support MaxErrors values.' : '',
        maxConcurrency
          ? 'Maintenance window tasks without targets do not support MaxConcurrency values.'
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    ),
  // Ours, from the UG: "One or more targets must be specified for maintenance window Run Command-type tasks."
  runCommandNeedsTargets: () =>
    new ValidationException(
      'One or more targets must be specified for maintenance window Run Command-type tasks.',
    ),
  // AWS's text for an empty target value (terraform-aws-ssm-patch-management#14).
  emptyTargetValues: (key: string) =>
    new ValidationException(
      `Please specify at least one target.  Filter values can't be null and ${key} is.`,
    ),
  // Ours: the target keys RegisterTargetWithMaintenanceWindow accepts (API reference, Targets).
  badTargetKey: (key: string, resourceType: string) =>
    new ValidationException(`Target key ${key} is not supported for resource type ${resourceType}.`),
  // Ours: a task names window targets that are not registered with the window.
  unknownWindowTarget: (windowTargetId: string, windowId: string) =>
    new ValidationException(
      `Window target ${windowTargetId} is not registered with maintenance window ${windowId}.`,
    ),
  // Ours, from CreateMaintenanceWindow's AllowUnassociatedTargets documentation.
  unassociatedTargets: (windowId: string) =>
    new ValidationException(
      `Maintenance window ${windowId} does not allow unassociated targets: register the targets with the window and specify them by WindowTargetIds.`,
    ),
  // Ours: the model types MaxConcurrency / MaxErrors as text; these are the forms Run Command accepts.
  tooManyTaskTargets: () =>
    new ValidationException(
      'A maintenance window task can specify at most 10 targets (Targets per task quota).',
    ),
  // Ours: the invocation parameters of one task type on a task of another.
  wrongInvocationParameters: (taskType: string, given: string) =>
    new ValidationException(
      `TaskInvocationParameters.${given} cannot be used with a task of type ${taskType}.`,
    ),
  // Ours: StartDate / EndDate are ISO-8601 (API reference).
  badDate: (member: string, value: string) =>
    new ValidationException(`${member} ${value} is not a valid ISO-8601 date and time.`),
  // Ours, from the API reference on EndDate ("a date and time in the future").
  endBeforeStart: () => new ValidationException('EndDate must be later than StartDate.'),
  endInPast: () => new ValidationException('EndDate must be in the future.'),
  // AWS's TargetInUseException says the target is used by a task (model documentation of the error).
  targetInUse: (windowTargetId: string) =>
    new TargetInUseException(
      `Window target ${windowTargetId} is referenced by a task of the maintenance window and cannot be deregistered while Safe is true.`,
    ),
  // Ours: AWS answers FeatureNotAvailableException for task types it does not offer in a Region (model docs).
  featureNotAvailable: (taskType: string) =>
    new FeatureNotAvailableException(`Task type ${taskType} is not available.`),
  badToken: () => new InvalidNextToken('The specified token is not valid.'),
  // Ours: DescribeMaintenanceWindowSchedule needs a window or targets (API reference).
  scheduleNeedsSubject: () =>
    new ValidationException('Specify either WindowId or Targets with ResourceType, but not both.'),
  badFilter: (key: string, allowed: string[]) =>
    new ValidationException(`Filter key ${key} is not supported. Supported keys: ${allowed.join(', ')}.`),
  badFilterValue: (key: string, value: string) =>
    new ValidationException(`Filter value ${value} is not valid for key ${key}.`),
};
