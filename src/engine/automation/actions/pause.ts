// aws:pause: the step and the execution wait until SendAutomationSignal Resume (actions reference).
import type { ActionRunner } from './types.js';

export const pause: ActionRunner = async (ctx) => {
  ctx.setWaiting(true);
  for (;;) {
    const s = await ctx.nextSignal();
    if (s.type === 'Resume') break;
  }
  ctx.setWaiting(false);
  return { status: 'Success' };
};
