// Which resources AddTagsToResource & co. can tag: one resolver per ResourceTypeForTagging that turns the
// caller's ResourceId into the place its tags live, or throws InvalidResourceId. To make another
// type taggable, add its resolver to RESOLVERS (and delete its tags with the resource).
import { InvalidResourceId, InvalidResourceType } from '../../../model/generated/errors.js';
import type { ResourceTypeForTagging } from '../../../model/generated/types.js';
import type { RequestContext } from '../../protocol/handler.js';
import { isReservedAws, parseRef } from '../../../engine/parameters/names.js';
import { ServiceError } from '../../../model/service-error.js';
import { findBaseline, parseBaselineRef } from '../../../engine/patching/resolve.js';

/** The tags of one resource, wherever its aggregate keeps them. */
export interface TagTarget {
  list(): { key: string; value: string }[];
  put(tags: { key: string; value: string }[]): void;
  remove(keys: string[]): void;
}

type Resolver = (ctx: RequestContext, resourceId: string) => TagTarget;

/** Parameters, documents and patch baselines keep their tags in the shared resource_tags table. */
function sharedTable(ctx: RequestContext, type: ResourceTypeForTagging, id: string): TagTarget {
  const { tags } = ctx.services.store;
  return {
    list: () => tags.list(ctx.account, ctx.region, type, id),
    put: (t) => tags.put(ctx.account, ctx.region, type, id, t),
    remove: (keys) => tags.remove(ctx.account, ctx.region, type, id, keys),
  };
}

function parameter(ctx: RequestContext, resourceId: string): TagTarget {
  let key: string;
  try {
    const ref = parseRef(resourceId, ctx, false);
    if (ref.account !== ctx.account || ref.region !== ctx.region || isReservedAws(ref.key))
      throw new InvalidResourceId('');
    key = ref.key;
  } catch (err) {
    if (err instanceof ServiceError) throw new InvalidResourceId('');
    throw err;
  }
  if (!ctx.services.store.parameters.get(ctx.account, ctx.region, key)) throw new InvalidResourceId('');
  return sharedTable(ctx, 'Parameter', key);
}

// A document is tagged by its name; only the account's own documents (not AWS's or shared ones) take tags.
function document(ctx: RequestContext, resourceId: string): TagTarget {
  if (!ctx.services.store.documents.getHead(ctx.account, ctx.region, resourceId))
    throw new InvalidResourceId('');
  return sharedTable(ctx, 'Document', resourceId);
}

// Nodes keep their tags in the fleet's own table, which DescribeInstanceInformation's tag filters join.
function managedInstance(ctx: RequestContext, resourceId: string): TagTarget {
  // Model doc: an EC2 instance id is not a managed node (those are mi-...), so its type is wrong.
  if (/^i-[0-9a-f]+$/.test(resourceId)) throw new InvalidResourceType('');
  const { nodes } = ctx.services.store;
  if (!nodes.get(ctx.account, ctx.region, resourceId)) throw new InvalidResourceId('');
  return {
    list: () =>
      Object.entries(nodes.tags.get(ctx.account, ctx.region, resourceId)).map(([key, value]) => ({
        key,
        value,
      })),
    put: (t) => {
      nodes.tags.put(ctx.account, ctx.region, resourceId, Object.fromEntries(t.map((x) => [x.key, x.value])));
      // A node that gains a tag may now match an association's targets (State Manager applies it).
      ctx.services.fleet.nodesChanged([{ account: ctx.account, region: ctx.region, instanceId: resourceId }]);
    },
    remove: (keys) => nodes.tags.remove(ctx.account, ctx.region, resourceId, keys),
  };
}

// An association is tagged by its id (CreateAssociation Tags, AddTagsToResource ResourceType=Association).
function association(ctx: RequestContext, resourceId: string): TagTarget {
  if (!ctx.services.store.associations.get(ctx.account, ctx.region, resourceId))
    throw new InvalidResourceId('');
  return sharedTable(ctx, 'Association', resourceId);
}

// A maintenance window is tagged by its id (mw-...), in the shared table; its tags go when it is deleted.
function maintenanceWindow(ctx: RequestContext, resourceId: string): TagTarget {
  if (!ctx.services.store.maintenanceWindows.getWindow(ctx.account, ctx.region, resourceId))
    throw new InvalidResourceId('');
  return sharedTable(ctx, 'MaintenanceWindow', resourceId);
}

// A patch baseline is tagged by its id (or ARN); AWS's predefined baselines take no tags of the caller's.
function patchBaseline(ctx: RequestContext, resourceId: string): TagTarget {
  const scope = { account: ctx.account, region: ctx.region };
  const ref = parseBaselineRef(scope, resourceId);
  const found = ref?.owner === 'Self' ? findBaseline(ctx.services.store, scope, ref) : undefined;
  if (!found) throw new InvalidResourceId('');
  return sharedTable(ctx, 'PatchBaseline', found.id);
}

const RESOLVERS: Partial<Record<ResourceTypeForTagging, Resolver>> = {
  Parameter: parameter,
  Document: document,
  ManagedInstance: managedInstance,
  Association: association,
  PatchBaseline: patchBaseline,
  MaintenanceWindow: maintenanceWindow,
};

/** Returns where a taggable resource's tags live; AWS's InvalidResourceType / InvalidResourceId otherwise. */
export function resolveTaggable(
  ctx: RequestContext,
  type: ResourceTypeForTagging,
  resourceId: string,
): TagTarget {
  const resolve = RESOLVERS[type];
  if (resolve) return resolve(ctx, resourceId);
  // Resources of other types are not emulated yet, so none exists with this id.
  throw new InvalidResourceId('');
}
