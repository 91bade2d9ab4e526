// What AWS-RunPatchBaseline changes besides its states: the node's packages (one truth: the simulated shell's
// rpm shows what Install put there), the Patch compliance items in the one compliance store, and the
// Configuration Compliance State Change event when the node's patch compliance changes.
import {
  DescribeInstancePatchesCommand,
  GetCommandInvocationCommand,
  ListComplianceItemsCommand,
  ListResourceComplianceSummariesCommand,
  SendCommandCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import {
  GROUP,
  WEB,
  freshAtNow,
  guideBaseline,
  registerForGroup,
  runPatchBaseline,
  tagPatchGroup,
  waitInvocation,
} from './helpers.js';

let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(() => freshAtNow(server));

async function shell(command: string): Promise<string> {
  const { Command } = await ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [WEB],
      Parameters: { commands: [command] },
    }),
  );
  const inv = await waitInvocation(server, ssm, Command!.CommandId!, WEB);
  const out = await ssm.send(
    new GetCommandInvocationCommand({ CommandId: Command!.CommandId!, InstanceId: WEB }),
  );
  expect(inv.Status).toBe('Success');
  return out.StandardOutputContent!;
}

const patch = async (kbId: string) =>
  (
    await ssm.send(
      new DescribeInstancePatchesCommand({ InstanceId: WEB, Filters: [{ Key: 'KBId', Values: [kbId] }] }),
    )
  ).Patches![0];

describe("the node's packages", () => {
  it("the shell lists the OS image's packages, and the versions Install put there afterwards", async () => {
    await waitInvocation(server, ssm, await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] }), WEB);
    const missing = (
      await ssm.send(
        new DescribeInstancePatchesCommand({
          InstanceId: WEB,
          Filters: [{ Key: 'State', Values: ['Missing'] }],
        }),
      )
    ).Patches!;
    const kernel = missing.find((p) => p.KBId === 'kernel.x86_64');
    expect(kernel).toBeDefined();
    const before = await shell('rpm -q kernel');
    expect(before).toMatch(/^kernel-6\.1\.\d+-\d+\.amzn2023\.0\.\d+\.x86_64\n$/);
    await waitInvocation(
      server,
      ssm,
      await runPatchBaseline(ssm, [WEB], { Operation: ['Install'], RebootOption: ['NoReboot'] }),
      WEB,
    );
    // kernel.x86_64:0:6.1.76-1.amzn2023.0.4 -> rpm's kernel-6.1.76-1.amzn2023.0.4.x86_64
    const [, evr] = /^kernel\.x86_64:0:(.+)$/.exec(kernel!.Title!)!;
    expect(await shell('rpm -q kernel')).toBe(`kernel-${evr}.x86_64\n`);
    expect(await shell('rpm -q kernel')).not.toBe(before);
    const now = await patch('kernel.x86_64');
    expect(now.State).toBe('InstalledPendingReboot');
    expect(now.InstalledTime!.getTime()).toBe(Date.parse('2026-12-04T00:00:00Z'));
  });
});

describe('Patch compliance', () => {
  it('writes Patch items and a summary through the compliance store, and the event on a change', async () => {
    await tagPatchGroup(server, ssm, WEB);
    const baselineId = await guideBaseline(ssm);
    await registerForGroup(ssm, baselineId);
    const scan = await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] });
    await waitInvocation(server, ssm, scan, WEB);
    const items = (
      await ssm.send(
        new ListComplianceItemsCommand({
          ResourceIds: [WEB],
          ResourceTypes: ['ManagedInstance'],
          Filters: [{ Key: 'ComplianceType', Values: ['Patch'] }],
          MaxResults: 50,
        }),
      )
    ).ComplianceItems!;
    expect(items.length).toBeGreaterThan(0);
    const bad = items.filter((i) => i.Status === 'NON_COMPLIANT');
    expect(bad.length).toBeGreaterThan(0);
    for (const i of bad) {
      expect(i.Details).toMatchObject({
        PatchState: 'Missing',
        PatchBaselineId: baselineId,
        PatchGroup: GROUP,
      });
      expect(i.ExecutionSummary).toMatchObject({ ExecutionId: scan, ExecutionType: 'Command' });
    }
    const summary = (
      await ssm.send(
        new ListResourceComplianceSummariesCommand({
          Filters: [{ Key: 'ComplianceType', Values: ['Patch'] }],
        }),
      )
    ).ResourceComplianceSummaryItems!;
    expect(summary).toEqual([expect.objectContaining({ ResourceId: WEB, Status: 'NON_COMPLIANT' })]);

    const events = async () =>
      (
        await server.control(
          'GET',
          `/_emulator/events?detailType=${encodeURIComponent('Configuration Compliance State Change')}`,
        )
      ).json.events.filter((e: any) => e.detail['compliance-type'] === 'Patch');
    expect((await events()).map((e: any) => e.detail)).toEqual([
      expect.objectContaining({
        'resource-id': WEB,
        'compliance-status': 'non_compliant',
        'patch-baseline-id': baselineId,
        severity: 'unspecified',
      }),
    ]);
    // Install with a reboot: the node becomes compliant, and the event says so.
    await waitInvocation(
      server,
      ssm,
      await runPatchBaseline(ssm, [WEB], { Operation: ['Install'] }),
      WEB,
      30,
    );
    const after = await events();
    expect(after).toHaveLength(2);
    expect(after[1].detail['compliance-status']).toBe('compliant');
  });
});
