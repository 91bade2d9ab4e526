import { defineHandler } from '../../protocol/handler.js';
import { TooManyTagsError } from '../../../model/generated/errors.js';
import { MAX_TAGS_PER_RESOURCE } from '../../../engine/parameters/limits.js';
import { resolveTaggable } from './taggable-resources.js';

export default defineHandler('AddTagsToResource', (input, ctx) => {
  const target = resolveTaggable(ctx, input.ResourceType, input.ResourceId);
  const present = new Set(target.list().map((t) => t.key));
  const incoming = new Map(input.Tags.map((t) => [t.Key, t.Value]));
  const total = present.size + [...incoming.keys()].filter((k) => !present.has(k)).length;
  if (total > MAX_TAGS_PER_RESOURCE)
    throw new TooManyTagsError('').because(`${total} tags, more than ${MAX_TAGS_PER_RESOURCE}`);
  ctx.services.store.transaction(() => target.put([...incoming].map(([key, value]) => ({ key, value }))));
  return {};
});
