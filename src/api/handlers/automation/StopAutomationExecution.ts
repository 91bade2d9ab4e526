import { defineHandler } from '../../protocol/handler.js';

// Type Cancel (the default) stops the running step; Complete lets it finish and runs no more.
export default defineHandler('StopAutomationExecution', (input, ctx) => {
  ctx.services.automation.stopExecution(ctx, input.AutomationExecutionId, input.Type ?? 'Cancel');
  return {};
});
