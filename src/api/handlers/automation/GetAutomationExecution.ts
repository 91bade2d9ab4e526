import { defineHandler } from '../../protocol/handler.js';
import { toExecution } from './automation-view.js';

export default defineHandler('GetAutomationExecution', (input, ctx) => {
  const { exec, steps } = ctx.services.automation.get(ctx, input.AutomationExecutionId);
  return { AutomationExecution: toExecution(exec, steps) };
});
