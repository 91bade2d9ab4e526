import { defineHandler } from '../../protocol/handler.js';
import { findOwn } from './parameter-view.js';

export default defineHandler('DeleteParameter', (input, ctx) => {
  const { record } = findOwn(ctx, input.Name);
  const engine = ctx.services.parameters;
  ctx.services.store.transaction(() => engine.deleteParameter(ctx.account, ctx.region, record));
  engine.emitChange(ctx.account, ctx.region, record, 'Delete');
  return {};
});
