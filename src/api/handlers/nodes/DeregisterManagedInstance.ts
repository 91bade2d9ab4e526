import { defineHandler } from '../../protocol/handler.js';
import { InvalidInstanceId } from '../../../model/generated/errors.js';

export default defineHandler('DeregisterManagedInstance', (input, ctx) => {
  const ref = { account: ctx.account, region: ctx.region, instanceId: input.InstanceId };
  const { fleet } = ctx.services;
  // The agent of a deregistered node is told so and cut off, as AWS refuses its next call.
  fleet.send(ref, {
    type: 'error',
    code: 'InvalidInstanceId',
    message: `Not existing InstanceId ${input.InstanceId}`,
  });
  if (!fleet.removeNode(ref))
    throw new InvalidInstanceId('').because(
      `no managed node ${input.InstanceId} in ${ctx.account}/${ctx.region}`,
    );
  return {};
});
