import { defineHandler } from '../../protocol/handler.js';
import {
  InvalidFilterKey,
  InvalidInstancePropertyFilterValue,
  ValidationException,
} from '../../../model/generated/errors.js';
import type { NodeCondition } from '../../../store/repositories/nodes.js';
import type { NodeProfile } from '../../../agent-contract/node-model.js';
import {
  DESCRIBE_INSTANCE_PROPERTIES_DEFAULT,
  availabilityZoneOf,
  instanceInformationCondition,
  pageStart,
  query,
  toInstanceProperty,
} from './node-view.js';
import { InvalidInstanceInformationFilterValue } from '../../../model/generated/errors.js';

/** Same keys as DescribeInstanceInformation, with property-specific errors. */
function condition(key: string, values: string[], operator = 'Equal'): NodeCondition {
  if (key === 'DocumentName') return { column: 'ping', op: 'in', values: [] }; // no association documents yet
  // A prefix or an exclusion is not an instance id: only Equal checks the id format.
  if (
    key === 'InstanceIds' &&
    operator !== 'Equal' &&
    operator !== 'LessThan' &&
    operator !== 'GreaterThan'
  ) {
    return { column: 'instance_id', op: operator === 'NotEqual' ? 'notIn' : 'beginWith', values };
  }
  let base: NodeCondition;
  try {
    base = instanceInformationCondition(key, values);
  } catch (err) {
    if (err instanceof InvalidInstanceInformationFilterValue)
      throw new InvalidInstancePropertyFilterValue(err.message);
    throw err;
  }
  if (operator === 'Equal') return base;
  if (operator === 'LessThan' || operator === 'GreaterThan') {
    throw new ValidationException(`The ${operator} operator is not supported by ssm-emulator yet.`);
  }
  if ('tagKeys' in base) {
    if (operator === 'NotEqual') throw new InvalidFilterKey('');
    return base;
  }
  if (base.column === 'ping') return operator === 'NotEqual' ? { ...base, op: 'notIn' } : base;
  return { ...base, op: operator === 'NotEqual' ? 'notIn' : 'beginWith' };
}

export default defineHandler('DescribeInstanceProperties', (input, ctx) => {
  const legacy = input.InstancePropertyFilterList ?? [];
  const filters = input.FiltersWithOperator ?? [];
  if (legacy.length && filters.length) {
    throw new ValidationException(
      'InstancePropertyFilterList and FiltersWithOperator cannot be used together.',
    );
  }
  const conditions = [
    ...legacy.map((f) => condition(f.key, f.valueSet)),
    ...filters.map((f) => condition(f.Key, f.Values, f.Operator)),
  ];
  const { store, clock, fleet } = ctx.services;
  const page = store.nodes.list(
    ctx.account,
    ctx.region,
    query(ctx, conditions),
    input.MaxResults ?? DESCRIBE_INSTANCE_PROPERTIES_DEFAULT,
    pageStart(input.NextToken),
  );
  const now = clock.nowMs();
  return {
    InstanceProperties: page.items.map((n) => {
      const facts = (fleet.profile(n) as NodeProfile | undefined)?.facts;
      return toInstanceProperty(n, now, {
        nameTag: store.nodes.tags.get(n.account, n.region, n.instanceId).Name,
        instanceType: facts?.instanceType,
        architecture: facts?.architecture,
        availabilityZone: availabilityZoneOf(n.region, facts?.availabilityZone),
        // Instances no runbook or EC2 call has touched have no record yet: they are running.
        instanceState: store.ec2.instances.get(n.account, n.region, n.instanceId)?.state,
      });
    }),
    NextToken: page.nextToken,
  };
});
