// Fakes for the Automation interpreter's parts: services on a frozen virtual clock, a host that records what the
// interpreter saves and announces, runbooks and executions, and the ActionContext parts an action may not use.
import { Clock } from '../../../src/engine/clock.js';
import type { AutomationStep, ParsedAutomationDocument } from '../../../src/engine/documents/index.js';
import type { ActionRunner, ExecutionAccess } from '../../../src/engine/automation/actions/types.js';
import type { RunHost } from '../../../src/engine/automation/runner.js';
import { ExecutionValues } from '../../../src/engine/automation/execution-values.js';
import { SignalBox } from '../../../src/engine/automation/signal-box.js';
import { StepExecutor } from '../../../src/engine/automation/step-executor.js';
import { StepRecords } from '../../../src/engine/automation/step-records.js';
import type { Services } from '../../../src/services.js';
import { silentLogger } from '../../../src/engine/logger.js';
import type { StoredExecution, StoredStepExecution } from '../../../src/store/repositories/automation.js';

export const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

export function virtualClock(): Clock {
  const clock = new Clock(() => T0);
  clock.freeze();
  return clock;
}

/** The services the interpreter reads: the clock, and Parameter Store for `{{ ssm:NAME }}`. */
export function fakeServices(clock: Clock, parameters: Record<string, string> = {}): Services {
  return {
    clock,
    log: silentLogger,
    commands: { ssmResolver: () => (name: string) => parameters[name] },
  } as unknown as Services;
}

export function execution(mode: 'Auto' | 'Interactive' = 'Auto'): StoredExecution {
  return {
    account: '123456789012',
    region: 'eu-west-1',
    executionId: '0c5d2f3a-1111-2222-3333-444455556666',
    documentName: 'Runbook',
    documentVersion: '1',
    status: 'Pending',
    mode,
    executedBy: 'arn:aws:iam::123456789012:root',
    startMs: T0,
    parameters: {},
    outputs: {},
    automationType: 'Local',
  };
}

export function runbook(
  steps: AutomationStep[],
  more: Partial<Pick<ParsedAutomationDocument, 'variables' | 'outputs'>> = {},
): ParsedAutomationDocument {
  return {
    kind: 'Automation',
    schemaVersion: '0.3',
    variables: more.variables ?? {},
    outputs: more.outputs ?? [],
    steps,
  } as unknown as ParsedAutomationDocument;
}

/** A host that keeps every save and announcement, with the actions a test gives it. */
export class RecordingHost implements RunHost {
  /** Execution statuses in the order they were saved. */
  readonly statuses: string[] = [];
  /** `stepName:status` for every step status announced. */
  readonly stepChanges: string[] = [];
  /** The last saved copy of each step execution, by position. */
  readonly saved: StoredStepExecution[] = [];

  constructor(
    readonly services: Services,
    private readonly actions: Record<string, ActionRunner> = {},
  ) {}

  saveExecution(exec: StoredExecution): void {
    this.statuses.push(exec.status);
  }
  saveStep(_exec: StoredExecution, seq: number, step: StoredStepExecution): void {
    this.saved[seq] = structuredClone(step);
  }
  stepChanged(_exec: StoredExecution, step: StoredStepExecution): void {
    this.stepChanges.push(`${step.stepName}:${step.status}`);
  }
  action(name: string): ActionRunner | undefined {
    return this.actions[name];
  }
}

/** The ExecutionAccess of a context for an action that must not reach the execution. */
export function unusedExecution(): ExecutionAccess {
  const unused = (): never => {
    throw new Error('this action does not reach its execution');
  };
  return {
    get step(): never {
      return unused();
    },
    get variables(): never {
      return unused();
    },
    interpolate: unused,
    value: unused,
    setValue: unused,
    setVariable: unused,
    runStep: unused,
  };
}

/** Lets promise continuations run (a timer the clock fires resumes a step a few microtasks later). */
export const flush = () => new Promise<void>((r) => setImmediate(r));

/** Watches a promise: `done` turns true once it settles. */
export function watch<T>(p: Promise<T>): { done: boolean; value?: T } {
  const w: { done: boolean; value?: T } = { done: false };
  void p.then((v) => {
    w.done = true;
    w.value = v;
  });
  return w;
}

/** A StepExecutor over a runbook, with the parts it shares with its execution, on a frozen virtual clock. */
export function stepsOf(
  doc: ParsedAutomationDocument,
  actions: Record<string, ActionRunner>,
  params: Record<string, unknown> = {},
) {
  const clock = virtualClock();
  const services = fakeServices(clock);
  const host = new RecordingHost(services, actions);
  const exec = execution();
  const values = new ExecutionValues(services, exec, doc, params);
  const records = new StepRecords(host, exec);
  const signals = new SignalBox();
  const control: { stop?: 'Cancel' | 'Complete' } = {};
  const executor = new StepExecutor({
    services,
    exec,
    doc,
    values,
    records,
    signals,
    stopRequested: () => control.stop,
    action: (name) => host.action(name),
    setStatus: (status) => {
      exec.status = status;
      host.saveExecution(exec);
    },
  });
  /** Runs the runbook's step of this name. */
  const run = (name: string) => executor.run(doc.steps.find((s) => s.name === name)!);
  return { clock, host, exec, values, records, signals, control, executor, run };
}
