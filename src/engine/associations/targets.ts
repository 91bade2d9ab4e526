// Which managed nodes an association applies to: the legacy InstanceId, or Targets (InstanceIds, `*` for
// every node, tag:<key>, tag-key, resource-groups:Name), every target key applying at once. The same query
// answers "does this new or re-tagged node match?" with the node ids as one more condition.
import type { Store } from '../../store/index.js';
import type { AssociationConfig, AssociationTarget } from '../../store/repositories/associations.js';
import type { NodeCondition } from '../../store/repositories/nodes.js';
import { InvalidTarget } from '../../model/generated/errors.js';
import { TARGET_RESOLVE_PAGE } from './limits.js';

type Scope = { account: string; region: string };

/** Target keys of Command associations (UG "Understanding targets and rate controls in State Manager"). */
const NODE_TARGET_KEY =
  /^(InstanceIds|instanceids|tag:.+|tag-key|resource-groups:Name|resource-groups:ResourceTypeFilters)$/;
/** Automation associations may also target parameter values and resource groups (UG "Running automations"). */
const AUTOMATION_TARGET_KEY = /^(ParameterValues|ResourceGroup|AWS::EC2::Instance)$/;

/** Checks the target keys for the document type; InvalidTarget with AWS's text otherwise. */
export function checkTargets(targets: AssociationTarget[], documentType: string): void {
  for (const t of targets) {
    const ok =
      NODE_TARGET_KEY.test(t.Key) || (documentType === 'Automation' && AUTOMATION_TARGET_KEY.test(t.Key));
    // hashicorp/terraform-provider-aws#15895: an unknown key is "InvalidTarget: Unsupported Target Type".
    if (!ok || !t.Values.length) throw new InvalidTarget('Unsupported Target Type');
  }
}

/**
 * The node ids an association applies to now, in id order. `only` restricts the answer to these nodes (a node
 * that joined or was re-tagged). Nodes of every ping status count: an offline node's run fails, as on AWS.
 */
export function resolveNodeTargets(
  store: Store,
  scope: Scope,
  config: AssociationConfig,
  nowMs: number,
  only?: string[],
): string[] {
  const conditions: NodeCondition[] = [];
  if (only) conditions.push({ column: 'instance_id', op: 'in', values: only });
  if (config.InstanceId) {
    conditions.push({ column: 'instance_id', op: 'in', values: [config.InstanceId] });
  } else {
    const targets = config.Targets ?? [];
    if (!targets.length) return [];
    for (const t of targets) {
      if (/^instanceids$/i.test(t.Key)) {
        if (!t.Values.includes('*')) conditions.push({ column: 'instance_id', op: 'in', values: t.Values });
      } else if (t.Key.startsWith('tag:')) conditions.push({ tagKeys: [t.Key.slice(4)], values: t.Values });
      else if (t.Key === 'tag-key') conditions.push({ tagKeys: t.Values });
      else if (t.Key === 'resource-groups:Name' || t.Key === 'ResourceGroup')
        // Nodes carry group membership as the tag `resource-groups:Name` (no Resource Groups service here).
        conditions.push({ tagKeys: ['resource-groups:Name'], values: t.Values });
      else if (t.Key === 'resource-groups:ResourceTypeFilters' || t.Key === 'AWS::EC2::Instance') continue;
      else return []; // ParameterValues: not nodes
    }
  }
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
    for (const n of page.items) out.push(n.instanceId);
    if (!page.nextToken || !page.items.length) break;
    after = page.items[page.items.length - 1].instanceId;
  }
  return out;
}
