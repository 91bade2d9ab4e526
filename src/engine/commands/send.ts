// SendCommand's part after prepareCommand: the checks against the fleet, the command record AWS answers
// with, one invocation per target, and the tag targets resolved in the background.
import { randomUUID } from 'node:crypto';
import {
  InvalidInstanceId,
  InvalidOutputFolder,
  UnsupportedPlatformType,
} from '../../model/generated/errors.js';
import type { SendCommandRequest } from '../../model/generated/types.js';
import type { Store } from '../../store/index.js';
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_MAX_ERRORS, DEFAULT_TIMEOUT_SECONDS } from './limits.js';
import { outputKey } from './output.js';
import type { PreparedCommand } from './prepare.js';
import type { CommandFleet, Scope } from './run.js';
import type { StoredCommand, StoredInvocation, StoredPlugin } from './types.js';

// S3 bucket naming rules: 3-63 characters, lower case, digits, dots and hyphens.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** What the fleet must allow before anything is created; throws AWS's error otherwise. */
export function checkTargets(
  fleet: CommandFleet,
  scope: Scope,
  input: SendCommandRequest,
  prepared: PreparedCommand,
): void {
  if (input.OutputS3BucketName !== undefined && !BUCKET_NAME.test(input.OutputS3BucketName))
    throw new InvalidOutputFolder('');
  // Instance ids given directly must be managed nodes of the caller (aws-samples/eks-security-...#12 capture).
  const unknown = prepared.instanceIds.filter((id) => !fleet.node({ ...scope, instanceId: id }));
  if (unknown.length)
    throw new InvalidInstanceId(
      `Instances [[${unknown.join(', ')}]] not in a valid state for account ${scope.account}`,
    );
  for (const id of prepared.instanceIds) {
    const node = fleet.node({ ...scope, instanceId: id })!;
    if (prepared.platformTypes.length && !prepared.platformTypes.includes(node.platformType))
      throw new UnsupportedPlatformType(
        `Cannot perform operation for instance id ${id} of platform type ${node.platformType}`,
      );
  }
}

/** The command as SendCommand answers it: Pending, with AWS's defaults filled in. */
export function newCommand(
  scope: Scope,
  input: SendCommandRequest,
  prepared: PreparedCommand,
  nowMs: number,
): StoredCommand {
  const timeoutSeconds = input.TimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    account: scope.account,
    region: scope.region,
    commandId: randomUUID(),
    documentName: input.DocumentName,
    documentVersion: input.DocumentVersion ?? '',
    comment: input.Comment ?? '',
    requestedMs: nowMs,
    expiresAfterMs: nowMs + (timeoutSeconds + prepared.executionTimeoutSeconds) * 1000,
    parameters: input.Parameters ?? {},
    instanceIds: prepared.instanceIds,
    targets: prepared.targets,
    status: 'Pending',
    statusDetails: 'Pending',
    outputS3Region: input.OutputS3Region ?? scope.region,
    outputS3BucketName: input.OutputS3BucketName ?? '',
    outputS3KeyPrefix: input.OutputS3KeyPrefix ?? '',
    maxConcurrency: input.MaxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    maxErrors: input.MaxErrors ?? DEFAULT_MAX_ERRORS,
    targetCount: prepared.instanceIds.length,
    completedCount: 0,
    errorCount: 0,
    deliveryTimedOutCount: 0,
    serviceRole: input.ServiceRoleArn ?? '',
    notificationConfig: {
      NotificationArn: input.NotificationConfig?.NotificationArn ?? '',
      NotificationEvents: input.NotificationConfig?.NotificationEvents ?? [],
      NotificationType: input.NotificationConfig?.NotificationType ?? '',
    },
    cloudWatchOutputConfig: {
      CloudWatchLogGroupName: input.CloudWatchOutputConfig?.CloudWatchLogGroupName ?? '',
      CloudWatchOutputEnabled: input.CloudWatchOutputConfig?.CloudWatchOutputEnabled ?? false,
    },
    timeoutSeconds,
    ...(input.AlarmConfiguration ? { alarmConfiguration: input.AlarmConfiguration } : {}),
  };
}

/** One target's invocation, Pending, with a Pending plugin per step. */
export function newInvocation(
  cmd: StoredCommand,
  prepared: PreparedCommand,
  instanceId: string,
  instanceName: string,
): StoredInvocation {
  const plugins: StoredPlugin[] = prepared.steps.map((st, i) => ({
    name: st.name,
    status: 'Pending',
    statusDetails: 'Pending',
    responseCode: -1,
    stdout: '',
    stderr: '',
    outputS3KeyPrefix: cmd.outputS3BucketName
      ? outputKey(cmd.outputS3KeyPrefix, cmd.commandId, instanceId, prepared.outputDirs[i].plugin)
      : '',
    standardOutputUrl: '',
    standardErrorUrl: '',
  }));
  return {
    account: cmd.account,
    region: cmd.region,
    commandId: cmd.commandId,
    instanceId,
    instanceName,
    documentName: cmd.documentName,
    documentVersion: cmd.documentVersion,
    comment: cmd.comment,
    requestedMs: cmd.requestedMs,
    status: 'Pending',
    statusDetails: 'Pending',
    plugins,
  };
}

/** The nodes a command's Targets name now (instance ids, tags, tag keys, resource groups), in order. */
export function resolveTargets(store: Store, nowMs: number, cmd: StoredCommand): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  };
  const conditions: { tagKeys: string[]; values?: string[] }[] = [];
  let ids: string[] | undefined;
  for (const t of cmd.targets) {
    if (/^instanceids$/i.test(t.Key)) ids = t.Values;
    else if (t.Key.startsWith('tag:')) conditions.push({ tagKeys: [t.Key.slice(4)], values: t.Values });
    else if (t.Key === 'tag-key') conditions.push({ tagKeys: t.Values });
    else if (t.Key === 'resource-groups:Name')
      // Nodes carry group membership as the tag `resource-groups:Name` (no Resource Groups service here).
      conditions.push({ tagKeys: ['resource-groups:Name'], values: t.Values });
    else if (t.Key === 'resource-groups:ResourceTypeFilters') continue;
  }
  if (ids) {
    for (const id of ids)
      if (store.nodes.get(cmd.account, cmd.region, id) && conditions.length === 0) add(id);
    if (conditions.length === 0) return out;
  }
  let after: string | undefined;
  for (;;) {
    const page = store.nodes.list(
      cmd.account,
      cmd.region,
      { conditions, nowMs, lostAfterMs: Number.MAX_SAFE_INTEGER },
      1000,
      after,
    );
    for (const n of page.items) if (!ids || ids.includes(n.instanceId)) add(n.instanceId);
    if (!page.nextToken || !page.items.length) break;
    after = page.items[page.items.length - 1].instanceId;
  }
  return out;
}
