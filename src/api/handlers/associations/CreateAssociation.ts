import { defineHandler } from '../../protocol/handler.js';
import { newConfig } from '../../../engine/associations/config.js';
import { toDescription } from './association-view.js';

// Stored and returned at once (Overview Pending); the engine runs it off the request path.
export default defineHandler('CreateAssociation', (input, ctx) => {
  const a = ctx.services.associations.create(ctx, newConfig(input), input.Tags);
  return { AssociationDescription: toDescription(a) };
});
