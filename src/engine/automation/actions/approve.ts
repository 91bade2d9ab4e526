// aws:approve: waits (step and execution Waiting) until MinRequiredApprovals approvers send Approve, or one
// sends Reject (actions reference, "aws:approve"). Every caller of this emulator is the account's root
// identity, so Approvers are recorded but not enforced.
import { APPROVAL_TIMEOUT_MS } from '../limits.js';
import type { ActionRunner } from './types.js';

interface Decision {
  ApprovalDecision: 'Approve' | 'Reject';
  DecisionTime: string;
  Approver: string;
  Comment?: string;
}

export const approve: ActionRunner = async (ctx) => {
  const needed = Math.max(1, Number(ctx.inputs.MinRequiredApprovals ?? 1) || 1);
  const decisions: Decision[] = [];
  ctx.setWaiting(true);
  // Actions reference: without timeoutSeconds the approval waits 7 days, then the step times out.
  const timeout = ctx.sleep(APPROVAL_TIMEOUT_MS).then(
    () => 'timeout' as const,
    () => new Promise<never>(() => undefined),
  );
  const outputs = () => ({
    ApprovalStatus: decisions.some((d) => d.ApprovalDecision === 'Reject')
      ? 'Rejected'
      : decisions.length >= needed
        ? 'Approved'
        : 'Pending',
    ApproverDecisions: decisions,
  });
  for (;;) {
    const s = await Promise.race([ctx.nextSignal(), timeout]);
    if (s === 'timeout') {
      ctx.setWaiting(false);
      return {
        status: 'TimedOut',
        failure: { type: 'Execution', message: 'The approval was not given in time.' },
      };
    }
    if (s.type !== 'Approve' && s.type !== 'Reject') continue;
    decisions.push({
      ApprovalDecision: s.type,
      DecisionTime: ctx.services.clock.now().toISOString(),
      Approver: s.callerArn,
      ...(s.payload.Comment?.[0] !== undefined ? { Comment: s.payload.Comment[0] } : {}),
    });
    ctx.report({ ApprovalStatus: outputs().ApprovalStatus });
    if (s.type === 'Reject') {
      ctx.setWaiting(false);
      return {
        status: 'Failed',
        failure: { type: 'Execution', message: 'Step was rejected by an approver.' },
        outputs: outputs(),
      };
    }
    if (decisions.length >= needed) break;
  }
  ctx.setWaiting(false);
  return { status: 'Success', outputs: outputs() };
};
