import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import { DEFAULT_COMMAND_PAGE, type StoredCommand } from '../../../engine/commands/index.js';
import { queryOf, toInvocation } from './command-view.js';

export default defineHandler('ListCommandInvocations', (input, ctx) => {
  const { commands } = ctx.services;
  const page = commands.listInvocations(
    ctx,
    queryOf(input),
    input.MaxResults ?? DEFAULT_COMMAND_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken('The nextToken is not valid.');
  const parents = new Map<string, StoredCommand | undefined>();
  const parent = (id: string) => {
    if (!parents.has(id)) parents.set(id, commands.getCommand(ctx, id));
    return parents.get(id);
  };
  return {
    CommandInvocations: page.items.map((i) => toInvocation(parent(i.commandId), i, input.Details ?? false)),
    NextToken: page.nextToken,
  };
});
