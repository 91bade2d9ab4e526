import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import { DEFAULT_COMMAND_PAGE } from '../../../engine/commands/index.js';
import { queryOf, toCommand } from './command-view.js';

export default defineHandler('ListCommands', (input, ctx) => {
  const page = ctx.services.commands.listCommands(
    ctx,
    queryOf(input),
    input.MaxResults ?? DEFAULT_COMMAND_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken('The nextToken is not valid.');
  return { Commands: page.items.map(toCommand), NextToken: page.nextToken };
});
