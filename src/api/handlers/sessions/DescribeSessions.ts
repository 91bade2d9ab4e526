import { defineHandler } from '../../protocol/handler.js';
import { InvalidFilterKey, InvalidNextToken } from '../../../model/generated/errors.js';
import { sessionPageKey, type SessionQuery } from '../../../store/repositories/sessions.js';
import { DESCRIBE_SESSIONS_DEFAULT } from '../../../engine/sessions/limits.js';

export default defineHandler('DescribeSessions', (input, ctx) => {
  const q: SessionQuery = { history: input.State === 'History' };
  for (const f of input.Filters ?? []) {
    switch (f.key) {
      case 'InvokedAfter':
        q.startedFrom = dateOf(f.key, f.value);
        break;
      case 'InvokedBefore':
        q.startedTo = dateOf(f.key, f.value);
        break;
      case 'Target':
        q.target = f.value;
        break;
      case 'Owner':
        q.owner = f.value;
        break;
      case 'Status':
        q.status = f.value;
        break;
      case 'SessionId':
        q.sessionId = f.value;
        break;
      case 'AccessType':
        q.accessType = f.value;
        break;
    }
  }
  const after = sessionPageKey(input.NextToken);
  if (after === null) throw new InvalidNextToken('The specified token is not valid.');
  const page = ctx.services.store.sessions.list(
    ctx.account,
    ctx.region,
    q,
    input.MaxResults ?? DESCRIBE_SESSIONS_DEFAULT,
    after,
  );
  return {
    Sessions: page.items.map((s) => ({
      SessionId: s.sessionId,
      Target: s.target,
      Status: s.status,
      StartDate: new Date(s.startMs),
      EndDate: s.endMs !== undefined ? new Date(s.endMs) : undefined,
      DocumentName: s.documentName,
      Owner: s.owner,
      Reason: s.reason,
      Details: s.details,
      OutputUrl:
        s.s3OutputUrl || s.cloudWatchOutputUrl
          ? { S3OutputUrl: s.s3OutputUrl ?? '', CloudWatchOutputUrl: s.cloudWatchOutputUrl ?? '' }
          : undefined,
      MaxSessionDuration: s.maxSessionDuration,
      AccessType: s.accessType,
    })),
    NextToken: page.nextToken,
  };
});

// The filter's documented format is a date such as 2018-08-29T00:00:00Z.
function dateOf(key: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new InvalidFilterKey(`The value ${value} of filter ${key} is not a valid date.`);
  return ms;
}
