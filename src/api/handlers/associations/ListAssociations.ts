import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken, ValidationException } from '../../../model/generated/errors.js';
import type { AssociationQuery } from '../../../store/repositories/associations.js';
import { DEFAULT_ASSOCIATION_PAGE } from '../../../engine/associations/limits.js';
import { BAD_TOKEN, toListItem } from './association-view.js';

export default defineHandler('ListAssociations', (input, ctx) => {
  const q: AssociationQuery = {};
  for (const f of input.AssociationFilterList ?? []) {
    switch (f.key) {
      case 'Name':
        q.name = f.value;
        break;
      // API reference: "Filtering associations using the InstanceID attribute only returns legacy associations".
      case 'InstanceId':
        q.instanceId = f.value;
        break;
      case 'AssociationId':
        q.associationId = f.value;
        break;
      case 'AssociationName':
        q.associationName = f.value;
        break;
      case 'AssociationStatusName':
        q.overviewStatus = f.value;
        break;
      case 'LastExecutedBefore':
        q.lastExecutedBefore = timeOf(f.value);
        break;
      case 'LastExecutedAfter':
        q.lastExecutedAfter = timeOf(f.value);
        break;
      case 'ResourceGroupName':
        q.resourceGroupName = f.value;
        break;
      case 'CloudConnectorId':
        // No cloud connectors are emulated: no association targets one.
        return { Associations: [] };
    }
  }
  const page = ctx.services.store.associations.list(
    ctx.account,
    ctx.region,
    q,
    input.MaxResults ?? DEFAULT_ASSOCIATION_PAGE,
    input.NextToken,
  );
  if (!page) throw new InvalidNextToken(BAD_TOKEN);
  return { Associations: page.items.map(toListItem), NextToken: page.nextToken };
});

/** LastExecutedBefore / After take a timestamp (ISO 8601, e.g. 2018-11-14T12:00:00Z). */
function timeOf(value: string): number {
  const ms = Date.parse(value);
  // Ours: AWS's text for an unreadable date is not published.
  if (Number.isNaN(ms)) throw new ValidationException(`The filter value ${value} is not a valid timestamp.`);
  return ms;
}
