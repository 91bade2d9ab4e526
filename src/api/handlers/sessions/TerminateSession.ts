import { defineHandler } from '../../protocol/handler.js';

// AWS answers with the id even when the session is unknown or already ended (TerminateSession is idempotent).
export default defineHandler('TerminateSession', (input, ctx) => {
  ctx.services.sessions.terminate(ctx.account, ctx.region, input.SessionId);
  return { SessionId: input.SessionId };
});
