// aws:createTags: tags EC2 resources (CreateTags) or one SSM resource (AddTagsToResource): a managed instance
// or a parameter; maintenance windows are not emulated (actions reference, "aws:createTags").
import { randomUUID } from 'node:crypto';
import {
  callEc2,
  callFailureDetail,
  failed,
  guarded,
  inputString,
  requiredList,
} from '../../ec2/action-support.js';
import { isReservedAws, parseRef } from '../../parameters/names.js';
import { MAX_TAGS_PER_RESOURCE } from '../../parameters/limits.js';
import { ActionInputError, type ActionContext, type ActionRunner } from './types.js';

const ACTION = 'aws:createTags';
const DOING = 'creating tags';
const TYPES = ['EC2', 'ManagedInstance', 'MaintenanceWindow', 'Parameter'];

interface TagPair {
  Key: string;
  Value: string;
}

function tagsOf(value: unknown): TagPair[] {
  if (!Array.isArray(value) || !value.length) throw new ActionInputError(`${ACTION} needs the input Tags.`);
  return value.map((t: unknown) => {
    const o = t as { Key?: unknown; Value?: unknown };
    if (!o || typeof o !== 'object' || typeof o.Key !== 'string' || o.Key === '')
      throw new ActionInputError(`Input Tags of ${ACTION} must be a list of {Key, Value} maps.`);
    return { Key: o.Key, Value: o.Value === undefined || o.Value === null ? '' : String(o.Value) };
  });
}

/** An SSM error as the Java SDK prints it (no message member: "null"), inside AWS's step failure text. */
function ssmFailure(code: string) {
  const detail = `null (Service: AWSSimpleSystemsManagement; Status Code: 400; Error Code: ${code}; Request ID: ${randomUUID()}; Proxy: null)`;
  return failed(callFailureDetail('ssm', 'AddTagsToResource', detail), DOING);
}

/** A parameter name or ARN of the caller's own partition, as a store key; undefined when it names none. */
function parameterKey(id: string, scope: { account: string; region: string }): string | undefined {
  try {
    const ref = parseRef(id, scope, false);
    const own = ref.account === scope.account && ref.region === scope.region;
    return own && !isReservedAws(ref.key) ? ref.key : undefined;
  } catch {
    return undefined; // a malformed name is no resource (AddTagsToResource answers InvalidResourceId)
  }
}

interface SsmTagTarget {
  list(): string[];
  put(tags: TagPair[]): void;
}

// The same rules as AddTagsToResource (src/api/handlers/tagging/taggable-resources.ts), on the store directly.
function ssmTarget(ctx: ActionContext, type: string, id: string): SsmTagTarget {
  const { store } = ctx.services;
  const { account, region } = ctx.scope;
  if (type === 'ManagedInstance') {
    if (/^i-[0-9a-f]+$/.test(id)) throw ssmFailure('InvalidResourceType');
    if (!store.nodes.get(account, region, id)) throw ssmFailure('InvalidResourceId');
    return {
      list: () => Object.keys(store.nodes.tags.get(account, region, id)),
      put: (t) => {
        store.nodes.tags.put(account, region, id, Object.fromEntries(t.map((x) => [x.Key, x.Value])));
        ctx.services.fleet.nodesChanged([{ account, region, instanceId: id }]);
      },
    };
  }
  if (type === 'Parameter') {
    const key = parameterKey(id, ctx.scope);
    if (!key || !store.parameters.get(account, region, key)) throw ssmFailure('InvalidResourceId');
    return {
      list: () => store.tags.list(account, region, 'Parameter', key).map((t) => t.key),
      put: (t) =>
        store.tags.put(
          account,
          region,
          'Parameter',
          key,
          t.map((x) => ({ key: x.Key, value: x.Value })),
        ),
    };
  }
  // Maintenance windows are not emulated, so none exists with this id.
  throw ssmFailure('InvalidResourceId');
}

export const createTags: ActionRunner = guarded(async (ctx) => {
  const ids = requiredList(ctx, ACTION, 'ResourceIds');
  const tags = tagsOf(ctx.inputs.Tags);
  const type = inputString(ctx, ACTION, 'ResourceType') ?? 'EC2';
  if (!TYPES.includes(type))
    throw new ActionInputError(`Input ResourceType of ${ACTION} must be one of ${TYPES.join(', ')}.`);
  if (type === 'EC2') {
    await callEc2(ctx, 'CreateTags', { Resources: ids, Tags: tags }, DOING);
    return { status: 'Success' };
  }
  if (ids.length !== 1)
    throw new ActionInputError(
      `When ResourceType is not EC2, ResourceIds of ${ACTION} can contain only a single item.`,
    );
  const target = ssmTarget(ctx, type, ids[0]);
  const present = new Set(target.list());
  const total = present.size + tags.filter((t) => !present.has(t.Key)).length;
  if (total > MAX_TAGS_PER_RESOURCE) throw ssmFailure('TooManyTagsError');
  ctx.services.store.transaction(() => target.put(tags));
  return { status: 'Success' };
});
