import { defineHandler } from '../../protocol/handler.js';
import { requireBaseline } from './baseline-access.js';
import { fullView } from './baseline-view.js';

export default defineHandler('GetPatchBaseline', (input, ctx) =>
  fullView(ctx, requireBaseline(ctx, input.BaselineId, 'invalid')),
);
