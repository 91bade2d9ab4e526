import { defineHandler } from '../../protocol/handler.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import { requireTaskExecution, toInvocation } from './window-view.js';

export default defineHandler('GetMaintenanceWindowExecutionTaskInvocation', (input, ctx) => {
  requireTaskExecution(ctx, input.WindowExecutionId, input.TaskId);
  const inv = ctx.services.store.windowExecutions.getInvocation(
    ctx,
    input.WindowExecutionId,
    input.TaskId,
    input.InvocationId,
  );
  if (!inv) throw mwErrors.invocationNotFound(input.InvocationId);
  return toInvocation(inv);
});
