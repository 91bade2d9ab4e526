import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, canMove, finalStatuses } from '../../src/engine/status-machine.js';
import {
  COMMAND_TRANSITIONS,
  INVOCATION_TRANSITIONS,
  PLUGIN_TRANSITIONS,
  TERMINAL_INVOCATION,
  moveCommand,
  moveInvocation,
} from '../../src/engine/commands/status.js';
import {
  EXECUTION_TRANSITIONS,
  FINAL_STATUSES,
  STEP_TRANSITIONS,
  nextExecutionStatus,
  nextStepStatus,
} from '../../src/engine/automation/status.js';
import { SESSION_TRANSITIONS, nextSessionStatus } from '../../src/engine/sessions/status.js';
import { MODEL } from '../../src/api/model/index.js';
import type { StoredCommand, StoredInvocation } from '../../src/engine/commands/types.js';

const enumOf = (shape: string) => [...(MODEL.shapes[shape].enum ?? [])].sort();

describe('status machines', () => {
  it('cover exactly the values of the model enums', () => {
    expect(Object.keys(COMMAND_TRANSITIONS).sort()).toEqual(enumOf('CommandStatus'));
    expect(Object.keys(INVOCATION_TRANSITIONS).sort()).toEqual(enumOf('CommandInvocationStatus'));
    expect(Object.keys(PLUGIN_TRANSITIONS).sort()).toEqual(enumOf('CommandPluginStatus'));
    expect(Object.keys(EXECUTION_TRANSITIONS).sort()).toEqual(enumOf('AutomationExecutionStatus'));
    expect(Object.keys(STEP_TRANSITIONS).sort()).toEqual(enumOf('AutomationExecutionStatus'));
    expect(Object.keys(SESSION_TRANSITIONS).sort()).toEqual(enumOf('SessionStatus'));
  });

  it('only move to statuses of the same enum', () => {
    for (const table of [
      COMMAND_TRANSITIONS,
      INVOCATION_TRANSITIONS,
      PLUGIN_TRANSITIONS,
      EXECUTION_TRANSITIONS,
      STEP_TRANSITIONS,
      SESSION_TRANSITIONS,
    ] as Record<string, readonly string[]>[]) {
      for (const targets of Object.values(table)) for (const t of targets) expect(table).toHaveProperty(t);
    }
  });

  it('final statuses are the ones that move nowhere', () => {
    expect([...TERMINAL_INVOCATION].sort()).toEqual(['Cancelled', 'Failed', 'Success', 'TimedOut']);
    expect([...finalStatuses(SESSION_TRANSITIONS)].sort()).toEqual(['Failed', 'Terminated']);
    expect(FINAL_STATUSES.has('CompletedWithSuccess')).toBe(true);
    expect(FINAL_STATUSES.has('Waiting')).toBe(false);
  });

  it('a command moves Pending -> InProgress -> Success, and never back', () => {
    const cmd = { status: 'Pending', statusDetails: 'Pending' } as StoredCommand;
    moveCommand(cmd, 'InProgress', 'InProgress');
    moveCommand(cmd, 'Success', 'Success');
    expect(cmd).toMatchObject({ status: 'Success', statusDetails: 'Success' });
    expect(() => moveCommand(cmd, 'InProgress', 'InProgress')).toThrow(IllegalTransitionError);
    expect(() => moveCommand(cmd, 'InProgress', 'InProgress')).toThrow(
      'Command status: Success -> InProgress is not an allowed status change',
    );
    expect(cmd.status).toBe('Success');
  });

  it('an invocation may be Delayed and delivered later, but a finished one stays finished', () => {
    const inv = { status: 'Pending', statusDetails: 'Pending' } as StoredInvocation;
    moveInvocation(inv, 'Delayed', 'Delayed');
    moveInvocation(inv, 'InProgress', 'InProgress');
    moveInvocation(inv, 'TimedOut', 'ExecutionTimedOut');
    expect(() => moveInvocation(inv, 'Delayed', 'Delayed')).toThrow(IllegalTransitionError);
    expect(canMove(INVOCATION_TRANSITIONS, 'InProgress', 'Delayed')).toBe(false);
  });

  it('automation: a change request runs PendingApproval -> Approved -> Scheduled -> RunbookInProgress', () => {
    let s = nextExecutionStatus('Pending', 'InProgress');
    s = nextExecutionStatus(s, 'PendingApproval');
    s = nextExecutionStatus(s, 'Approved');
    s = nextExecutionStatus(s, 'Scheduled');
    s = nextExecutionStatus(s, 'RunbookInProgress');
    s = nextExecutionStatus(s, 'CompletedWithSuccess');
    expect(() => nextExecutionStatus(s, 'InProgress')).toThrow(IllegalTransitionError);
    expect(() => nextExecutionStatus('Cancelling', 'Success')).toThrow(IllegalTransitionError);
    // An onCancel step runs after StopAutomationExecution: the execution is InProgress again, then Cancelled.
    expect(nextExecutionStatus(nextExecutionStatus('Cancelling', 'InProgress'), 'Cancelled')).toBe(
      'Cancelled',
    );
  });

  it('automation steps wait and resume, and end once', () => {
    expect(nextStepStatus(nextStepStatus('InProgress', 'Waiting'), 'InProgress')).toBe('InProgress');
    expect(() => nextStepStatus('Success', 'Failed')).toThrow(IllegalTransitionError);
    expect(() => nextStepStatus('Pending', 'Approved')).toThrow(IllegalTransitionError);
  });

  it('sessions reconnect after Disconnected, and end once', () => {
    expect(nextSessionStatus(nextSessionStatus('Connected', 'Disconnected'), 'Connected')).toBe('Connected');
    expect(() => nextSessionStatus('Terminated', 'Connected')).toThrow(IllegalTransitionError);
    expect(() => nextSessionStatus('Failed', 'Terminated')).toThrow(IllegalTransitionError);
  });
});
