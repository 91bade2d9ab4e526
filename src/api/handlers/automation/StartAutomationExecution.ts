import { defineHandler } from '../../protocol/handler.js';

// Returns the id at once; the engine runs the steps off the request path (status Pending, then InProgress).
export default defineHandler('StartAutomationExecution', (input, ctx) => ({
  AutomationExecutionId: ctx.services.automation.startExecution(ctx, ctx.callerArn, input),
}));
