// The values one execution interpolates into step inputs: its parameters, the system variables, step outputs
// (`step.Output`) and runbook variables (`variable:NAME`), kept typed; and the runbook outputs read from them.
import type { AutomationServices } from './actions/types.js';
import type { StoredExecution } from '../../store/repositories/automation.js';
import { interpolate, type AutomationStep, type ParsedAutomationDocument } from '../documents/index.js';
import type { ActionResult } from './actions/types.js';
import { selectOne } from './selectors.js';
import { convertOutput, systemVariables, toStringList } from './values.js';

export class ExecutionValues {
  private readonly values: Record<string, unknown> = {};

  constructor(
    private readonly services: Pick<AutomationServices, 'clock' | 'commands'>,
    private readonly exec: StoredExecution,
    private readonly doc: ParsedAutomationDocument,
    private readonly params: Record<string, unknown>,
  ) {
    for (const [name, decl] of Object.entries(doc.variables ?? {}))
      if (decl.default !== undefined) this.setVariable(name, decl.default);
  }

  /** `{{ ... }}` in a value, substituted with what the execution knows now (unknown references stay as written). */
  interpolate<T>(value: T): T {
    const { account, region, executionId } = this.exec;
    return interpolate(value, {
      parameters: this.params,
      values: {
        ...systemVariables({ account, region, executionId }, this.services.clock.nowMs()),
        ...this.values,
      },
      resolveSsm: this.services.commands.ssmResolver({ account, region }),
    });
  }

  get(name: string): unknown {
    return this.values[name];
  }

  set(name: string, value: unknown): void {
    this.values[name] = value;
  }

  /** A runbook variable: interpolated as `variable:NAME`, shown in the execution's Variables. */
  setVariable(name: string, value: unknown): void {
    this.values[`variable:${name}`] = value;
    this.exec.variables = { ...this.exec.variables, [name]: toStringList(value) };
  }

  /**
   * A step's outputs, typed: the action's built-in ones, then (on success) the step's declared `outputs`
   * (Selector on the payload, Type); each is kept as `step.Name` for later steps.
   */
  stepOutputs(step: AutomationStep, r: ActionResult): Record<string, unknown> {
    const typed: Record<string, unknown> = { ...(r.outputs ?? {}) };
    if (r.status === 'Success') {
      const payload = r.payload ?? r.outputs ?? {};
      for (const o of step.outputs ?? []) {
        const found = selectOne(payload, o.Selector);
        if (found === undefined) continue;
        typed[o.Name] = convertOutput(found, o.Type, o.Name);
      }
    }
    for (const [k, v] of Object.entries(typed)) this.values[`${step.name}.${k}`] = v;
    return typed;
  }

  /** The runbook's `outputs` (`step.Output`) with the values the steps produced. */
  documentOutputs(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const name of this.doc.outputs ?? []) {
      out[name] =
        name in this.values
          ? toStringList(this.values[name])
          : ['No output available yet because the step is not successfully executed'];
    }
    return out;
  }
}
