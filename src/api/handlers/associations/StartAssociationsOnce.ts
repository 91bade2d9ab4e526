import { defineHandler } from '../../protocol/handler.js';

// Every id must name an association of the caller (AssociationDoesNotExist otherwise, and nothing runs).
export default defineHandler('StartAssociationsOnce', (input, ctx) => {
  ctx.services.associations.startOnce(ctx, input.AssociationIds);
  return {};
});
