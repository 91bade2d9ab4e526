import { defineHandler } from '../../protocol/handler.js';
import { findOwn, versionNotFound } from './parameter-view.js';

export default defineHandler('UnlabelParameterVersion', (input, ctx) => {
  const { store } = ctx.services;
  const { record } = findOwn(ctx, input.Name);
  const version = input.ParameterVersion;
  if (
    version !== record.version &&
    !store.parameters.getVersion(ctx.account, ctx.region, record.key, version)
  ) {
    throw versionNotFound(record.name, version);
  }
  const removed: string[] = [];
  const invalid: string[] = [];
  store.transaction(() => {
    for (const l of new Set(input.Labels)) {
      // Labels not on that version come back in InvalidLabels (API reference).
      if (store.parameters.labelledVersion(ctx.account, ctx.region, record.key, l) === version) {
        store.parameters.removeLabel(ctx.account, ctx.region, record.key, l);
        removed.push(l);
      } else invalid.push(l);
    }
  });
  return { RemovedLabels: removed, InvalidLabels: invalid };
});
