import { defineHandler } from '../../protocol/handler.js';
import { InvalidAutomationSignalException } from '../../../model/generated/errors.js';

export default defineHandler('SendAutomationSignal', (input, ctx) => {
  // Revoke withdraws an access request (Just-in-time node access), which this emulator does not have.
  if (input.SignalType === 'Revoke')
    throw new InvalidAutomationSignalException('Signal Revoke applies to access requests only.');
  ctx.services.automation.signal(ctx, input.AutomationExecutionId, {
    type: input.SignalType,
    payload: input.Payload ?? {},
    callerArn: ctx.callerArn,
  });
  return {};
});
