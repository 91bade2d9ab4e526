// aws:runCommand: a real SendCommand through the Run Command engine; the step waits for the command's final
// status (actions reference, "aws:runCommand": outputs CommandId, Status, ResponseCode, Output).
import { ServiceError } from '../../../model/service-error.js';
import type { SendCommandRequest } from '../../../model/generated/types.js';
import { RUN_COMMAND_OUTPUT_LIMIT } from '../limits.js';
import { toParameterMap } from '../values.js';
import { ActionInputError, type ActionRunner } from './types.js';

const PASSED = [
  'DocumentName',
  'DocumentVersion',
  'DocumentHash',
  'DocumentHashType',
  'InstanceIds',
  'Targets',
  'Comment',
  'TimeoutSeconds',
  'OutputS3BucketName',
  'OutputS3KeyPrefix',
  'OutputS3Region',
  'MaxConcurrency',
  'MaxErrors',
  'ServiceRoleArn',
  'NotificationConfig',
  'CloudWatchOutputConfig',
] as const;

export const runCommand: ActionRunner = async (ctx) => {
  const { commands } = ctx.services;
  const request = toRequest(ctx.inputs);
  let commandId: string;
  try {
    commandId = commands.send(ctx.scope, request).commandId;
  } catch (err) {
    if (err instanceof ServiceError)
      return {
        status: 'Failed',
        failure: {
          type: 'Verification',
          message:
            `An error occurred (${err.type}) when calling the SendCommand operation: ${err.message}`.trim(),
        },
      };
    throw err;
  }
  ctx.report({ CommandId: commandId });
  const onAbort = () => commands.cancel(ctx.scope, commandId);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const cmd = await commands.whenFinished(ctx.scope, commandId);
    const first = cmd.instanceIds[0]
      ? commands.getInvocation(ctx.scope, commandId, cmd.instanceIds[0])
      : undefined;
    const plugins = first?.plugins ?? [];
    const output = plugins.map((p) => p.stdout + p.stderr).join('');
    const last = plugins[plugins.length - 1];
    const outputs: Record<string, unknown> = { CommandId: commandId, Status: cmd.status };
    if (last) outputs.ResponseCode = last.responseCode;
    if (cmd.instanceIds.length === 1) outputs.Output = output.slice(0, RUN_COMMAND_OUTPUT_LIMIT);
    if (cmd.status === 'Success') return { status: 'Success', outputs };
    // The real text (EC2 Image Builder's example of a failed runbook) lists the outputs Java-map style.
    const payload = JSON.stringify({
      Status: cmd.status,
      ResponseCode: outputs.ResponseCode,
      Output: output,
      CommandId: commandId,
    });
    return {
      status: cmd.status === 'TimedOut' ? 'TimedOut' : cmd.status === 'Cancelled' ? 'Cancelled' : 'Failed',
      failure: {
        type: 'Execution',
        message: `Command ${commandId} returns unexpected invocation result: \n{Status=[${cmd.status}], ResponseCode=[${String(outputs.ResponseCode ?? '')}], Output=[${output}], OutputPayload=[${payload}], CommandId=[${commandId}]}`,
      },
      outputs,
    };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
};

function toRequest(inputs: Record<string, unknown>): SendCommandRequest {
  if (typeof inputs.DocumentName !== 'string' || !inputs.DocumentName)
    throw new ActionInputError('aws:runCommand needs a DocumentName.');
  const out: Record<string, unknown> = {};
  for (const k of PASSED) if (inputs[k] !== undefined) out[k] = inputs[k];
  if (typeof out.InstanceIds === 'string') out.InstanceIds = [out.InstanceIds];
  if (typeof out.TimeoutSeconds === 'string') out.TimeoutSeconds = Number(out.TimeoutSeconds);
  if (inputs.Parameters !== undefined) {
    if (
      typeof inputs.Parameters !== 'object' ||
      inputs.Parameters === null ||
      Array.isArray(inputs.Parameters)
    )
      throw new ActionInputError('Parameters of aws:runCommand must be a map of parameter names to values.');
    out.Parameters = toParameterMap(inputs.Parameters as Record<string, unknown>);
  }
  return out as unknown as SendCommandRequest;
}
