import { defineHandler } from '../../protocol/handler.js';
import { apiError } from './automation-view.js';

// Type Cancel (the default) stops the running step; Complete lets it finish and runs no more.
export default defineHandler('StopAutomationExecution', (input, ctx) => {
  try {
    ctx.services.automation.stopExecution(ctx, input.AutomationExecutionId, input.Type ?? 'Cancel');
    return {};
  } catch (err) {
    throw apiError(err);
  }
});
