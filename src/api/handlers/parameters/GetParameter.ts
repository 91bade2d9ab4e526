import { defineHandler } from '../../protocol/handler.js';
import { mapEngineErrors } from './parameter-errors.js';
import { findForRead, toParameter } from './parameter-view.js';

export default defineHandler(
  'GetParameter',
  mapEngineErrors((input, ctx) => {
    const found = findForRead(ctx, input.Name, input.WithDecryption);
    return { Parameter: toParameter(ctx, found, input.WithDecryption) };
  }),
);
