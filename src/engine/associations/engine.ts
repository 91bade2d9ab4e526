// The State Manager engine: creates, updates and deletes associations (each change a new version), runs them
// at creation, on their schedule (one timer on the emulator clock), on StartAssociationsOnce and on nodes that
// join or gain a matching tag; ends a previous process's unfinished runs at start and drops live work on reset.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { EventBus } from '../events.js';
import type { Store } from '../../store/index.js';
import type { FleetEngine, NodeRef } from '../fleet/fleet.js';
import type { CommandEngine } from '../commands/engine.js';
import type { AutomationEngine } from '../automation/engine.js';
import type { ComplianceEngine } from '../compliance/engine.js';
import type { AssociationConfig, StoredAssociation } from '../../store/repositories/associations.js';
import {
  AssociationAlreadyExists,
  AssociationDoesNotExist,
  AssociationLimitExceeded,
  AssociationVersionLimitExceeded,
  InvalidAssociationVersion,
  InvalidUpdate,
} from '../../model/generated/errors.js';
import { next, validateAssociationSchedule } from '../schedule/index.js';
import { settle } from '../settle.js';
import { MANAGED_INSTANCE } from '../compliance/limits.js';
import { associationEvents, type AssociationEvents } from './events.js';
import {
  DEFAULT_DOCUMENT_VERSION,
  MAX_ASSOCIATION_VERSIONS,
  MAX_ASSOCIATIONS_PER_SCOPE,
  SETTLE_QUIET_TURNS,
  SETTLE_REAL_MS,
} from './limits.js';
import { AssociationRun, type RunHost } from './run.js';
import { AssociationScheduler } from './scheduler.js';
import { resolveNodeTargets } from './targets.js';
import { prepareAssociation } from './validate.js';

export interface AssociationEngineDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
  fleet: FleetEngine;
  commands: CommandEngine;
  automation: AutomationEngine;
  compliance: ComplianceEngine;
  log: Logger;
}

type Scope = { account: string; region: string };
type PartialScope = { account?: string; region?: string };
const inScope = (s: PartialScope, x: Scope) =>
  (!s.account || x.account === s.account) && (!s.region || x.region === s.region);

/** The text AWS's model gives AssociationDoesNotExist (no captured text differs). */
export const NO_SUCH_ASSOCIATION = "The specified association doesn't exist.";
/** InvalidAssociationVersion, in the model's words. */
const BAD_VERSION =
  "The version you specified isn't valid. Use ListAssociationVersions to view all versions of an association according to the association ID. Or, use the $LATEST parameter to view the latest version of the association.";

export class AssociationEngine implements RunHost {
  readonly events: AssociationEvents;
  private readonly scheduler: AssociationScheduler;
  private readonly runs = new Set<AssociationRun>();
  private readonly pendingNodes = new Map<string, { scope: Scope; ids: Set<string> }>();
  private nodeFlushScheduled = false;
  private unwatch: (() => void) | undefined;
  private started = false;

  constructor(private readonly deps: AssociationEngineDeps) {
    this.events = associationEvents(deps.events);
    this.scheduler = new AssociationScheduler({
      clock: deps.clock,
      associations: () => deps.store.associations,
      nextRun: (a, afterMs) => nextRun(a, afterMs),
      fire: (due) => this.runScheduled(due),
    });
  }

  get store(): Store {
    return this.deps.store;
  }
  get clock(): Clock {
    return this.deps.clock;
  }
  get commands(): CommandEngine {
    return this.deps.commands;
  }
  get automation(): AutomationEngine {
    return this.deps.automation;
  }
  get compliance(): ComplianceEngine {
    return this.deps.compliance;
  }
  warn(message: string, err?: unknown): void {
    this.deps.log.warn({ err }, message);
  }

  // ---- lifecycle ----

  /** Ends what a previous process left running, skips runs missed meanwhile, sets the timer, watches nodes. */
  start(): void {
    this.started = true;
    const { store, clock } = this.deps;
    const now = clock.nowMs();
    store.transaction(() => {
      const history = store.associationExecutions;
      for (const e of history.unfinishedExecutions()) {
        // Ours: a run cannot continue after a restart (its waits lived in the stopped process): it fails, visibly.
        for (const t of history.unfinishedTargets(e))
          history.putTarget({ ...t, status: 'Failed', detailedStatus: 'Interrupted', lastExecutionMs: now });
        history.putExecution({ ...e, status: 'Failed', detailedStatus: 'Interrupted', lastExecutionMs: now });
      }
      // A scheduled run missed while the emulator was down is skipped, not replayed: the next one is after now.
      for (const a of store.associations.everyAssociation()) {
        if (a.nextMs === undefined || a.nextMs > now) continue;
        a.nextMs = nextRun(a, now);
        store.associations.put(a);
      }
    });
    this.scheduler.arm();
    this.unwatch = this.deps.fleet.onNodesChanged((nodes) => this.nodesChanged(nodes));
  }

  /** /_emulator/reset: the store has been cleared; live runs of the scope stop and write nothing more. */
  reset(scope: PartialScope = {}): void {
    for (const run of [...this.runs]) {
      if (!inScope(scope, run.exec)) continue;
      run.abandon();
      this.runs.delete(run);
    }
    for (const [k, p] of this.pendingNodes) if (inScope(scope, p.scope)) this.pendingNodes.delete(k);
    if (this.started) this.scheduler.arm();
  }

  close(): void {
    this.scheduler.disarm();
    this.unwatch?.();
    for (const run of this.runs) run.abandon();
    this.runs.clear();
    this.pendingNodes.clear();
    this.started = false;
  }

  // ---- what handlers call ----

  /** CreateAssociation (and each entry of CreateAssociationBatch): checked, stored, run unless told to wait. */
  create(
    caller: Scope,
    config: AssociationConfig,
    tags: { Key: string; Value: string }[] = [],
  ): StoredAssociation {
    const { store, clock } = this.deps;
    const scope = { account: caller.account, region: caller.region };
    const prepared = prepareAssociation(store, scope, config);
    if (
      config.InstanceId &&
      store.associations.byInstance(scope.account, scope.region, config.InstanceId, config.Name)
    )
      // CreateAssociationBatch API reference: "If you associate a document with a managed node that already has
      // an associated document, the system returns the AssociationAlreadyExists exception." (no message member)
      throw new AssociationAlreadyExists('');
    if (store.associations.count(scope.account, scope.region) >= MAX_ASSOCIATIONS_PER_SCOPE)
      throw new AssociationLimitExceeded('');
    const now = clock.nowMs();
    const a: StoredAssociation = {
      ...scope,
      associationId: randomUUID(),
      version: 1,
      config: prepared.config,
      documentType: prepared.documentType,
      createdMs: now,
      updatedMs: now,
      // create-association CLI example: a legacy association is "Associated"; one with targets is "Creating".
      ...(config.InstanceId
        ? { status: { dateMs: now, name: 'Associated', message: `Associated with ${config.Name}` } }
        : {}),
      overview: {
        status: 'Pending',
        detailedStatus: config.InstanceId ? 'Associated' : 'Creating',
        counts: {},
      },
      scheduleFromMs: now,
    };
    a.nextMs = nextRun(a, now);
    store.transaction(() => {
      store.associations.put(a);
      store.associations.putVersion({
        ...scope,
        associationId: a.associationId,
        version: 1,
        createdMs: now,
        config: a.config,
      });
      if (tags.length)
        store.tags.put(
          scope.account,
          scope.region,
          'Association',
          a.associationId,
          tags.map((t) => ({ key: t.Key, value: t.Value })),
        );
    });
    this.events.association(a);
    this.scheduled();
    // ApplyOnlyAtCronInterval: "Specify this option if you don't want an association to run immediately after
    // you create it." Otherwise it runs at once (CreateAssociation API reference).
    if (!a.config.ApplyOnlyAtCronInterval) this.run(a);
    return a;
  }

  /** UpdateAssociation: a new version; runs at once unless ApplyOnlyAtCronInterval (API reference). */
  update(
    caller: Scope,
    associationId: string,
    input: Partial<AssociationConfig>,
    expectedVersion?: string,
  ): StoredAssociation {
    const { store, clock } = this.deps;
    const scope = { account: caller.account, region: caller.region };
    const a = this.get(scope, associationId);
    // "You must specify the latest association version in the service... either specify $LATEST, or omit this."
    if (
      expectedVersion !== undefined &&
      expectedVersion !== '$LATEST' &&
      expectedVersion !== String(a.version)
    )
      throw new InvalidAssociationVersion(BAD_VERSION);
    if (a.version >= MAX_ASSOCIATION_VERSIONS)
      throw new AssociationVersionLimitExceeded(
        `You have reached the maximum number versions allowed for an association. Each association has a limit of ${MAX_ASSOCIATION_VERSIONS} versions.`,
      );
    if (
      a.config.InstanceId &&
      (input.Targets?.length || (input.Name !== undefined && input.Name !== a.config.Name))
    )
      // Ours: a legacy association is its document on its node; neither can change.
      throw new InvalidUpdate(
        'An association created with InstanceId cannot change its document or targets.',
      );
    const name = input.Name ?? a.config.Name;
    // "When you call UpdateAssociation, the system removes all optional parameters from the request and overwrites
    // the association with null values for those parameters" (API reference): only what names the document and
    // the nodes is kept when absent, since an association cannot be without them.
    const config: AssociationConfig = {
      ...input,
      Name: name,
      DocumentVersion:
        input.DocumentVersion ??
        (name === a.config.Name ? a.config.DocumentVersion : DEFAULT_DOCUMENT_VERSION),
      ...(a.config.InstanceId ? { InstanceId: a.config.InstanceId } : {}),
      ...(input.Targets?.length
        ? { Targets: input.Targets }
        : a.config.Targets
          ? { Targets: a.config.Targets }
          : {}),
    };
    const prepared = prepareAssociation(store, scope, config);
    const now = clock.nowMs();
    const updated: StoredAssociation = {
      ...a,
      version: a.version + 1,
      config: prepared.config,
      documentType: prepared.documentType,
      updatedMs: now,
      scheduleFromMs: now,
    };
    updated.nextMs = nextRun(updated, now);
    store.transaction(() => {
      store.associations.put(updated);
      store.associations.putVersion({
        ...scope,
        associationId,
        version: updated.version,
        createdMs: now,
        config: updated.config,
      });
    });
    this.events.association(updated);
    this.scheduled();
    if (!updated.config.ApplyOnlyAtCronInterval) this.run(updated);
    return updated;
  }

  /** DeleteAssociation: stops its live runs and removes it, its history, tags and Association compliance items. */
  delete(caller: Scope, associationId: string): void {
    const { store } = this.deps;
    const scope = { account: caller.account, region: caller.region };
    this.get(scope, associationId);
    for (const run of [...this.runs])
      if (run.exec.associationId === associationId && inScope(scope, run.exec)) {
        run.abandon();
        this.runs.delete(run);
      }
    const nodes = store.associationExecutions.instancesOf(scope.account, scope.region, associationId);
    store.transaction(() => {
      for (const id of nodes)
        this.deps.compliance.removeItem(
          { ...scope, resourceType: MANAGED_INSTANCE, resourceId: id },
          'Association',
          associationId,
        );
      store.associations.delete(scope.account, scope.region, associationId);
      store.tags.removeAll(scope.account, scope.region, 'Association', associationId);
    });
    this.scheduled();
  }

  /** StartAssociationsOnce: every id must exist (nothing runs otherwise); each runs once, now. */
  startOnce(scope: Scope, associationIds: string[]): void {
    const found = associationIds.map((id) => this.get(scope, id));
    for (const a of found) this.run(a);
  }

  /** The association, or AssociationDoesNotExist. */
  get(scope: Scope, associationId: string): StoredAssociation {
    const a = this.deps.store.associations.get(scope.account, scope.region, associationId);
    if (!a) throw new AssociationDoesNotExist(NO_SUCH_ASSOCIATION);
    return a;
  }

  /** Runs started and not yet ended (tests and the bench watch them). */
  get liveRuns(): number {
    return this.runs.size;
  }

  // ---- runs ----

  private run(a: StoredAssociation, targetIds?: string[]): AssociationRun {
    const run = new AssociationRun(this, a, targetIds);
    this.runs.add(run);
    void run.finished.then(() => this.runs.delete(run));
    // Off the request path: a run on a thousand nodes starts after CreateAssociation has answered.
    setImmediate(() => run.start());
    return run;
  }

  private scheduled(): void {
    if (this.started) this.scheduler.arm();
  }

  /** The scheduled runs due now; on a virtual clock, work that takes no emulator time ends at this instant. */
  private async runScheduled(due: StoredAssociation[]): Promise<void> {
    const runs = due.map((a) => this.run(a));
    if (this.deps.clock.mode === 'virtual') await this.settle(runs);
  }

  private async settle(runs: AssociationRun[]): Promise<void> {
    await settle({
      events: this.deps.events,
      done: () => runs.every((r) => r.done || !this.runs.has(r)),
      busy: () => this.deps.clock.busy,
      maxRealMs: SETTLE_REAL_MS,
      quietTurns: SETTLE_QUIET_TURNS,
    });
  }

  // ---- nodes that join or gain tags ----

  /** AWS applies associations to new nodes: collected for one turn, then matched against every association. */
  private nodesChanged(nodes: NodeRef[]): void {
    for (const n of nodes) {
      const k = `${n.account}/${n.region}`;
      let p = this.pendingNodes.get(k);
      if (!p)
        this.pendingNodes.set(k, (p = { scope: { account: n.account, region: n.region }, ids: new Set() }));
      p.ids.add(n.instanceId);
    }
    if (this.nodeFlushScheduled) return;
    this.nodeFlushScheduled = true;
    setImmediate(() => {
      this.nodeFlushScheduled = false;
      this.applyToNewNodes();
    });
  }

  private applyToNewNodes(): void {
    const { store, clock } = this.deps;
    const pending = [...this.pendingNodes.values()];
    this.pendingNodes.clear();
    for (const { scope, ids } of pending) {
      for (const a of store.associations.all(scope.account, scope.region)) {
        if (a.documentType !== 'Command') continue;
        const matched = resolveNodeTargets(store, scope, a.config, clock.nowMs(), [...ids]).filter(
          (id) => !store.associationExecutions.hasRun(scope.account, scope.region, id, a.associationId),
        );
        if (matched.length) this.run(a, matched);
      }
    }
  }
}

/** The scheduled run of an association after `afterMs`; undefined without a schedule or once it is spent. */
export function nextRun(a: StoredAssociation, afterMs: number): number | undefined {
  const expression = a.config.ScheduleExpression;
  if (expression === undefined) return undefined;
  const r = validateAssociationSchedule({
    scheduleExpression: expression,
    scheduleOffset: a.config.ScheduleOffset,
    applyOnlyAtCronInterval: a.config.ApplyOnlyAtCronInterval,
  });
  if (!r.ok) return undefined;
  return next(r.schedule, { afterMs, offsetDays: a.config.ScheduleOffset, startMs: a.scheduleFromMs });
}
