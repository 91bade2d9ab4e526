import { defineHandler } from '../../protocol/handler.js';
import { ValidationException } from '../../../model/generated/errors.js';
import type { NodeCondition } from '../../../store/repositories/nodes.js';
import {
  DESCRIBE_INSTANCE_INFORMATION_DEFAULT,
  instanceInformationCondition,
  pageStart,
  query,
  toInstanceInformation,
} from './node-view.js';

export default defineHandler('DescribeInstanceInformation', (input, ctx) => {
  const legacy = input.InstanceInformationFilterList ?? [];
  const filters = input.Filters ?? [];
  // The model documentation: "Attempting to use InstanceInformationFilterList and Filters leads to an exception error."
  if (legacy.length && filters.length) {
    throw new ValidationException('InstanceInformationFilterList and Filters cannot be used together.');
  }
  const conditions: NodeCondition[] = [
    ...legacy.map((f) => instanceInformationCondition(f.key, f.valueSet)),
    ...filters.map((f) => instanceInformationCondition(f.Key, f.Values)),
  ];
  const page = ctx.services.store.nodes.list(
    ctx.account,
    ctx.region,
    query(ctx, conditions),
    input.MaxResults ?? DESCRIBE_INSTANCE_INFORMATION_DEFAULT,
    pageStart(input.NextToken),
  );
  const now = ctx.services.clock.nowMs();
  return {
    InstanceInformationList: page.items.map((n) => toInstanceInformation(n, now)),
    NextToken: page.nextToken,
  };
});
