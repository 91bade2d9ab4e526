// What the Automation contract tests share besides their server (useServer({ resetEach: true, clock })):
// runbooks from objects (JSON) or YAML text, and waiting for an execution to reach a status.
import {
  CreateDocumentCommand,
  GetAutomationExecutionCommand,
  StartAutomationExecutionCommand,
  type AutomationExecution,
  type SSMClient,
  type StartAutomationExecutionCommandInput,
} from '@aws-sdk/client-ssm';

/** Creates an Automation runbook: an object is JSON (schemaVersion 0.3 added), a string is YAML. */
export async function createRunbook(
  ssm: SSMClient,
  name: string,
  content: Record<string, unknown> | string,
  DocumentType: 'Automation' | 'Automation.ChangeTemplate' = 'Automation',
): Promise<void> {
  await ssm.send(
    new CreateDocumentCommand({
      Name: name,
      DocumentType,
      DocumentFormat: typeof content === 'string' ? 'YAML' : 'JSON',
      Content: typeof content === 'string' ? content : JSON.stringify({ schemaVersion: '0.3', ...content }),
    }),
  );
}

export async function startExecution(
  ssm: SSMClient,
  DocumentName: string,
  extra: Omit<StartAutomationExecutionCommandInput, 'DocumentName'> = {},
): Promise<string> {
  return (await ssm.send(new StartAutomationExecutionCommand({ DocumentName, ...extra })))
    .AutomationExecutionId!;
}

export async function getExecution(ssm: SSMClient, id: string): Promise<AutomationExecution> {
  return (await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id })))
    .AutomationExecution!;
}

export const FINAL_STATUSES = ['Success', 'Failed', 'Cancelled', 'TimedOut'];

/**
 * Polls until the execution has one of the statuses (its steps run off the request path). `between` runs
 * between polls: a short real wait by default, or moving a frozen clock on.
 */
export async function waitForStatus(
  ssm: SSMClient,
  id: string,
  statuses: string[] = FINAL_STATUSES,
  { tries = 1000, between = () => new Promise<void>((r) => setTimeout(r, 10)) } = {},
): Promise<AutomationExecution> {
  for (let i = 0; i < tries; i++) {
    const e = await getExecution(ssm, id);
    if (statuses.includes(e.AutomationExecutionStatus!)) return e;
    await between();
  }
  throw new Error(
    `execution ${id} is ${(await getExecution(ssm, id)).AutomationExecutionStatus}, not ${statuses}`,
  );
}
