// The Automation engine: checks and creates executions, runs each one's interpreter off the request path,
// fans rate-controlled executions out into child executions, routes stops and signals, keeps the store and
// the event bus up to date, and answers the API's reads.
import type { Lifecycle, ResetScope } from '../lifecycle.js';
import { nextExecutionStatus } from './status.js';
import { ServiceError } from '../../model/service-error.js';
import {
  AutomationDefinitionNotFoundException,
  AutomationDefinitionVersionNotFoundException,
  AutomationExecutionLimitExceededException,
  AutomationExecutionNotFoundException,
  AutomationStepNotFoundException,
  IdempotentParameterMismatch,
  InvalidAutomationExecutionParametersException,
  InvalidAutomationSignalException,
  InvalidAutomationStatusUpdateException,
} from '../../model/generated/errors.js';
import { randomUUID } from 'node:crypto';
import type { StartAutomationExecutionRequest } from '../../model/generated/types.js';
import type { StoredExecution, StoredStepExecution } from '../../store/repositories/automation.js';
import { interpolate, InvalidParametersError, loadDocument, resolveParameters } from '../documents/index.js';
import { actionRegistry, nativeStep } from './actions/index.js';
import type { ActionRunner, AutomationServices, AutomationSignal } from './actions/types.js';
import type { SsmApi } from './aws-api.js';
import { DEFAULT_MAX_CONCURRENCY, MAX_NESTING_DEPTH, RESOLVED_TARGETS_SHOWN } from './limits.js';
import { ExecutionRun, isFinal, type RunHost } from './runner.js';
import { TargetFanOut, resolveTargetValues } from './targets.js';
import { systemVariables, toParameterMap } from './values.js';
import { automationEvents } from './events.js';
import { changeRequestVariant, type ChangeRequestRunbook } from './change-request.js';

export interface StartOptions {
  /** The execution whose aws:executeAutomation step starts this one. */
  nestedIn?: string;
  /** The rate-controlled parent this child belongs to, and the target it runs for. */
  parent?: { executionId: string; target: string };
  /** Change Manager's fields (StartChangeRequestExecution). */
  changeRequest?: Pick<StoredExecution, 'changeRequestName' | 'runbooks' | 'scheduledMs'> & {
    autoApprove: boolean;
  };
}

const NO_DOCUMENT = 'The specified document does not exist.';

type Scope = { account: string; region: string };
const keyOf = (s: Scope, id: string) => `${s.account}/${s.region}/${id}`;

/** The engines and state executions use; ssmApi calls this emulator's API for aws:executeAwsApi & co. */
export type AutomationEngineDeps = Omit<AutomationServices, 'automation'> & { ssmApi?: SsmApi };

export class AutomationEngine implements RunHost, Lifecycle {
  readonly services: AutomationServices;
  private readonly registry: Map<string, ActionRunner>;
  private readonly runs = new Map<string, ExecutionRun>();
  private readonly fanOuts = new Map<string, TargetFanOut>();
  private readonly finishWaiters = new Map<string, ((e: StoredExecution) => void)[]>();
  private readonly depth = new Map<string, number>();
  /** Executions a reset removed: whatever their abandoned interpreters still do is not written. */
  private readonly dropped = new Set<string>();
  private readonly events: ReturnType<typeof automationEvents>;

  constructor({ ssmApi, ...deps }: AutomationEngineDeps) {
    this.services = { ...deps, automation: this };
    this.registry = actionRegistry(ssmApi);
    this.events = automationEvents(deps.events);
  }

  /** An execution cannot continue after a restart (its waits lived in this process): it fails, visibly. */
  start(): void {
    const { store, clock } = this.services;
    const now = clock.nowMs();
    store.transaction(() => {
      for (const e of store.automation.listUnfinished()) {
        e.status = nextExecutionStatus(e.status, 'Failed');
        e.endMs = now;
        e.failureMessage = 'The execution was interrupted because ssm-emulator stopped while it ran.';
        store.automation.putExecution(e);
      }
    });
  }

  action(name: string): ActionRunner | undefined {
    return this.registry.get(name);
  }

  nativeStep(documentName: string, stepName: string): ActionRunner | undefined {
    return nativeStep(documentName, stepName);
  }

  // ---- StartAutomationExecution ----

  startExecution(
    scope: Scope,
    callerArn: string,
    req: StartAutomationExecutionRequest,
    opts: StartOptions = {},
  ): string {
    const { store, clock } = this.services;
    const fingerprint = JSON.stringify({ ...req, ClientToken: undefined });
    if (req.ClientToken) {
      const prior = store.automation.findByClientToken(scope.account, scope.region, req.ClientToken);
      if (prior) {
        if (prior.requestFingerprint === fingerprint) return prior.executionId;
        throw new IdempotentParameterMismatch(
          'Error occurred during operation StartAutomationExecution. ClientToken is already used with different parameters.',
        );
      }
    }
    const depth = opts.nestedIn ? (this.depth.get(keyOf(scope, opts.nestedIn)) ?? 0) + 1 : 0;
    if (depth > MAX_NESTING_DEPTH)
      throw new AutomationExecutionLimitExceededException(
        `Nested automation executions exceed the limit of ${MAX_NESTING_DEPTH} levels.`,
      );
    const loaded = loadDocument(store, scope, req.DocumentName, req.DocumentVersion);
    if (!loaded) throw new AutomationDefinitionNotFoundException(NO_DOCUMENT);
    if (!loaded.version)
      throw new AutomationDefinitionVersionNotFoundException(
        `Document version ${req.DocumentVersion ?? ''} of document ${req.DocumentName} was not found.`,
      );
    const { ref, version, parsed } = loaded;
    if (parsed.kind !== 'Automation')
      throw new InvalidAutomationExecutionParametersException(
        `Document ${ref.name} is of type ${ref.documentType}; only Automation documents can be executed.`,
      );
    // Not captured from AWS: a change template runs only as a change request, a runbook only on its own.
    if (Boolean(opts.changeRequest) !== (ref.documentType === 'Automation.ChangeTemplate'))
      throw new InvalidAutomationExecutionParametersException(
        opts.changeRequest
          ? `Document ${ref.name} is not a change template (type Automation.ChangeTemplate).`
          : `Document ${ref.name} is a change template; start it with StartChangeRequestExecution.`,
      );
    if (opts.changeRequest)
      for (const rb of opts.changeRequest.runbooks ?? []) {
        const found = loadDocument(
          store,
          scope,
          String(rb.DocumentName),
          rb.DocumentVersion as string | undefined,
        );
        if (!found?.version) throw new AutomationDefinitionNotFoundException(NO_DOCUMENT);
      }
    const fanOut = req.Targets?.length || req.TargetMaps?.length;
    if (req.Targets?.length && req.TargetMaps?.length)
      throw new InvalidAutomationExecutionParametersException(
        'Targets and TargetMaps cannot both be specified.',
      );
    if (req.Targets?.length && !req.TargetParameterName)
      throw new InvalidAutomationExecutionParametersException(
        'TargetParameterName must be specified when Targets is specified.',
      );
    if (req.TargetParameterName && !(req.TargetParameterName in parsed.parameters))
      throw new InvalidAutomationExecutionParametersException(
        `TargetParameterName ${req.TargetParameterName} is not a parameter of the document ${ref.name}.`,
      );

    const executionId = randomUUID();
    const targets = req.Targets?.map((t) => ({ Key: t.Key ?? '', Values: t.Values ?? [] }));
    const ssm = this.services.commands.ssmResolver(scope);
    let params: Record<string, unknown>;
    let targetValues: string[] | undefined;
    try {
      if (fanOut) {
        // The targets fill TargetParameterName (or TargetMaps the mapped ones) per child: check the rest now.
        const filled = new Set([
          ...(req.TargetParameterName ? [req.TargetParameterName] : []),
          ...(req.TargetMaps ?? []).flatMap((m) => Object.keys(m)),
        ]);
        const declarations = { ...parsed.parameters };
        const supplied: Record<string, unknown> = { ...req.Parameters };
        for (const name of filled) {
          delete declarations[name];
          delete supplied[name];
        }
        params = resolveParameters(declarations, supplied, { resolveSsm: ssm });
      } else {
        params = resolveParameters(parsed.parameters, req.Parameters, { resolveSsm: ssm });
      }
    } catch (err) {
      if (err instanceof InvalidParametersError)
        throw new InvalidAutomationExecutionParametersException(parameterMessage(err));
      // A {{ ssm-secure: }} default whose key cannot decrypt (pending deletion): the parameters are not usable.
      if (err instanceof ServiceError) throw new InvalidAutomationExecutionParametersException(err.message);
      throw err;
    }
    if (targets?.length) targetValues = resolveTargetValues(this.services, scope, targets);
    // Defaults may use system variables (`CustomAMI-{{global:DATE_TIME}}`): fixed once, at the start.
    params = interpolate(params, {
      values: systemVariables({ ...scope, executionId }, clock.nowMs()),
    });

    const exec: StoredExecution = {
      account: scope.account,
      region: scope.region,
      executionId,
      documentName: ref.name,
      documentVersion: String(version.version),
      status: 'Pending',
      mode: req.Mode ?? 'Auto',
      executedBy: callerArn,
      startMs: clock.nowMs(),
      parameters: toParameterMap(params),
      outputs: {},
      automationType: 'Local',
      clientToken: req.ClientToken,
      requestFingerprint: req.ClientToken ? fingerprint : undefined,
      parentId: opts.parent?.executionId ?? opts.nestedIn,
      target: opts.parent?.target,
      targetParameterName: req.TargetParameterName,
      targets,
      targetMaps: req.TargetMaps,
      maxConcurrency: fanOut ? (req.MaxConcurrency ?? DEFAULT_MAX_CONCURRENCY) : req.MaxConcurrency,
      maxErrors: fanOut ? (req.MaxErrors ?? '0') : req.MaxErrors,
      targetLocations: req.TargetLocations,
      alarmConfiguration: req.AlarmConfiguration,
      tags: req.Tags,
      plannedSteps:
        fanOut || opts.changeRequest?.autoApprove
          ? undefined
          : parsed.steps.map((st) => ({ StepName: st.name, Action: st.action })),
      ...(opts.changeRequest
        ? {
            subtype: 'ChangeRequest' as const,
            changeRequestName: opts.changeRequest.changeRequestName,
            runbooks: opts.changeRequest.runbooks,
            scheduledMs: opts.changeRequest.scheduledMs,
          }
        : {}),
    };
    if (targetValues) {
      exec.resolvedTargets = {
        ParameterValues: targetValues.slice(0, RESOLVED_TARGETS_SHOWN),
        Truncated: targetValues.length > RESOLVED_TARGETS_SHOWN,
      };
    }
    this.saveExecution(exec);
    this.depth.set(keyOf(scope, executionId), depth);
    if (fanOut) {
      const f = new TargetFanOut(this, exec, req, params, targetValues);
      this.fanOuts.set(keyOf(scope, executionId), f);
      setImmediate(() => f.start());
    } else {
      const cr = opts.changeRequest;
      const run = cr
        ? new ExecutionRun(
            this,
            exec,
            cr.autoApprove ? { ...parsed, steps: [] } : parsed,
            params,
            changeRequestVariant(this, (cr.runbooks ?? []) as unknown as ChangeRequestRunbook[]),
          )
        : new ExecutionRun(this, exec, parsed, params);
      this.runs.set(keyOf(scope, executionId), run);
      void run.finished.then(() => this.executionEnded(exec));
      setImmediate(() => {
        if (this.runs.get(keyOf(scope, executionId)) === run) run.start();
      });
    }
    return executionId;
  }

  /** A child (target) execution of a fan-out; the fan-out tells us when it ends. */
  startChild(parent: StoredExecution, req: StartAutomationExecutionRequest, target: string): string {
    return this.startExecution(parent, parent.executedBy, req, {
      parent: { executionId: parent.executionId, target },
    });
  }

  // ---- reads ----

  get(scope: Scope, executionId: string): { exec: StoredExecution; steps: StoredStepExecution[] } {
    const k = keyOf(scope, executionId);
    const run = this.runs.get(k);
    if (run) return { exec: run.exec, steps: run.steps };
    const fan = this.fanOuts.get(k);
    if (fan) return { exec: fan.exec, steps: fan.steps };
    const exec = this.services.store.automation.getExecution(scope.account, scope.region, executionId);
    if (!exec) throw notFound(executionId);
    return {
      exec,
      steps: this.services.store.automation.listSteps(scope.account, scope.region, executionId),
    };
  }

  whenFinished(scope: Scope, executionId: string): Promise<StoredExecution> {
    const { exec } = this.get(scope, executionId);
    if (isFinal(exec.status) && !this.runs.has(keyOf(scope, executionId))) return Promise.resolve(exec);
    return new Promise((resolve) => {
      const k = keyOf(scope, executionId);
      const list = this.finishWaiters.get(k) ?? [];
      list.push(resolve);
      this.finishWaiters.set(k, list);
    });
  }

  // ---- StopAutomationExecution / SendAutomationSignal ----

  stopExecution(scope: Scope, executionId: string, type: 'Cancel' | 'Complete'): void {
    const k = keyOf(scope, executionId);
    const run = this.runs.get(k);
    const fan = this.fanOuts.get(k);
    if (!run && !fan) {
      const { exec } = this.get(scope, executionId); // throws when unknown
      throw new InvalidAutomationStatusUpdateException(
        `The execution ${exec.executionId} is already in a terminal state (${exec.status}).`,
      );
    }
    if (run) run.stop(type);
    else fan!.stop(type);
  }

  signal(scope: Scope, executionId: string, signal: AutomationSignal): void {
    const k = keyOf(scope, executionId);
    const run = this.runs.get(k);
    if (!run) {
      this.get(scope, executionId); // throws when unknown
      throw new InvalidAutomationSignalException(`The execution ${executionId} is not waiting for a signal.`);
    }
    const waiting = run.waitingFor();
    if (signal.type === 'StartStep' || signal.type === 'StopStep') {
      if (run.exec.mode !== 'Interactive')
        throw new InvalidAutomationSignalException(
          `Signal ${signal.type} is only valid for an execution in Interactive mode.`,
        );
      const name = signal.payload.StepName?.[0];
      if (!name)
        throw new InvalidAutomationSignalException(
          `Signal ${signal.type} needs the StepName in its Payload.`,
        );
      if (!run.hasStep(name)) throw new AutomationStepNotFoundException(`Step ${name} was not found.`);
      if (signal.type === 'StartStep' && waiting !== 'start-step')
        throw new InvalidAutomationSignalException(
          `The execution ${executionId} is running a step and cannot start ${name} now.`,
        );
      if (signal.type === 'StopStep' && run.currentStep()?.stepName !== name)
        throw new InvalidAutomationSignalException(`Step ${name} is not running.`);
    } else {
      const current = run.currentStep();
      const expects =
        current?.action === 'aws:approve'
          ? ['Approve', 'Reject']
          : current?.action === 'aws:pause'
            ? ['Resume']
            : [];
      if (
        waiting !== 'step-signal' ||
        !current ||
        current.status !== 'Waiting' ||
        !expects.includes(signal.type)
      )
        throw new InvalidAutomationSignalException(
          `The execution ${executionId} is not waiting for a ${signal.type} signal.`,
        );
    }
    run.deliver(signal);
  }

  // ---- RunHost: persistence and events ----

  saveExecution(exec: StoredExecution): void {
    if (this.dropped.has(keyOf(exec, exec.executionId))) return;
    this.services.store.automation.putExecution(exec);
    this.events.execution(exec);
  }

  saveStep(exec: StoredExecution, seq: number, step: StoredStepExecution): void {
    if (this.dropped.has(keyOf(exec, exec.executionId))) return;
    this.services.store.automation.putStep(exec, seq, step);
  }

  stepChanged(exec: StoredExecution, step: StoredStepExecution): void {
    if (this.dropped.has(keyOf(exec, exec.executionId))) return;
    this.events.step(exec, step);
  }

  executionEnded(exec: StoredExecution): void {
    const k = keyOf(exec, exec.executionId);
    this.runs.delete(k);
    this.fanOuts.delete(k);
    this.depth.delete(k);
    const waiters = this.finishWaiters.get(k);
    this.finishWaiters.delete(k);
    for (const w of waiters ?? []) w({ ...exec });
  }

  // ---- lifecycle ----

  reset(scope: ResetScope): void {
    const inScope = (k: string) => {
      const [account, region] = k.split('/');
      return (!scope.account || account === scope.account) && (!scope.region || region === scope.region);
    };
    for (const [k, run] of this.runs) {
      if (!inScope(k)) continue;
      this.dropped.add(k);
      this.runs.delete(k);
      run.abandon();
    }
    for (const [k, fan] of this.fanOuts) {
      if (!inScope(k)) continue;
      this.dropped.add(k);
      this.fanOuts.delete(k);
      fan.abandon();
    }
    for (const k of [...this.finishWaiters.keys()]) if (inScope(k)) this.finishWaiters.delete(k);
  }

  close(): void {
    for (const run of this.runs.values()) run.abandon();
    for (const fan of this.fanOuts.values()) fan.abandon();
    this.runs.clear();
    this.fanOuts.clear();
  }
}

/**
 * AWS answers one problem at a time, in these words (CloudTrail captures quoted in the research notes:
 * CrowdStrike/aws-ssm-distributor issues 85, 100, 135; "Undefined execution inputs" from runbook projects).
 */
export function parameterMessage(err: InvalidParametersError): string {
  const undeclared = err.issues.filter((i) => i.code === 'undeclared').map((i) => i.parameter);
  if (undeclared.length) return `Undefined execution inputs: [${undeclared.join(', ')}]`;
  const first = err.issues.find((i) => i.code === 'required') ?? err.issues[0];
  switch (first.code) {
    case 'required':
      return `Missing required parameter: ${first.parameter} in user inputs.`;
    case 'type': {
      const type = /not of type (\w+)/.exec(first.message)?.[1] ?? 'String';
      return `Parameter type error. The value supplied for ${first.parameter} is not a valid ${type}.`;
    }
    case 'allowedValues': {
      const m = /has value "(.*)", which is not one of the allowed values \[(.*)\]\.$/.exec(first.message);
      return m ? `Parameter "${first.parameter}" has value "${m[1]}" not found in [${m[2]}].` : first.message;
    }
    default:
      return first.message;
  }
}

function notFound(executionId: string): AutomationExecutionNotFoundException {
  return new AutomationExecutionNotFoundException(`Automation execution ${executionId} does not exist.`);
}
