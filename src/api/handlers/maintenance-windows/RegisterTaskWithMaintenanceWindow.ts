import { randomUUID } from 'node:crypto';
import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_TASK_PRIORITY, MAX_TASKS_PER_WINDOW } from '../../../engine/maintenance-windows/limits.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import type { StoredWindowTask } from '../../../store/repositories/maintenance-windows.js';
import { fingerprintOf, replayed, requireWindow, toSpecs } from './window-view.js';
import { checkTask, storedInvocationParameters } from './task-write.js';

// LAMBDA and STEP_FUNCTIONS tasks are accepted and stored; when the window opens their invocations fail with a
// StatusDetails that says there is no such service here (docs/maintenance-windows.md).
export default defineHandler('RegisterTaskWithMaintenanceWindow', (input, ctx) => {
  const repo = ctx.services.store.maintenanceWindows;
  const w = requireWindow(ctx, input.WindowId);
  if (input.ClientToken) {
    const prior = replayed(
      repo.findTaskByToken(ctx.account, ctx.region, input.ClientToken),
      input,
      'RegisterTaskWithMaintenanceWindow',
    );
    if (prior) return { WindowTaskId: prior.windowTaskId };
  }
  const task: StoredWindowTask = {
    account: ctx.account,
    region: ctx.region,
    windowId: w.windowId,
    windowTaskId: randomUUID(),
    taskArn: input.TaskArn,
    taskType: input.TaskType,
    targets: toSpecs(input.Targets),
    serviceRoleArn: input.ServiceRoleArn,
    taskParameters: input.TaskParameters,
    invocationParameters: storedInvocationParameters(input.TaskInvocationParameters),
    priority: input.Priority ?? DEFAULT_TASK_PRIORITY,
    maxConcurrency: input.MaxConcurrency,
    maxErrors: input.MaxErrors,
    loggingInfo: input.LoggingInfo,
    name: input.Name,
    description: input.Description,
    cutoffBehavior: input.CutoffBehavior,
    alarmConfiguration: input.AlarmConfiguration,
    clientToken: input.ClientToken,
    requestFingerprint: input.ClientToken ? fingerprintOf(input) : undefined,
  };
  checkTask(ctx.services.store, w, task, { rates: true });
  if (repo.countTasks(ctx, w.windowId) >= MAX_TASKS_PER_WINDOW) throw mwErrors.tooManyTasks(w.windowId);
  repo.putTask(task);
  return { WindowTaskId: task.windowTaskId };
});
