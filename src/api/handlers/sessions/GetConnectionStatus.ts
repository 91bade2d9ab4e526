import { defineHandler } from '../../protocol/handler.js';

export default defineHandler('GetConnectionStatus', (input, ctx) => {
  const { fleet } = ctx.services;
  const ref = { account: ctx.account, region: ctx.region, instanceId: input.Target };
  const node = fleet.node(ref);
  // connected = the agent is up and would take a Session Manager session now.
  const connected = !!node && fleet.pingStatus(node) === 'Online' && fleet.isReachable(ref);
  return { Target: input.Target, Status: connected ? 'connected' : 'notconnected' };
});
