// Shared by the AWS-RunPatchBaseline contract tests: send a patching command and wait for it on the emulator
// clock, the guide's baseline, and the demo node it patches.
import {
  AddTagsToResourceCommand,
  CreatePatchBaselineCommand,
  GetCommandInvocationCommand,
  RegisterPatchBaselineForPatchGroupCommand,
  SendCommandCommand,
  type GetCommandInvocationCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { TestServer } from '../helpers/server.js';

export const WEB = 'i-0123456789abcdef0'; // demo: Amazon Linux 2023
export const DB = 'i-0a1b2c3d4e5f60718'; // demo: Amazon Linux 2
export const DEV = 'i-0fedcba9876543210'; // demo: Ubuntu 22.04
export const RHEL = 'i-0123456789abcdef1'; // demo: RHEL 9
export const WIN = 'i-0abcdef1234567890'; // demo: Windows Server 2022
export const GROUP = 'production-web-servers';
export const NOW = '2026-12-04T00:00:00Z';

const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);

/**
 * A fresh emulator state on a frozen clock at NOW, the demo nodes joining then: a full reset returns the clock
 * to the wall clock, so the clock is set after it and the account's nodes are reset again at NOW.
 */
export async function freshAtNow(server: TestServer): Promise<void> {
  await server.control('POST', '/_emulator/reset', {});
  await server.control('POST', '/_emulator/clock', { set: NOW });
  await server.control('POST', '/_emulator/reset', { account: '000000000000', region: 'us-east-1' });
}

/** Guide 2.2's baseline (its approval rules as JSON), registered for the guide's patch group. */
export async function guideBaseline(
  ssm: SSMClient,
  approveAfterDays = 7,
  name = 'Production-AL2023-Security',
) {
  const { BaselineId } = await ssm.send(
    new CreatePatchBaselineCommand({
      Name: name,
      OperatingSystem: 'AMAZON_LINUX_2023',
      ApprovalRules: {
        PatchRules: [
          {
            PatchFilterGroup: {
              PatchFilters: [
                { Key: 'CLASSIFICATION', Values: ['Security'] },
                { Key: 'SEVERITY', Values: ['Critical', 'Important'] },
              ],
            },
            ApproveAfterDays: approveAfterDays,
          },
        ],
      },
      Tags: [{ Key: 'Environment', Value: 'Production' }],
    }),
  );
  return BaselineId!;
}

/** Tags a node into a patch group: an EC2 instance with EC2's CreateTags (the simulated EC2), an mi- node with SSM's. */
export async function tagPatchGroup(
  server: TestServer,
  ssm: SSMClient,
  instanceId: string,
  group = GROUP,
  key = 'Patch Group',
) {
  if (instanceId.startsWith('mi-')) {
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'ManagedInstance',
        ResourceId: instanceId,
        Tags: [{ Key: key, Value: group }],
      }),
    );
    return;
  }
  const r = await server.control('POST', '/_emulator/ec2', {
    action: 'CreateTags',
    params: { Resources: [instanceId], Tags: [{ Key: key, Value: group }] },
  });
  if (r.status !== 200) throw new Error(`CreateTags: ${JSON.stringify(r.json)}`);
}

export async function registerForGroup(ssm: SSMClient, baselineId: string, group = GROUP) {
  await ssm.send(
    new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: baselineId, PatchGroup: group }),
  );
}

/** Sends AWS-RunPatchBaseline (or a sibling) to nodes; returns the command id. */
export async function runPatchBaseline(
  ssm: SSMClient,
  instanceIds: string[],
  parameters: Record<string, string[]>,
  documentName = 'AWS-RunPatchBaseline',
  extra: { OutputS3BucketName?: string } = {},
): Promise<string> {
  const { Command } = await ssm.send(
    new SendCommandCommand({
      DocumentName: documentName,
      InstanceIds: instanceIds,
      Parameters: parameters,
      ...extra,
    }),
  );
  return Command!.CommandId!;
}

/**
 * The invocation once it is terminal. On the frozen clock a reboot waits for the clock: every round moves it
 * `stepSeconds` forward (0: never) until the invocation ends.
 */
export async function waitInvocation(
  server: TestServer,
  ssm: SSMClient,
  commandId: string,
  instanceId: string,
  stepSeconds = 0,
): Promise<GetCommandInvocationCommandOutput> {
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 10));
    const inv = await ssm
      .send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }))
      .catch(() => undefined);
    if (inv && TERMINAL.has(inv.Status!)) return inv;
    if (stepSeconds) await server.control('POST', '/_emulator/clock', { advance: stepSeconds });
  }
  throw new Error(`command ${commandId} on ${instanceId} did not end`);
}
