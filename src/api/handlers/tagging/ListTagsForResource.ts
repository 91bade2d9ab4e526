import { defineHandler } from '../../protocol/handler.js';
import { resolveTaggable } from './taggable-resources.js';

export default defineHandler('ListTagsForResource', (input, ctx) => {
  const tags = resolveTaggable(ctx, input.ResourceType, input.ResourceId).list();
  return { TagList: tags.map((t) => ({ Key: t.key, Value: t.value })) };
});
