// The cross-field rules of RegisterTaskWithMaintenanceWindow / UpdateMaintenanceWindowTask.
import type * as T from '../../../model/generated/types.js';
import { ValidationException } from '../../../model/generated/errors.js';
import type { Store } from '../../../store/index.js';
import type { StoredWindow, StoredWindowTask } from '../../../store/repositories/maintenance-windows.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import {
  MAX_TARGETS_PER_TASK,
  TARGETLESS_RATE_PLACEHOLDER,
} from '../../../engine/maintenance-windows/limits.js';
import { checkTaskTargetKeys } from '../../../engine/maintenance-windows/targets.js';

/** TaskInvocationParameters member each task type takes. */
const PARAMETERS_OF: Record<StoredWindowTask['taskType'], string> = {
  RUN_COMMAND: 'RunCommand',
  AUTOMATION: 'Automation',
  LAMBDA: 'Lambda',
  STEP_FUNCTIONS: 'StepFunctions',
};

/** TaskInvocationParameters as stored: a Lambda Payload (a blob) kept as base64 text, as the wire carries it. */
export function storedInvocationParameters(
  p: T.MaintenanceWindowTaskInvocationParameters | undefined,
): StoredWindowTask['invocationParameters'] {
  if (!p) return undefined;
  const out = JSON.parse(JSON.stringify({ ...p, Lambda: undefined })) as Record<
    string,
    Record<string, unknown>
  >;
  if (p.Lambda) {
    const payload = p.Lambda.Payload as unknown;
    out.Lambda = {
      ...p.Lambda,
      Payload: Buffer.isBuffer(payload) ? payload.toString('base64') : (payload as string | undefined),
    };
  }
  return out;
}

/**
 * Checks a task as it would be stored, against its window; fills the targetless placeholders. Throws AWS's
 * ValidationException and changes nothing.
 */
export function checkTask(
  store: Store,
  w: StoredWindow,
  task: StoredWindowTask,
  given: { rates: boolean },
): void {
  const expected = PARAMETERS_OF[task.taskType];
  for (const key of Object.keys(task.invocationParameters ?? {}))
    if (key !== expected) throw mwErrors.wrongInvocationParameters(task.taskType, key);
  if (!task.targets.length) {
    if (task.taskType === 'RUN_COMMAND') throw mwErrors.runCommandNeedsTargets();
    // "you can't supply values for --max-errors and --max-concurrency" (UG, tasks without targets).
    if (given.rates && (task.maxConcurrency !== undefined || task.maxErrors !== undefined))
      throw mwErrors.targetlessRates(task.maxConcurrency !== undefined, task.maxErrors !== undefined);
    task.maxConcurrency = TARGETLESS_RATE_PLACEHOLDER;
    task.maxErrors = TARGETLESS_RATE_PLACEHOLDER;
    return;
  }
  checkTaskTargetKeys(task.targets);
  if (task.targets.reduce((n, t) => n + t.Values.length, 0) > MAX_TARGETS_PER_TASK)
    throw mwErrors.tooManyTaskTargets();
  // MaxConcurrency API reference: "a value can be omitted only when you are registering or updating a targetless
  // task. You must provide a value in all other cases." (ours: the text AWS answers is not published)
  if (task.maxConcurrency === undefined)
    throw new ValidationException('MaxConcurrency is required for a maintenance window task with targets.');
  if (task.maxErrors === undefined)
    throw new ValidationException('MaxErrors is required for a maintenance window task with targets.');
  for (const t of task.targets) {
    if (t.Key === 'InstanceIds' && !w.allowUnassociatedTargets)
      throw mwErrors.unassociatedTargets(w.windowId);
    if (t.Key !== 'WindowTargetIds') continue;
    for (const id of t.Values)
      if (!store.maintenanceWindows.getTarget(w, w.windowId, id))
        throw mwErrors.unknownWindowTarget(id, w.windowId);
  }
}
