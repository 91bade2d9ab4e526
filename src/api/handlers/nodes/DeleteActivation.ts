import { defineHandler } from '../../protocol/handler.js';
import { InvalidActivation } from '../../../model/generated/errors.js';

export default defineHandler('DeleteActivation', (input, ctx) => {
  // Nodes registered with it stay registered (AWS: deleting an activation doesn't deregister its nodes).
  if (!ctx.services.store.nodes.activations.delete(ctx.account, ctx.region, input.ActivationId)) {
    // The model's description of InvalidActivation: deleted, or unknown to this account.
    throw new InvalidActivation(
      "The activation isn't valid. The activation might have been deleted, or the ActivationId and the ActivationCode don't match.",
    );
  }
  return {};
});
