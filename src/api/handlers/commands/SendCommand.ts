import { defineHandler } from '../../protocol/handler.js';
import { toCommand } from './command-view.js';

// Returns at once with Status Pending; the engine resolves targets and dispatches off the request path.
export default defineHandler('SendCommand', (input, ctx) => ({
  Command: toCommand(ctx.services.commands.send(ctx, input)),
}));
