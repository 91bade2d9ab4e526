// Parameter Store behaviour that outlives a request: the key registry, events, deletion, and parameter
// policies enforced on the emulator clock (UG parameter-store-policies).
import type { Config } from '../../config.js';
import type { Store } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events.js';
import { inScope, type Lifecycle, type ResetScope } from '../lifecycle.js';
import type { TimerHandle } from '../clock.js';
import type { ParameterRecord } from '../../store/repositories/parameters.js';
import { KeyRegistry, loadMasterKey } from './kms.js';
import { decodePolicies, dueAt, encodePolicies, type StoredPolicy } from './policies.js';
import { parameterArn } from './names.js';
import { STANDARD_PARAMETER_LIMIT } from './limits.js';

export type ChangeOperation =
  | 'Create'
  | 'Update'
  | 'Delete'
  | 'LabelParameterVersion'
  | 'UnlabelParameterVersion';

export interface ParameterEngineDeps {
  config: Pick<Config, 'dataDir' | 'inMemory' | 'standardParameterLimit'>;
  store: Store;
  clock: Clock;
  events: EventBus;
}

export class ParameterEngine implements Lifecycle {
  readonly keys: KeyRegistry;
  /** Pending policy timers per parameter (account, region, key). */
  private readonly timers = new Map<string, { account: string; region: string; handles: TimerHandle[] }>();

  constructor(private readonly deps: ParameterEngineDeps) {
    const { config, store, clock } = deps;
    this.keys = new KeyRegistry(store, loadMasterKey(config.dataDir, config.inMemory), () => clock.nowMs());
  }

  get standardLimit(): number {
    return this.deps.config.standardParameterLimit ?? STANDARD_PARAMETER_LIMIT;
  }

  /** Schedules the pending policies of every stored parameter (at start-up). */
  start(): void {
    for (const p of this.deps.store.parameters.allWithPolicies()) this.schedule(p.account, p.region, p);
  }

  /** /_emulator/reset: the scope's policies never fire (their parameters are gone with the store's rows). */
  reset(scope: ResetScope): void {
    for (const [id, t] of this.timers) {
      if (!inScope(scope, t)) continue;
      for (const h of t.handles) this.deps.clock.clearTimer(h);
      this.timers.delete(id);
    }
  }

  close(): void {
    this.reset({});
  }

  /** Policy timers armed now (one per pending policy with a due time). */
  get policyTimers(): number {
    let n = 0;
    for (const t of this.timers.values()) n += t.handles.length;
    return n;
  }

  /** (Re)arms the timers of a parameter's pending policies; call after every write of it. */
  schedule(account: string, region: string, p: ParameterRecord): void {
    this.unschedule(account, region, p.key);
    const policies = decodePolicies(p.policies);
    const handles: TimerHandle[] = [];
    for (const policy of policies) {
      if (policy.status !== 'Pending') continue;
      const at = dueAt(policy, policies, p.lastModifiedMs);
      if (at === undefined) continue;
      handles.push(this.deps.clock.setTimer(at, () => this.fire(account, region, p.key, p.version, policy)));
    }
    if (handles.length) this.timers.set(timerId(account, region, p.key), { account, region, handles });
  }

  unschedule(account: string, region: string, key: string): void {
    const id = timerId(account, region, key);
    for (const h of this.timers.get(id)?.handles ?? []) this.deps.clock.clearTimer(h);
    this.timers.delete(id);
  }

  private fire(account: string, region: string, key: string, version: number, policy: StoredPolicy): void {
    const { store } = this.deps;
    const current = store.parameters.get(account, region, key);
    if (!current) return;
    const policies = decodePolicies(current.policies);
    const mine = policies.find((p) => p.text === policy.text && p.status === 'Pending');
    // A newer write re-armed the timers; this one belongs to a superseded schedule.
    if (!mine || (policy.type === 'NoChangeNotification' && current.version !== version)) return;
    const due = dueAt(mine, policies, current.lastModifiedMs);
    if (due === undefined || due > this.deps.clock.nowMs()) return;
    if (policy.type === 'Expiration') {
      store.transaction(() => this.deleteParameter(account, region, current));
      this.emitPolicyAction(account, region, current, mine);
      this.emitChange(account, region, current, 'Delete');
      return;
    }
    mine.status = 'Finished';
    store.parameters.setPolicies(account, region, key, encodePolicies(policies));
    this.emitPolicyAction(account, region, current, mine);
  }

  /** Deletes a parameter and what hangs off it (versions, labels, tags, resource policies). */
  deleteParameter(account: string, region: string, p: ParameterRecord): boolean {
    const { store } = this.deps;
    if (!store.parameters.delete(account, region, p.key)) return false;
    store.tags.removeAll(account, region, 'Parameter', p.key);
    store.resourcePolicies.deleteAll(account, region, parameterArn(region, account, p.key));
    this.unschedule(account, region, p.key);
    return true;
  }

  /** UG monitoring-systems-manager-event-examples: detail {operation, name, type, description}. */
  emitChange(
    account: string,
    region: string,
    p: ParameterRecord,
    operation: ChangeOperation,
    extra = {},
  ): void {
    const detail: Record<string, unknown> = { operation, name: p.name, type: p.type };
    if (p.description !== undefined) detail.description = p.description;
    this.deps.events.emit({
      'detail-type': 'Parameter Store Change',
      account,
      region,
      resources: [parameterArn(region, account, p.key)],
      detail: { ...detail, ...extra },
    });
  }

  /** UG sysman-paramstore-cwe documents `parameter-name` and `policy-type`; the other keys describe the action. */
  private emitPolicyAction(account: string, region: string, p: ParameterRecord, policy: StoredPolicy): void {
    this.deps.events.emit({
      'detail-type': 'Parameter Store Policy Action',
      account,
      region,
      resources: [parameterArn(region, account, p.key)],
      detail: {
        'parameter-name': p.name,
        'parameter-type': p.type,
        'policy-type': policy.type,
        'policy-content': policy.text,
        'action-status': 'Finished',
        'action-reason':
          policy.type === 'Expiration'
            ? `Parameter ${p.name} has been deleted as its expiration time was reached.`
            : policy.type === 'ExpirationNotification'
              ? `Parameter ${p.name} will expire soon.`
              : `Parameter ${p.name} has not been changed for the time the policy specifies.`,
      },
    });
  }
}

const timerId = (account: string, region: string, key: string) => `${account}\u0000${region}\u0000${key}`;
