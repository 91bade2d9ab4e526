import { defineHandler } from '../../protocol/handler.js';
import type { MaintenanceWindowTaskType } from '../../../model/generated/types.js';
import { requireTaskExecution } from './window-view.js';

export default defineHandler('GetMaintenanceWindowExecutionTask', (input, ctx) => {
  const t = requireTaskExecution(ctx, input.WindowExecutionId, input.TaskId);
  return {
    WindowExecutionId: t.windowExecutionId,
    TaskExecutionId: t.taskExecutionId,
    TaskArn: t.taskArn,
    ServiceRole: t.serviceRole,
    Type: t.taskType as MaintenanceWindowTaskType,
    TaskParameters: t.taskParameters,
    Priority: t.priority,
    MaxConcurrency: t.maxConcurrency,
    MaxErrors: t.maxErrors,
    Status: t.status,
    StatusDetails: t.statusDetails,
    StartTime: t.startMs === undefined ? undefined : new Date(t.startMs),
    EndTime: t.endMs === undefined ? undefined : new Date(t.endMs),
    AlarmConfiguration: t.alarmConfiguration,
  };
});
