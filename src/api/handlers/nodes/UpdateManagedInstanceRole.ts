import { defineHandler } from '../../protocol/handler.js';
import { InvalidInstanceId } from '../../../model/generated/errors.js';

export default defineHandler('UpdateManagedInstanceRole', (input, ctx) => {
  const { fleet } = ctx.services;
  const node = fleet.node({ account: ctx.account, region: ctx.region, instanceId: input.InstanceId });
  if (!node)
    throw new InvalidInstanceId('').because(
      `no managed node ${input.InstanceId} in ${ctx.account}/${ctx.region}`,
    );
  fleet.updateNode({ ...node, iamRole: input.IamRole });
  return {};
});
