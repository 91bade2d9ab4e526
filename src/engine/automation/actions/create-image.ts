// aws:createImage: CreateImage from a running or stopped instance, then waits until the image is available;
// outputs ImageId and ImageState (actions reference, "aws:createImage").
import {
  callEc2,
  failed,
  guarded,
  inputBool,
  inputString,
  requiredString,
} from '../../ec2/action-support.js';
import { ACTION_POLL_MS } from '../../ec2/limits.js';
import { ActionInputError, type ActionRunner } from './types.js';

const ACTION = 'aws:createImage';
const DOING = 'creating the image';

/** BlockDeviceMappings as the API takes them; the reference calls the input a Map, so {device: mapping} works too. */
function mappings(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).map(([DeviceName, m]) => ({
      DeviceName,
      ...(m as Record<string, unknown>),
    }));
  throw new ActionInputError(
    `Input BlockDeviceMappings of ${ACTION} must be a list of block device mappings.`,
  );
}

export const createImage: ActionRunner = guarded(async (ctx) => {
  const instanceId = requiredString(ctx, ACTION, 'InstanceId');
  const name = requiredString(ctx, ACTION, 'ImageName');
  const description = inputString(ctx, ACTION, 'ImageDescription');
  const noReboot = inputBool(ctx, ACTION, 'NoReboot');
  const blockDeviceMappings = mappings(ctx.inputs.BlockDeviceMappings);
  const created = await callEc2(
    ctx,
    'CreateImage',
    {
      InstanceId: instanceId,
      Name: name,
      ...(description !== undefined ? { Description: description } : {}),
      ...(noReboot !== undefined ? { NoReboot: noReboot } : {}),
      ...(blockDeviceMappings ? { BlockDeviceMappings: blockDeviceMappings } : {}),
    },
    DOING,
  );
  const imageId = created.ImageId as string;
  ctx.report({ ImageId: imageId, ImageState: 'pending' });
  for (;;) {
    const r = await callEc2(ctx, 'DescribeImages', { ImageIds: [imageId] }, DOING);
    const state = (r.Images as { State: string }[])[0]?.State ?? 'unknown';
    const outputs = { ImageId: imageId, ImageState: state };
    if (state === 'available') return { status: 'Success', outputs, payload: outputs };
    if (state !== 'pending')
      throw failed(`Image ${imageId} is in state ${state}; it will not become available`, DOING, outputs);
    await ctx.sleep(ACTION_POLL_MS);
  }
});
