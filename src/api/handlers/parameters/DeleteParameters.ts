import { defineHandler } from '../../protocol/handler.js';
import { ServiceError } from '../../../model/service-error.js';
import { findOwn } from './parameter-view.js';

export default defineHandler('DeleteParameters', (input, ctx) => {
  const engine = ctx.services.parameters;
  const deleted: string[] = [];
  const invalid: string[] = [];
  for (const name of new Set(input.Names)) {
    let record;
    try {
      record = findOwn(ctx, name).record;
    } catch (err) {
      if (err instanceof ServiceError) {
        invalid.push(name); // names echoed as passed (cli-ex delete-parameters)
        continue;
      }
      throw err;
    }
    ctx.services.store.transaction(() => engine.deleteParameter(ctx.account, ctx.region, record));
    engine.emitChange(ctx.account, ctx.region, record, 'Delete');
    deleted.push(name);
  }
  return { DeletedParameters: deleted, InvalidParameters: invalid };
});
