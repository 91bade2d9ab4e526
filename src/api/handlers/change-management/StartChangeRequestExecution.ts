import { defineHandler } from '../../protocol/handler.js';

// The change template's approvals run first (PendingApproval), then the runbooks in order (RunbookInProgress).
export default defineHandler('StartChangeRequestExecution', (input, ctx) => {
  return {
    AutomationExecutionId: ctx.services.automation.startExecution(
      ctx,
      ctx.callerArn,
      {
        DocumentName: input.DocumentName,
        DocumentVersion: input.DocumentVersion,
        Parameters: input.Parameters,
        ClientToken: input.ClientToken,
        Tags: input.Tags,
      },
      {
        changeRequest: {
          changeRequestName: input.ChangeRequestName,
          runbooks: input.Runbooks as unknown as Record<string, unknown>[],
          scheduledMs: input.ScheduledTime?.getTime(),
          autoApprove: input.AutoApprove ?? false,
        },
      },
    ),
  };
});
