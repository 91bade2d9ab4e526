import { defineHandler } from '../../protocol/handler.js';
import { apiError } from './automation-view.js';

// Returns the id at once; the engine runs the steps off the request path (status Pending, then InProgress).
export default defineHandler('StartAutomationExecution', (input, ctx) => {
  try {
    return {
      AutomationExecutionId: ctx.services.automation.startExecution(ctx, ctx.callerArn, input),
    };
  } catch (err) {
    throw apiError(err);
  }
});
