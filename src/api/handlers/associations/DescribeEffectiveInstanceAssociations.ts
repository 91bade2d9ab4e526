import { defineHandler } from '../../protocol/handler.js';
import { InvalidInstanceId, InvalidNextToken } from '../../../model/generated/errors.js';
import { DEFAULT_EFFECTIVE_PAGE } from '../../../engine/associations/limits.js';
import { resolveNodeTargets } from '../../../engine/associations/targets.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import type { InstanceAssociation } from '../../../model/generated/types.js';
import { BAD_TOKEN } from './association-view.js';
import { effectiveContent } from './effective-content.js';

// The Command associations that apply to the node now (what its agent would run), with the document content.
export default defineHandler('DescribeEffectiveInstanceAssociations', (input, ctx) => {
  const { store, clock } = ctx.services;
  if (!store.nodes.get(ctx.account, ctx.region, input.InstanceId))
    throw new InvalidInstanceId(
      `Instances [[${input.InstanceId}]] not in a valid state for account ${ctx.account}`,
    );
  const after = input.NextToken === undefined ? '' : decodeToken<string>(input.NextToken);
  if (typeof after !== 'string') throw new InvalidNextToken(BAD_TOKEN);
  const size = input.MaxResults ?? DEFAULT_EFFECTIVE_PAGE;
  const out: InstanceAssociation[] = [];
  // A scope holds at most MAX_ASSOCIATIONS_PER_SCOPE associations: each is matched against the one node.
  const all = store.associations
    .all(ctx.account, ctx.region)
    .filter((a) => a.documentType === 'Command' && a.associationId > after)
    .sort((x, y) => (x.associationId < y.associationId ? -1 : 1));
  let nextToken: string | undefined;
  for (const a of all) {
    if (!resolveNodeTargets(store, ctx, a.config, clock.nowMs(), [input.InstanceId]).length) continue;
    if (out.length === size) {
      nextToken = encodeToken(out[out.length - 1].AssociationId);
      break;
    }
    out.push({
      AssociationId: a.associationId,
      InstanceId: input.InstanceId,
      Content: effectiveContent(store, ctx, a),
      AssociationVersion: String(a.version),
    });
  }
  return { Associations: out, NextToken: nextToken };
});
