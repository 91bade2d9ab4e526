// API views of stored commands and invocations, and the list filters.
import type {
  Command,
  CommandFilter,
  CommandInvocation,
  CommandPlugin,
} from '../../../model/generated/types.js';
import * as E from '../../../model/generated/errors.js';
import { DETAILS_OUTPUT_LIMIT } from '../../../engine/commands/index.js';
import type { StoredCommand, StoredInvocation, StoredPlugin } from '../../../engine/commands/index.js';
import type { CommandQuery } from '../../../store/repositories/commands.js';

export function toCommand(c: StoredCommand): Command {
  return {
    CommandId: c.commandId,
    DocumentName: c.documentName,
    DocumentVersion: c.documentVersion,
    Comment: c.comment,
    ExpiresAfter: new Date(c.expiresAfterMs),
    Parameters: c.parameters,
    InstanceIds: c.instanceIds,
    Targets: c.targets,
    RequestedDateTime: new Date(c.requestedMs),
    Status: c.status,
    StatusDetails: c.statusDetails,
    OutputS3Region: c.outputS3Region,
    OutputS3BucketName: c.outputS3BucketName,
    OutputS3KeyPrefix: c.outputS3KeyPrefix,
    MaxConcurrency: c.maxConcurrency,
    MaxErrors: c.maxErrors,
    TargetCount: c.targetCount,
    CompletedCount: c.completedCount,
    ErrorCount: c.errorCount,
    DeliveryTimedOutCount: c.deliveryTimedOutCount,
    ServiceRole: c.serviceRole,
    NotificationConfig: c.notificationConfig as Command['NotificationConfig'],
    CloudWatchOutputConfig: c.cloudWatchOutputConfig,
    TimeoutSeconds: c.timeoutSeconds,
    AlarmConfiguration: c.alarmConfiguration ?? { IgnorePollAlarmFailure: false, Alarms: [] },
    TriggeredAlarms: [],
  };
}

export function toInvocation(
  c: StoredCommand | undefined,
  i: StoredInvocation,
  details: boolean,
): CommandInvocation {
  const first = i.plugins[0];
  return {
    CommandId: i.commandId,
    InstanceId: i.instanceId,
    InstanceName: i.instanceName,
    Comment: i.comment,
    DocumentName: i.documentName,
    DocumentVersion: i.documentVersion,
    RequestedDateTime: new Date(i.requestedMs),
    Status: i.status,
    StatusDetails: i.statusDetails,
    TraceOutput: '',
    StandardOutputUrl: first?.standardOutputUrl ?? '',
    StandardErrorUrl: first?.standardErrorUrl ?? '',
    CommandPlugins: details ? i.plugins.map((p) => toPlugin(c, p)) : [],
    ServiceRole: c?.serviceRole ?? '',
    NotificationConfig: (c?.notificationConfig ?? {
      NotificationArn: '',
      NotificationEvents: [],
      NotificationType: '',
    }) as CommandInvocation['NotificationConfig'],
    CloudWatchOutputConfig: c?.cloudWatchOutputConfig ?? {
      CloudWatchLogGroupName: '',
      CloudWatchOutputEnabled: false,
    },
  };
}

function toPlugin(c: StoredCommand | undefined, p: StoredPlugin): CommandPlugin {
  return {
    Name: p.name,
    Status: p.status,
    StatusDetails: p.statusDetails,
    ResponseCode: p.responseCode,
    ...(p.startMs !== undefined ? { ResponseStartDateTime: new Date(p.startMs) } : {}),
    ...(p.endMs !== undefined ? { ResponseFinishDateTime: new Date(p.endMs) } : {}),
    Output: detailsOutput(p),
    StandardOutputUrl: p.standardOutputUrl,
    StandardErrorUrl: p.standardErrorUrl,
    OutputS3Region: c?.outputS3Region ?? '',
    OutputS3BucketName: c?.outputS3BucketName ?? '',
    OutputS3KeyPrefix: p.outputS3KeyPrefix,
  };
}

/** SSM Agent: stdout, then stderr after an ----------ERROR------- line; cut to the first 2,500 characters. */
export function detailsOutput(p: StoredPlugin): string {
  const full = p.stderr ? `${p.stdout}\n----------ERROR-------\n${p.stderr}` : p.stdout;
  return full.length > DETAILS_OUTPUT_LIMIT ? full.slice(0, DETAILS_OUTPUT_LIMIT) : full;
}

const STATUSES = [
  'Pending',
  'InProgress',
  'Delayed',
  'Success',
  'Cancelled',
  'TimedOut',
  'Failed',
  'Cancelling',
];

/** ListCommands / ListCommandInvocations filters; a bad value is InvalidFilterKey (the only filter error modelled). */
export function queryOf(input: {
  CommandId?: string;
  InstanceId?: string;
  Filters?: CommandFilter[];
}): CommandQuery {
  const q: CommandQuery = { commandId: input.CommandId, instanceId: input.InstanceId };
  for (const f of input.Filters ?? []) {
    switch (f.key) {
      case 'InvokedAfter':
      case 'InvokedBefore': {
        const ms = Date.parse(f.value);
        if (!Number.isFinite(ms)) throw new E.InvalidFilterKey('');
        if (f.key === 'InvokedAfter') q.afterMs = ms;
        else q.beforeMs = ms;
        break;
      }
      case 'Status':
        if (!STATUSES.includes(f.value)) throw new E.InvalidFilterKey('');
        q.statuses = [f.value];
        break;
      case 'ExecutionStage':
        // CommandFilter API reference: Executing = not finished, Complete = terminal.
        if (f.value === 'Executing') q.statuses = ['Pending', 'InProgress', 'Delayed', 'Cancelling'];
        else if (f.value === 'Complete') q.statuses = ['Success', 'Cancelled', 'TimedOut', 'Failed'];
        else throw new E.InvalidFilterKey('');
        break;
      case 'DocumentName':
        q.documentName = f.value;
        break;
      default:
        throw new E.InvalidFilterKey('');
    }
  }
  return q;
}
