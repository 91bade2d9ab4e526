// aws:deleteImage: deregisters an image and deletes its snapshots (actions reference, "aws:deleteImage").
import { callEc2, guarded, requiredString } from '../../ec2/action-support.js';
import type { ActionRunner } from './types.js';

const ACTION = 'aws:deleteImage';
const DOING = 'deleting the image';

export const deleteImage: ActionRunner = guarded(async (ctx) => {
  const imageId = requiredString(ctx, ACTION, 'ImageId');
  const described = await callEc2(ctx, 'DescribeImages', { ImageIds: [imageId] }, DOING);
  const image = (described.Images as { BlockDeviceMappings?: { Ebs?: { SnapshotId?: string } }[] }[])[0];
  const snapshots = (image?.BlockDeviceMappings ?? [])
    .map((b) => b.Ebs?.SnapshotId)
    .filter((s): s is string => typeof s === 'string');
  await callEc2(ctx, 'DeregisterImage', { ImageId: imageId }, DOING);
  for (const snapshotId of snapshots) await callEc2(ctx, 'DeleteSnapshot', { SnapshotId: snapshotId }, DOING);
  return { status: 'Success' };
});
