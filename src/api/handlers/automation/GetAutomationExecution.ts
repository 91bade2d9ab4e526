import { defineHandler } from '../../protocol/handler.js';
import { apiError, toExecution } from './automation-view.js';

export default defineHandler('GetAutomationExecution', (input, ctx) => {
  try {
    const { exec, steps } = ctx.services.automation.get(ctx, input.AutomationExecutionId);
    return { AutomationExecution: toExecution(exec, steps) };
  } catch (err) {
    throw apiError(err);
  }
});
