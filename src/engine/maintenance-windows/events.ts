// Maintenance window events on the bus, with AWS's detail-types and detail fields (UG "Amazon EventBridge
// event examples for Systems Manager": Maintenance Windows).
import type { EventBus } from '../events.js';
import type {
  StoredTaskExecution,
  StoredTaskInvocation,
  StoredWindowExecution,
} from '../../store/repositories/window-executions.js';

type Scope = { account: string; region: string };

const windowArn = (s: Scope, windowId: string) =>
  `arn:aws:ssm:${s.region}:${s.account}:maintenancewindow/${windowId}`;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function windowEvents(bus: EventBus) {
  const emit = (s: Scope, detailType: string, resources: string[], detail: Record<string, unknown>) =>
    bus.emit({
      'detail-type': detailType,
      account: s.account,
      region: s.region,
      resources,
      detail: Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined)),
    });
  return {
    /** ENABLED / DISABLED. */
    windowState(s: Scope, windowId: string, enabled: boolean): void {
      emit(s, 'Maintenance Window State-change Notification', [windowArn(s, windowId)], {
        'window-id': windowId,
        status: enabled ? 'ENABLED' : 'DISABLED',
      });
    },
    /** REGISTERED / DEREGISTERED. */
    targetRegistration(s: Scope, windowId: string, windowTargetId: string, registered: boolean): void {
      emit(
        s,
        'Maintenance Window Target Registration Notification',
        [windowArn(s, windowId), `arn:aws:ssm:${s.region}:${s.account}:windowtarget/${windowTargetId}`],
        {
          'window-target-id': windowTargetId,
          'window-id': windowId,
          status: registered ? 'REGISTERED' : 'DEREGISTERED',
        },
      );
    },
    execution(e: StoredWindowExecution): void {
      emit(e, 'Maintenance Window Execution State-change Notification', [windowArn(e, e.windowId)], {
        'start-time': iso(e.startMs),
        'end-time': iso(e.endMs),
        'window-id': e.windowId,
        'window-execution-id': e.windowExecutionId,
        status: e.status,
      });
    },
    taskExecution(t: StoredTaskExecution): void {
      emit(t, 'Maintenance Window Task Execution State-change Notification', [windowArn(t, t.windowId)], {
        'start-time': iso(t.startMs),
        'task-execution-id': t.taskExecutionId,
        'end-time': iso(t.endMs),
        'window-id': t.windowId,
        'window-execution-id': t.windowExecutionId,
        status: t.status,
      });
    },
    invocation(i: StoredTaskInvocation): void {
      emit(
        i,
        'Maintenance Window Task Target Invocation State-change Notification',
        [windowArn(i, i.windowId)],
        {
          'start-time': iso(i.startMs),
          'end-time': iso(i.endMs),
          'window-id': i.windowId,
          'window-execution-id': i.windowExecutionId,
          'task-execution-id': i.taskExecutionId,
          'window-target-id': i.windowTargetId,
          status: i.status,
          'owner-information': i.ownerInformation,
        },
      );
    },
  };
}

export type WindowEvents = ReturnType<typeof windowEvents>;
