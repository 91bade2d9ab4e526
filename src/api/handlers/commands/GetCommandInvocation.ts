import { defineHandler } from '../../protocol/handler.js';
import { InvalidPluginName, InvocationDoesNotExist } from '../../../model/generated/errors.js';
import { GET_INVOCATION_OUTPUT_LIMIT, type StoredPlugin } from '../../../engine/commands/index.js';

// Until the engine has created the invocation AWS answers InvocationDoesNotExist; the CommandExecuted waiter
// retries on it (waiters-2.json), so it is the answer for an unknown command too.
export default defineHandler('GetCommandInvocation', (input, ctx) => {
  const { commands } = ctx.services;
  const inv = commands.getInvocation(ctx, input.CommandId, input.InstanceId);
  if (!inv) throw new InvocationDoesNotExist('');
  const cmd = commands.getCommand(ctx, input.CommandId);
  let plugins: StoredPlugin[] = inv.plugins;
  if (input.PluginName !== undefined) {
    plugins = inv.plugins.filter((p) => p.name === input.PluginName);
    if (!plugins.length) throw new InvalidPluginName('');
  }
  const p = plugins[0];
  const stdout = plugins.map((x) => x.stdout).join('');
  const stderr = plugins.map((x) => x.stderr).join('');
  const failed = plugins.find((x) => x.responseCode !== 0) ?? plugins[plugins.length - 1];
  const start = plugins.find((x) => x.startMs !== undefined)?.startMs;
  const end = plugins.every((x) => x.endMs !== undefined)
    ? Math.max(...plugins.map((x) => x.endMs!))
    : undefined;
  return {
    CommandId: inv.commandId,
    InstanceId: inv.instanceId,
    Comment: inv.comment,
    DocumentName: inv.documentName,
    DocumentVersion: inv.documentVersion,
    PluginName: p?.name ?? '',
    ResponseCode: failed?.responseCode ?? -1,
    ExecutionStartDateTime: start !== undefined ? new Date(start).toISOString() : '',
    ExecutionElapsedTime:
      start !== undefined && end !== undefined ? `PT${((end - start) / 1000).toFixed(3)}S` : '',
    ExecutionEndDateTime: end !== undefined && start !== undefined ? new Date(end).toISOString() : '',
    Status: (input.PluginName !== undefined ? p.status : inv.status) as 'Pending',
    StatusDetails: input.PluginName !== undefined ? p.statusDetails : inv.statusDetails,
    StandardOutputContent: stdout.slice(0, GET_INVOCATION_OUTPUT_LIMIT),
    StandardOutputUrl: p?.standardOutputUrl ?? '',
    StandardErrorContent: stderr.slice(0, GET_INVOCATION_OUTPUT_LIMIT),
    StandardErrorUrl: p?.standardErrorUrl ?? '',
    CloudWatchOutputConfig: cmd?.cloudWatchOutputConfig ?? {
      CloudWatchLogGroupName: '',
      CloudWatchOutputEnabled: false,
    },
  };
});
