// Which managed nodes a window target or a task's targets stand for when a window opens, and the target keys
// each registration accepts (RegisterTargetWithMaintenanceWindow / RegisterTaskWithMaintenanceWindow API reference).
import type { Store } from '../../store/index.js';
import type { NodeCondition } from '../../store/repositories/nodes.js';
import type { StoredWindowTarget, TargetSpec } from '../../store/repositories/maintenance-windows.js';
import { mwErrors } from './errors.js';
import { TARGET_RESOLVE_PAGE } from './limits.js';

type Scope = { account: string; region: string };

/** Nodes carry resource group membership as the tag `resource-groups:Name` (no Resource Groups service here). */
const GROUP_TAG = 'resource-groups:Name';

/** Checks a window target's keys for its ResourceType (API reference, Targets examples 1-5). */
export function checkWindowTargetKeys(resourceType: string, targets: TargetSpec[]): void {
  for (const t of targets) {
    if (!t.Values.length || t.Values.some((v) => v === '')) throw mwErrors.emptyTargetValues(t.Key);
    const ok =
      resourceType === 'RESOURCE_GROUP'
        ? t.Key === GROUP_TAG || t.Key === 'resource-groups:ResourceTypeFilters'
        : t.Key === 'InstanceIds' ||
          t.Key === 'tag-key' ||
          t.Key === GROUP_TAG ||
          t.Key === 'resource-groups:ResourceTypeFilters' ||
          (t.Key.startsWith('tag:') && t.Key.length > 4);
    if (!ok) throw mwErrors.badTargetKey(t.Key, resourceType);
  }
}

/** A task names window targets (WindowTargetIds) or, when the window allows it, nodes (InstanceIds). */
export function checkTaskTargetKeys(targets: TargetSpec[]): void {
  for (const t of targets) {
    if (!t.Values.length || t.Values.some((v) => v === '')) throw mwErrors.emptyTargetValues(t.Key);
    if (t.Key !== 'WindowTargetIds' && t.Key !== 'InstanceIds') throw mwErrors.badTargetKey(t.Key, 'task');
  }
}

/** The nodes a set of target specs selects now: every key must match (AWS combines target keys with AND). */
export function resolveNodes(store: Store, scope: Scope, specs: TargetSpec[], nowMs: number): string[] {
  const conditions: NodeCondition[] = [];
  let ids: string[] | undefined;
  for (const t of specs) {
    if (t.Key === 'InstanceIds') ids = ids ? ids.filter((id) => t.Values.includes(id)) : [...t.Values];
    else if (t.Key.startsWith('tag:')) conditions.push({ tagKeys: [t.Key.slice(4)], values: t.Values });
    else if (t.Key === 'tag-key') conditions.push({ tagKeys: t.Values });
    else if (t.Key === GROUP_TAG) conditions.push({ tagKeys: [GROUP_TAG], values: t.Values });
    // resource-groups:ResourceTypeFilters narrows a group to types; every node here is an instance type.
  }
  // Listed node ids are kept even when unknown: the command to them then fails, as on AWS.
  if (ids && !conditions.length) return [...new Set(ids)];
  if (!conditions.length) return [];
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = store.nodes.list(
      scope.account,
      scope.region,
      { conditions, nowMs, lostAfterMs: Number.MAX_SAFE_INTEGER },
      TARGET_RESOLVE_PAGE,
      after,
    );
    for (const n of page.items) if (!ids || ids.includes(n.instanceId)) out.push(n.instanceId);
    if (!page.nextToken || !page.items.length) break;
    after = page.items[page.items.length - 1].instanceId;
  }
  return out;
}

/** One node a task runs on, with the window target it came through (for OwnerInformation and events). */
export interface TaskTarget {
  resourceId: string;
  resourceType: 'INSTANCE' | 'RESOURCE_GROUP';
  windowTargetId?: string;
  ownerInformation?: string;
}

/**
 * A task's targets in the order their invocations run: grouped per window target, because "if a single
 * maintenance window task is registered with multiple targets, its task invocations occur sequentially"
 * (RegisterTargetWithMaintenanceWindow API reference). A node reached twice runs once.
 */
export function resolveTaskTargets(
  store: Store,
  scope: Scope,
  taskTargets: TargetSpec[],
  windowTargets: Map<string, StoredWindowTarget>,
  nowMs: number,
): TaskTarget[][] {
  const groups: TaskTarget[][] = [];
  const seen = new Set<string>();
  const add = (group: TaskTarget[], t: TaskTarget) => {
    if (seen.has(t.resourceId)) return;
    seen.add(t.resourceId);
    group.push(t);
  };
  for (const spec of taskTargets) {
    if (spec.Key === 'InstanceIds') {
      const group: TaskTarget[] = [];
      for (const id of spec.Values) add(group, { resourceId: id, resourceType: 'INSTANCE' });
      if (group.length) groups.push(group);
      continue;
    }
    for (const id of spec.Values) {
      const wt = windowTargets.get(id);
      if (!wt) continue; // deregistered since the task was registered (Safe was false)
      const group: TaskTarget[] = [];
      for (const node of resolveNodes(store, scope, wt.targets, nowMs))
        add(group, {
          resourceId: node,
          resourceType: wt.resourceType,
          windowTargetId: wt.windowTargetId,
          ownerInformation: wt.ownerInformation,
        });
      if (group.length) groups.push(group);
    }
  }
  return groups;
}

/**
 * The windows whose registered targets (or task InstanceIds) reach the given nodes or resource groups now:
 * DescribeMaintenanceWindowsForTarget and DescribeMaintenanceWindowSchedule by Targets.
 */
export function windowIdsTargeting(
  store: Store,
  scope: Scope,
  specs: TargetSpec[],
  resourceType: string | undefined,
  nowMs: number,
): Set<string> {
  const out = new Set<string>();
  const repo = store.maintenanceWindows;
  if (resourceType === 'RESOURCE_GROUP') {
    const groups = new Set(specs.filter((s) => s.Key === GROUP_TAG).flatMap((s) => s.Values));
    for (const t of repo.targetsInScope(scope))
      if (t.targets.some((s) => s.Key === GROUP_TAG && s.Values.some((v) => groups.has(v))))
        out.add(t.windowId);
    return out;
  }
  const nodes = new Set(resolveNodes(store, scope, specs, nowMs));
  if (!nodes.size) return out;
  for (const t of repo.targetsInScope(scope)) {
    if (out.has(t.windowId) || t.resourceType !== 'INSTANCE') continue;
    if (resolveNodes(store, scope, t.targets, nowMs).some((n) => nodes.has(n))) out.add(t.windowId);
  }
  return out;
}
