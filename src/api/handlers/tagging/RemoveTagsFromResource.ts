import { defineHandler } from '../../protocol/handler.js';
import { resolveTaggable } from './taggable-resources.js';

export default defineHandler('RemoveTagsFromResource', (input, ctx) => {
  const target = resolveTaggable(ctx, input.ResourceType, input.ResourceId);
  ctx.services.store.transaction(() => target.remove(input.TagKeys));
  return {};
});
