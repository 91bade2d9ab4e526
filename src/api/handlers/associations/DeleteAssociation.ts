import { defineHandler } from '../../protocol/handler.js';
import { findAssociation } from './association-view.js';

export default defineHandler('DeleteAssociation', (input, ctx) => {
  const a = findAssociation(ctx, input);
  ctx.services.associations.delete(ctx, a.associationId);
  return {};
});
