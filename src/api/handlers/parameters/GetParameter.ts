import { defineHandler } from '../../protocol/handler.js';
import { findForRead, toParameter } from './parameter-view.js';

export default defineHandler('GetParameter', (input, ctx) => {
  const found = findForRead(ctx, input.Name, input.WithDecryption);
  return { Parameter: toParameter(ctx, found, input.WithDecryption) };
});
