import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import { HISTORY_PAGE_DEFAULT } from '../../../engine/parameters/limits.js';
import { findOwn, toHistory } from './parameter-view.js';

export default defineHandler('GetParameterHistory', (input, ctx) => {
  const { record } = findOwn(ctx, input.Name);
  let after = 0;
  if (input.NextToken !== undefined) {
    const v = decodeToken<number>(input.NextToken);
    if (typeof v !== 'number') throw new InvalidNextToken("The specified token isn't valid.");
    after = v;
  }
  const pageSize = input.MaxResults ?? HISTORY_PAGE_DEFAULT;
  const rows = ctx.services.store.parameters.history(
    ctx.account,
    ctx.region,
    record.key,
    after,
    pageSize + 1,
  );
  const page = rows.slice(0, pageSize);
  return {
    Parameters: page.map((r) => toHistory(ctx, r, r.labels, ctx.account, ctx.region, input.WithDecryption)),
    NextToken: rows.length > pageSize ? encodeToken(page[page.length - 1].version) : undefined,
  };
});
