import { defineHandler } from '../../protocol/handler.js';
import { DoesNotExistException } from '../../../model/generated/errors.js';

export default defineHandler('ResumeSession', (input, ctx) => {
  const { sessions, store } = ctx.services;
  const stored = store.sessions.get(ctx.account, ctx.region, input.SessionId);
  if (!stored) throw new DoesNotExistException(`Session ${input.SessionId} does not exist.`);
  const token = sessions.resume(ctx.account, ctx.region, input.SessionId);
  // An ended session cannot resume: no token, and the plugin prints "Session: <id> timed out." (8.3).
  if (!token) return { SessionId: input.SessionId };
  return { SessionId: input.SessionId, TokenValue: token, StreamUrl: sessions.streamUrl(input.SessionId) };
});
