import { defineHandler } from '../../protocol/handler.js';
import type { NodeAggregator } from '../../../model/generated/types.js';
import { InvalidAggregatorException, InvalidNextToken } from '../../../model/generated/errors.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import type { NodeColumn } from '../../../store/repositories/nodes.js';
import { LIST_NODES_DEFAULT, query } from './node-view.js';
import { checkSync, nodeFilterConditions } from './list-nodes-filters.js';

/** Attribute -> the stored column it is computed from, and how the column's value reads. */
const ATTRIBUTES: Record<string, { column: NodeColumn; value: (v: string, region: string) => string }> = {
  AgentVersion: { column: 'agent_version', value: (v) => v },
  PlatformName: { column: 'platform_name', value: (v) => v },
  PlatformType: { column: 'platform_type', value: (v) => v },
  PlatformVersion: { column: 'platform_version', value: (v) => v },
  ResourceType: { column: 'resource_type', value: (v) => v },
  SourceType: {
    column: 'resource_type',
    value: (v) => (v === 'EC2Instance' ? 'AWS::EC2::Instance' : 'AWS::SSM::ManagedInstance'),
  },
  Region: { column: 'resource_type', value: (_v, region) => region },
  AvailabilityZone: { column: 'resource_type', value: (_v, region) => `${region}a` },
};

export default defineHandler('ListNodesSummary', (input, ctx) => {
  checkSync(input.SyncName);
  const attrs: string[] = [];
  const walk = (list: NodeAggregator[]) => {
    if (list.length !== 1)
      throw new InvalidAggregatorException('Only one aggregator may be specified at each level.');
    const a = list[0];
    attrs.push(a.AttributeName);
    if (a.Aggregators) walk(a.Aggregators);
  };
  walk(input.Aggregators);
  const columns = [...new Set(attrs.map((a) => ATTRIBUTES[a].column))];
  const rows = ctx.services.store.nodes.countBy(
    ctx.account,
    ctx.region,
    query(ctx, nodeFilterConditions(ctx, input.Filters ?? [])),
    columns,
  );
  // Derived attributes can merge groups: count again by the attribute values.
  const counts = new Map<string, { summary: Record<string, string>; count: number }>();
  for (const r of rows) {
    const summary: Record<string, string> = {};
    for (const a of attrs) summary[a] = ATTRIBUTES[a].value(String(r[ATTRIBUTES[a].column]), ctx.region);
    const k = JSON.stringify(summary);
    const c = counts.get(k) ?? { summary, count: 0 };
    c.count += Number(r.count);
    counts.set(k, c);
  }
  const all = [...counts.values()].map((c) => ({ ...c.summary, Count: String(c.count) }));
  // The groups are few (one per distinct value), so a position token is cheap here.
  let start = 0;
  if (input.NextToken !== undefined) {
    const k = decodeToken<number>(input.NextToken);
    if (typeof k !== 'number' || k < 0) throw new InvalidNextToken("The specified token isn't valid.");
    start = k;
  }
  const size = input.MaxResults ?? LIST_NODES_DEFAULT;
  const Summary = all.slice(start, start + size);
  return { Summary, NextToken: start + size < all.length ? encodeToken(start + size) : undefined };
});
