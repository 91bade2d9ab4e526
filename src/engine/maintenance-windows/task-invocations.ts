// One invocation of a task: a real command (RUN_COMMAND) or automation execution (AUTOMATION) started through
// those engines' public methods, and its outcome in maintenance window statuses. A Run Command invocation is
// one command over a window target's nodes with the task's MaxConcurrency / MaxErrors (AWS's Parameters text
// lists "instanceIds", "maxConcurrency", "maxErrors"; RESOURCE_ID and TARGET_ID "can't be used with Run
// Command tasks", UG "About pseudo parameters"). The emulator goes one step further: a Run Command task whose
// parameters name {{RESOURCE_ID}} or {{TARGET_ID}} gets one command per node, so that those values reach it.
// LAMBDA and STEP_FUNCTIONS tasks are stored and listed, but there is no Lambda or Step Functions service in
// the emulator: their invocations fail at once with a StatusDetails that says so (docs/maintenance-windows.md).
import type { CommandEngine } from '../commands/engine.js';
import type { SendCommandRequest } from '../../model/generated/types.js';
import type { AutomationEngine } from '../automation/engine.js';
import type { StoredWindowTask } from '../../store/repositories/maintenance-windows.js';
import type { WindowExecutionStatus } from '../../store/repositories/window-executions.js';
import { substitute, substituteMap, type PseudoValues } from './pseudo.js';
import type { TaskTarget } from './targets.js';

export interface InvocationOutcome {
  status: WindowExecutionStatus;
  statusDetails?: string;
  /** The command or automation could not be started (bad document, parameters, node): details say why. */
  notStarted?: boolean;
}

export interface StartedInvocation {
  /** Command id or automation execution id. */
  executionId?: string;
  /** What GetMaintenanceWindowExecutionTaskInvocation returns as Parameters (JSON text). */
  parameters: string;
  /** This invocation's entry in GetMaintenanceWindowExecutionTask's TaskParameters. */
  taskParameters: Record<string, { Values: string[] }>;
  outcome: Promise<InvocationOutcome>;
  /** Asks the underlying command or automation to stop (CANCEL_TASK at the cutoff). */
  cancel(): void;
}

export interface InvocationEngines {
  commands: CommandEngine;
  automation: AutomationEngine;
}

type Scope = { account: string; region: string };

/** The service-linked role Systems Manager uses when a task names no service role (RegisterTask API reference). */
export const serviceLinkedRole = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM`;

/** Whether a Run Command task needs a command per node (it names a per-node pseudo parameter). */
export function commandPerNode(task: StoredWindowTask): boolean {
  const text = JSON.stringify([task.taskParameters, task.invocationParameters?.RunCommand]);
  return /\{\{\s*(RESOURCE_ID|TARGET_ID)\s*\}\}/.test(text);
}

/** Starts one invocation on `unit`: the nodes of one command, one resource, or none (a task without targets). */
export function startInvocation(
  engines: InvocationEngines,
  scope: Scope,
  task: StoredWindowTask,
  unit: TaskTarget[],
  pseudo: PseudoValues,
): StartedInvocation {
  switch (task.taskType) {
    case 'RUN_COMMAND':
      return runCommand(engines.commands, scope, task, unit, pseudo);
    case 'AUTOMATION':
      return runAutomation(engines.automation, scope, task, pseudo);
    default:
      return unavailable(task, pseudo);
  }
}

function runCommand(
  commands: CommandEngine,
  scope: Scope,
  task: StoredWindowTask,
  unit: TaskTarget[],
  pseudo: PseudoValues,
): StartedInvocation {
  const instanceIds = unit.map((t) => t.resourceId);
  const rc = (task.invocationParameters?.RunCommand ?? {}) as Omit<SendCommandRequest, 'DocumentName'>;
  // TaskParameters is the deprecated form of RunCommand.Parameters; the newer one wins on a clash.
  const legacy = Object.fromEntries(
    Object.entries(task.taskParameters ?? {}).map(([k, v]) => [k, v.Values ?? []]),
  );
  const parameters = substituteMap({ ...legacy, ...rc.Parameters }, pseudo) ?? {};
  const maxConcurrency = task.maxConcurrency ?? '1';
  const maxErrors = task.maxErrors ?? '1';
  const req: SendCommandRequest = {
    ...rc,
    DocumentName: task.taskArn,
    InstanceIds: instanceIds,
    Parameters: parameters,
    Comment: rc.Comment === undefined ? undefined : substitute(rc.Comment, pseudo),
    ServiceRoleArn: rc.ServiceRoleArn,
    MaxConcurrency: maxConcurrency,
    MaxErrors: maxErrors,
  };
  // The shape of AWS's Parameters text (UG "View information about tasks and task executions").
  const text = JSON.stringify(
    dropUndefined({
      comment: req.Comment,
      documentName: task.taskArn,
      documentVersion: rc.DocumentVersion,
      instanceIds,
      maxConcurrency,
      maxErrors,
      outputS3BucketName: rc.OutputS3BucketName,
      outputS3KeyPrefix: rc.OutputS3KeyPrefix,
      parameters,
      serviceRoleArn: rc.ServiceRoleArn,
      timeoutSeconds: rc.TimeoutSeconds,
    }),
  );
  const taskParameters = {
    'aws:InstanceId': { Values: instanceIds },
    ...Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { Values: v }])),
  };
  let commandId: string;
  try {
    commandId = commands.send(scope, req).commandId;
  } catch (err) {
    return failed(text, taskParameters, err);
  }
  return {
    executionId: commandId,
    parameters: text,
    taskParameters,
    outcome: commands.whenFinished(scope, commandId).then((cmd) => ({
      status: fromCommandStatus(cmd.status),
      statusDetails: cmd.statusDetails,
    })),
    cancel: () => void commands.cancel(scope, commandId),
  };
}

function runAutomation(
  automation: AutomationEngine,
  scope: Scope,
  task: StoredWindowTask,
  pseudo: PseudoValues,
): StartedInvocation {
  const a = (task.invocationParameters?.Automation ?? {}) as {
    DocumentVersion?: string;
    Parameters?: Record<string, string[]>;
  };
  const parameters = substituteMap(a.Parameters, pseudo);
  const text = JSON.stringify(
    dropUndefined({ documentName: task.taskArn, documentVersion: a.DocumentVersion, parameters }),
  );
  const taskParameters = Object.fromEntries(
    Object.entries(parameters ?? {}).map(([k, v]) => [k, { Values: v }]),
  );
  let executionId: string;
  try {
    executionId = automation.startExecution(scope, task.serviceRoleArn ?? serviceLinkedRole(scope.account), {
      DocumentName: task.taskArn,
      DocumentVersion: a.DocumentVersion,
      Parameters: parameters,
    });
  } catch (err) {
    return failed(text, taskParameters, err);
  }
  return {
    executionId,
    parameters: text,
    taskParameters,
    outcome: automation.whenFinished(scope, executionId).then((e) => ({
      status: fromAutomationStatus(e.status),
      statusDetails: e.failureMessage ?? e.status,
    })),
    cancel: () => {
      try {
        automation.stopExecution(scope, executionId, 'Cancel');
      } catch {
        // already finished: nothing to stop
      }
    },
  };
}

function unavailable(task: StoredWindowTask, pseudo: PseudoValues): StartedInvocation {
  const service = task.taskType === 'LAMBDA' ? 'AWS Lambda' : 'AWS Step Functions';
  const p = (task.invocationParameters?.[task.taskType === 'LAMBDA' ? 'Lambda' : 'StepFunctions'] ??
    {}) as Record<string, unknown>;
  const text = JSON.stringify(
    Object.fromEntries(
      Object.entries({ ...p, taskArn: task.taskArn }).map(([k, v]) => [
        k,
        typeof v === 'string' ? substitute(v, pseudo) : v,
      ]),
    ),
  );
  return {
    parameters: text,
    taskParameters: {},
    outcome: Promise.resolve({
      status: 'FAILED',
      statusDetails: `${task.taskType} tasks cannot run in ssm-emulator: there is no ${service} service to invoke ${task.taskArn}.`,
    }),
    cancel: () => undefined,
  };
}

function failed(
  text: string,
  taskParameters: Record<string, { Values: string[] }>,
  err: unknown,
): StartedInvocation {
  const e = err as { message?: string; name?: string };
  return {
    parameters: text,
    taskParameters,
    outcome: Promise.resolve({
      status: 'FAILED',
      statusDetails: e.message || e.name || String(err),
      notStarted: true,
    }),
    cancel: () => undefined,
  };
}

function fromCommandStatus(status: string): WindowExecutionStatus {
  switch (status) {
    case 'Success':
      return 'SUCCESS';
    case 'TimedOut':
      return 'TIMED_OUT';
    case 'Cancelled':
      return 'CANCELLED';
    default:
      return 'FAILED';
  }
}

function fromAutomationStatus(status: string): WindowExecutionStatus {
  switch (status) {
    case 'Success':
    case 'CompletedWithSuccess':
      return 'SUCCESS';
    case 'TimedOut':
      return 'TIMED_OUT';
    case 'Cancelled':
      return 'CANCELLED';
    default:
      return 'FAILED';
  }
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
