// AWS-RunPatchBaselineWithHooks (lifecycle hooks run through aws:runDocument around the NoReboot install and
// the reboot) and AWS-RunPatchBaselineAssociation (BaselineTags picks the baseline).
import {
  CreateDocumentCommand,
  DescribeInstancePatchStatesCommand,
  GetCommandInvocationCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { WEB, freshAtNow, guideBaseline, runPatchBaseline, waitInvocation } from './helpers.js';

let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(() => freshAtNow(server));

const state = async () =>
  (await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [WEB] }))).InstancePatchStates![0];
const plugin = (commandId: string, name: string) =>
  ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: WEB, PluginName: name }));

async function hookDocument(name: string, says: string) {
  await ssm.send(
    new CreateDocumentCommand({
      Name: name,
      DocumentType: 'Command',
      Content: JSON.stringify({
        schemaVersion: '2.2',
        description: 'hook',
        mainSteps: [{ action: 'aws:runShellScript', name: 'say', inputs: { runCommand: [`echo ${says}`] } }],
      }),
    }),
  );
}

describe('AWS-RunPatchBaselineWithHooks', () => {
  it('Install: pre-install hook, install with NoReboot, post-install hook, reboot and report, on-exit hook', async () => {
    await hookDocument('Pre-Patch', 'draining the node');
    await hookDocument('Post-Patch', 'checking the service');
    await hookDocument('On-Exit', 'back in the pool');
    const id = await runPatchBaseline(
      ssm,
      [WEB],
      {
        Operation: ['Install'],
        PreInstallHookDocName: ['Pre-Patch'],
        PostInstallHookDocName: ['Post-Patch'],
        OnExitHookDocName: ['On-Exit'],
      },
      'AWS-RunPatchBaselineWithHooks',
    );
    const inv = await waitInvocation(server, ssm, id, WEB, 30);
    expect(inv.Status).toBe('Success');
    expect((await plugin(id, 'PreInstallHook')).StandardOutputContent).toBe('draining the node\n');
    expect((await plugin(id, 'PostInstallHook')).StandardOutputContent).toBe('checking the service\n');
    expect((await plugin(id, 'OnExitHook')).StandardOutputContent).toBe('back in the pool\n');
    expect((await plugin(id, 'InstallWithNoReboot')).StandardOutputContent).toContain(
      'Reboot is not permitted because RebootOption is NoReboot',
    );
    expect((await plugin(id, 'RebootAndReport')).StandardOutputContent).toContain('Reboot is required');
    const s = await state();
    expect(s).toMatchObject({ Operation: 'Install', MissingCount: 0, InstalledPendingRebootCount: 0 });
  });

  it('Scan: only the scan runs; the hooks and installs are skipped (AWS-Noop by default)', async () => {
    const id = await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] }, 'AWS-RunPatchBaselineWithHooks');
    expect((await waitInvocation(server, ssm, id, WEB)).Status).toBe('Success');
    for (const step of ['PreInstallHook', 'InstallWithNoReboot', 'RebootAndReport', 'OnExitHook'])
      expect((await plugin(id, step)).StatusDetails).toBe('Skipped');
    expect((await state()).Operation).toBe('Scan');
  });
});

describe('AWS-RunPatchBaselineAssociation', () => {
  it("BaselineTags: the custom baseline of the node's OS with the tag is used", async () => {
    const tagged = await guideBaseline(ssm, 0, 'Tagged-AL2023'); // tagged Environment=Production
    const id = await runPatchBaseline(
      ssm,
      [WEB],
      { Operation: ['Scan'], BaselineTags: ['Key=Environment,Values=Production'] },
      'AWS-RunPatchBaselineAssociation',
    );
    expect((await waitInvocation(server, ssm, id, WEB)).Status).toBe('Success');
    expect((await state()).BaselineId).toBe(tagged);
  });

  it('two baselines with the tag: the step fails, as AWS says only one may carry it', async () => {
    await guideBaseline(ssm, 0, 'Tagged-1');
    await guideBaseline(ssm, 7, 'Tagged-2');
    const id = await runPatchBaseline(
      ssm,
      [WEB],
      { Operation: ['Scan'], BaselineTags: ['Key=Environment,Values=Production'] },
      'AWS-RunPatchBaselineAssociation',
    );
    const inv = await waitInvocation(server, ssm, id, WEB);
    expect(inv.Status).toBe('Failed');
    expect(inv.StandardOutputContent).toContain(
      'only one patch baseline can be tagged with that key-value pair',
    );
  });
});
