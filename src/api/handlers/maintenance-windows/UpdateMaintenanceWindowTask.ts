import { defineHandler } from '../../protocol/handler.js';
import { ValidationException } from '../../../model/generated/errors.js';
import { mwErrors } from '../../../engine/maintenance-windows/errors.js';
import type { StoredWindowTask } from '../../../store/repositories/maintenance-windows.js';
import { requireWindow, toSpecs, toTaskDetails } from './window-view.js';
import { checkTask, storedInvocationParameters } from './task-write.js';

// Only the given fields change; with Replace, TaskArn is required and optional fields not given are cleared.
export default defineHandler('UpdateMaintenanceWindowTask', (input, ctx) => {
  const repo = ctx.services.store.maintenanceWindows;
  const w = requireWindow(ctx, input.WindowId);
  const old = repo.getTask(ctx, input.WindowId, input.WindowTaskId);
  if (!old) throw mwErrors.taskNotFound(input.WindowTaskId);
  // Ours: AWS's text for this case is not published.
  if (input.Replace && input.TaskArn === undefined)
    throw new ValidationException('When Replace is true, these fields are required: TaskArn.');
  const keep = <V>(given: V | undefined, current: V | undefined) =>
    given !== undefined ? given : input.Replace ? undefined : current;
  const targetsGiven = input.Targets !== undefined;
  const targets = targetsGiven ? toSpecs(input.Targets) : input.Replace ? [] : old.targets;
  // A task that had targets keeps its rates unless new ones are given; a targetless one keeps the placeholders.
  const ratesGiven = input.MaxConcurrency !== undefined || input.MaxErrors !== undefined;
  const task: StoredWindowTask = {
    ...old,
    targets,
    taskArn: input.TaskArn ?? old.taskArn,
    serviceRoleArn: keep(input.ServiceRoleArn, old.serviceRoleArn),
    taskParameters: keep(input.TaskParameters, old.taskParameters),
    invocationParameters: input.TaskInvocationParameters
      ? storedInvocationParameters(input.TaskInvocationParameters)
      : input.Replace
        ? undefined
        : old.invocationParameters,
    priority: input.Priority ?? (input.Replace ? 1 : old.priority),
    maxConcurrency: targets.length ? keep(input.MaxConcurrency, old.maxConcurrency) : input.MaxConcurrency,
    maxErrors: targets.length ? keep(input.MaxErrors, old.maxErrors) : input.MaxErrors,
    loggingInfo: keep(input.LoggingInfo, old.loggingInfo),
    name: keep(input.Name, old.name),
    description: keep(input.Description, old.description),
    cutoffBehavior: keep(input.CutoffBehavior, old.cutoffBehavior),
    alarmConfiguration: keep(input.AlarmConfiguration, old.alarmConfiguration),
  };
  checkTask(ctx.services.store, w, task, { rates: ratesGiven });
  repo.putTask(task);
  const { TaskType: _type, ...out } = toTaskDetails(task);
  void _type;
  return out;
});
