import { defineHandler } from '../../protocol/handler.js';
import { InvalidFilter } from '../../../model/generated/errors.js';
import { LIST_NODES_DEFAULT, pageStart } from './node-view.js';
import { toActivation } from './activation-view.js';

const COLUMNS = {
  ActivationIds: 'activation_id',
  DefaultInstanceName: 'default_instance_name',
  IamRole: 'iam_role',
} as const;

export default defineHandler('DescribeActivations', (input, ctx) => {
  const filters = (input.Filters ?? []).map((f) => {
    if (!f.FilterKey) throw new InvalidFilter('FilterKey is required.');
    return { column: COLUMNS[f.FilterKey], values: f.FilterValues ?? [] };
  });
  const page = ctx.services.store.nodes.activations.list(
    ctx.account,
    ctx.region,
    filters.filter((f) => f.values.length),
    input.MaxResults ?? LIST_NODES_DEFAULT,
    pageStart(input.NextToken),
  );
  const now = ctx.services.clock.nowMs();
  return { ActivationList: page.items.map((a) => toActivation(a, now)), NextToken: page.nextToken };
});
