import { defineHandler } from '../../protocol/handler.js';
import { InvalidCommandId } from '../../../model/generated/errors.js';

// AWS: cancelling a finished command is accepted and changes nothing; an unknown id is InvalidCommandId.
export default defineHandler('CancelCommand', (input, ctx) => {
  if (!ctx.services.commands.cancel(ctx, input.CommandId, input.InstanceIds))
    throw new InvalidCommandId('').because(`no command ${input.CommandId} in ${ctx.account}/${ctx.region}`);
  return {};
});
