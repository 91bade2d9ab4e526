// CreateTags, DeleteTags, DescribeTags across instances, images, volumes and snapshots. An instance's tags
// are its node's tags, so tag targeting (Run Command, Automation) sees what CreateTags wrote.
import { Ec2Error, imageNotFound, invalidParameterValue, malformedId, missingParameter } from './errors.js';
import { checkFilters, matchesFilters, type FilterSpec } from './filters.js';
import { isWellFormed, kindOf } from './ids.js';
import { ownImage } from './images.js';
import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_TAGS_PER_RESOURCE } from './limits.js';
import { filters, strList, tags as readTags, type Params, type Tag } from './params.js';
import type { Ec2Api, Ec2Scope, Ec2Simulator } from './simulator.js';
import { snapshotOf, volumeOf } from './volumes.js';
import { CONNECTION_LOST_AFTER_MS } from '../fleet/ping-status.js';

type Kind = 'instance' | 'image' | 'volume' | 'snapshot';

interface TagPlace {
  id: string;
  kind: Kind;
  list(): Record<string, string>;
  put(tags: Record<string, string>): void;
  remove(key: string, value?: string): void;
}

/** Where a resource's tags live, after checking the resource exists (EC2's per-kind errors otherwise). */
function placeOf(sim: Ec2Simulator, scope: Ec2Scope, id: string): TagPlace {
  const kind = kindOf(id);
  // "The ID 'x' is not valid" for an id of no taggable kind (EC2 API error codes, InvalidID).
  if (!kind) throw new Ec2Error('InvalidID', `The ID '${id}' is not valid`);
  if (!isWellFormed(kind, id)) throw malformedId(kind, id);
  const { store } = sim.deps;
  const { account, region } = scope;
  if (kind === 'instance') {
    sim.instances(scope, [id]);
    return {
      id,
      kind,
      list: () => store.nodes.tags.get(account, region, id),
      put: (t) => {
        store.nodes.tags.put(account, region, id, t);
        sim.deps.fleet.nodesChanged([{ account, region, instanceId: id }]);
      },
      remove: (key, value) => {
        const current = store.nodes.tags.get(account, region, id)[key];
        if (current !== undefined && (value === undefined || value === current))
          store.nodes.tags.remove(account, region, id, [key]);
      },
    };
  }
  if (kind === 'image') {
    try {
      ownImage(sim, scope, id);
    } catch (err) {
      // Public images of other owners cannot be tagged here: they are not found in the caller's registry.
      if (err instanceof Ec2Error && err.code === 'AuthFailure') throw imageNotFound([id]);
      throw err;
    }
  } else if (kind === 'volume') volumeOf(sim, scope, id);
  else snapshotOf(sim, scope, id);
  return {
    id,
    kind,
    list: () => store.ec2.tags.get(account, region, id),
    put: (t) => store.ec2.tags.put(account, region, id, t),
    remove: (key, value) => store.ec2.tags.remove(account, region, id, key, value),
  };
}

function checkTags(list: Tag[]): void {
  for (const t of list) {
    if (!t.Key || t.Key.length > MAX_TAG_KEY_LENGTH)
      throw invalidParameterValue(
        `Tag key must be between 1 and ${MAX_TAG_KEY_LENGTH} characters: '${t.Key}'`,
      );
    if (t.Value.length > MAX_TAG_VALUE_LENGTH)
      throw invalidParameterValue(
        `Tag value exceeds the maximum length of ${MAX_TAG_VALUE_LENGTH} characters`,
      );
    // EC2 UG "Tag restrictions": the aws: prefix is reserved.
    if (/^aws:/i.test(t.Key))
      throw invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
  }
}

function resourcesOf(p: Params): string[] {
  const ids = strList(p, 'Resources');
  if (!ids?.length) throw missingParameter('ResourceId');
  return [...new Set(ids)];
}

const createTags: Ec2Api = (sim, scope, p) => {
  const ids = resourcesOf(p);
  const list = readTags(p, 'Tags');
  if (!list?.length) throw missingParameter('Tag');
  checkTags(list);
  const places = ids.map((id) => placeOf(sim, scope, id));
  const incoming = Object.fromEntries(list.map((t) => [t.Key, t.Value]));
  for (const place of places) {
    const present = place.list();
    const total = new Set([...Object.keys(present), ...Object.keys(incoming)]).size;
    if (total > MAX_TAGS_PER_RESOURCE)
      throw new Ec2Error(
        'TagLimitExceeded',
        `The maximum number of tags per resource (${MAX_TAGS_PER_RESOURCE}) has been exceeded for '${place.id}'.`,
      );
  }
  for (const place of places) place.put(incoming);
  return {};
};

const deleteTags: Ec2Api = (sim, scope, p) => {
  const places = resourcesOf(p).map((id) => placeOf(sim, scope, id));
  const raw = p.Tags;
  if (raw !== undefined && raw !== null && !Array.isArray(raw))
    throw invalidParameterValue('Tags must be a list of {Key, Value}');
  const wanted = (raw as { Key?: unknown; Value?: unknown }[] | undefined)?.map((t) => ({
    key: String(t?.Key ?? ''),
    // A Value (even empty) deletes the tag only when it has that value (DeleteTags API reference).
    value: t?.Value === undefined || t?.Value === null ? undefined : String(t.Value),
  }));
  for (const place of places) {
    // Without Tags every tag of the resource goes (except aws: tags, which cannot be set here).
    const targets = wanted ?? Object.keys(place.list()).map((key) => ({ key, value: undefined }));
    for (const t of targets) place.remove(t.key, t.value);
  }
  return {};
};

interface TagJson {
  Key: string;
  ResourceId: string;
  ResourceType: Kind;
  Value: string;
}

const TAG_FILTERS: FilterSpec<TagJson> = {
  fields: {
    key: (t) => [t.Key],
    value: (t) => [t.Value],
    'resource-id': (t) => [t.ResourceId],
    'resource-type': (t) => [t.ResourceType],
  },
};

const describeTags: Ec2Api = (sim, scope, p) => {
  const fs = filters(p);
  checkFilters(fs, TAG_FILTERS);
  const { store } = sim.deps;
  const out: TagJson[] = [];
  const q = {
    conditions: [{ column: 'resource_type' as const, op: 'in' as const, values: ['EC2Instance'] }],
    nowMs: sim.now(),
    lostAfterMs: CONNECTION_LOST_AFTER_MS,
  };
  let after: string | undefined;
  for (;;) {
    const page = store.nodes.list(scope.account, scope.region, q, 500, after);
    for (const n of page.items)
      for (const [Key, Value] of Object.entries(
        store.nodes.tags.get(scope.account, scope.region, n.instanceId),
      ))
        out.push({ Key, ResourceId: n.instanceId, ResourceType: 'instance', Value });
    if (!page.nextToken || !page.items.length) break;
    after = page.items[page.items.length - 1].instanceId;
  }
  for (const t of store.ec2.tags.all(scope.account, scope.region))
    out.push({ Key: t.key, ResourceId: t.resourceId, ResourceType: kindOf(t.resourceId)!, Value: t.value });
  return { Tags: out.filter((t) => matchesFilters(t, fs, TAG_FILTERS)) };
};

export const TAG_APIS: Record<string, Ec2Api> = {
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
};
