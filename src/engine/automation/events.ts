// Automation's EventBridge events on the internal bus (UG "Amazon EventBridge event examples": "EC2
// Automation Execution Status-change Notification" and "EC2 Automation Step Status-change Notification").
import type { EventBus } from '../events.js';
import { isFinal } from './runner.js';
import type { StoredExecution, StoredStepExecution } from '../../store/repositories/automation.js';

export function automationEvents(bus: EventBus) {
  const lastExecution = new Map<string, string>();
  const lastStep = new Map<string, string>();
  const arn = (e: StoredExecution) =>
    `arn:aws:ssm:${e.region}:${e.account}:automation-execution/${e.executionId}`;
  const resources = (e: StoredExecution) => [
    arn(e),
    `arn:aws:ssm:${e.region}:${e.account}:automation-definition/${e.documentName}:${e.documentVersion}`,
  ];
  // The documented examples: PascalCase keys, Java-style dates, Time = duration in ms.
  const base = (e: StoredExecution, status: string, startMs?: number, endMs?: number) => ({
    ExecutionId: e.executionId,
    Definition: e.documentName,
    DefinitionVersion: Number(e.documentVersion),
    Status: status,
    ...(startMs !== undefined ? { StartTime: javaDate(startMs) } : {}),
    ...(endMs !== undefined ? { EndTime: javaDate(endMs) } : {}),
    ...(startMs !== undefined && endMs !== undefined ? { Time: endMs - startMs } : {}),
  });
  return {
    execution(e: StoredExecution): void {
      if (lastExecution.get(e.executionId) === e.status) return;
      lastExecution.set(e.executionId, e.status);
      if (isFinal(e.status)) lastExecution.delete(e.executionId);
      bus.emit({
        'detail-type': 'EC2 Automation Execution Status-change Notification',
        account: e.account,
        region: e.region,
        resources: resources(e),
        detail: { ...base(e, e.status, e.startMs, e.endMs), ExecutedBy: e.executedBy },
      });
    },
    step(e: StoredExecution, s: StoredStepExecution): void {
      if (lastStep.get(s.stepExecutionId) === s.status) return;
      lastStep.set(s.stepExecutionId, s.status);
      if (isFinal(s.status)) lastStep.delete(s.stepExecutionId);
      bus.emit({
        'detail-type': 'EC2 Automation Step Status-change Notification',
        account: e.account,
        region: e.region,
        resources: resources(e),
        detail: { ...base(e, s.status, s.startMs, s.endMs), StepName: s.stepName, Action: s.action },
      });
    },
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Nov 29, 2016 7:43:25 PM` (UTC), the format of the documented Automation events. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
