// The Automation examples of the SSM guide (sections 3.4-3.6), unchanged but for --endpoint-url, on AWS CLI v1
// and v2 against the demo fleet, with a frozen emulator clock that the test advances (aws:sleep PT5M passes
// in moments). The runbook files are the guide's YAML; 3.4 declares AutomationAssumeRole (the guide's
// runbook references it without declaring it, which CreateDocument refuses as AWS does), and 3.6's snippet
// gets the schemaVersion and InstanceId parameter it needs to be a document.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GetCommandInvocationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { useServer } from '../helpers/server.js';
import { AWS_CLIS, CLI_TEST_TIMEOUT, cliJson, cliWorks } from '../helpers/aws-cli.js';
import { FINAL_STATUSES, waitForStatus } from './automation-helpers.js';

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT });
const WEB = 'i-0123456789abcdef0';
/** CLI v1 prints timestamps as the wire's epoch seconds, CLI v2 as ISO 8601 text. */
const ms = (t: number | string) => (typeof t === 'number' ? t * 1000 : Date.parse(t));

const CUSTOM_AMI = `schemaVersion: '0.3'
description: Create AMI with pre-installed software
assumeRole: '{{AutomationAssumeRole}}'
parameters:
  AutomationAssumeRole:
    type: String
    default: ''
  InstanceId:
    type: String
    description: ID of the source instance
  AMIName:
    type: String
    description: Name for the new AMI
    default: 'CustomAMI-{{global:DATE_TIME}}'
mainSteps:
  - name: stopInstance
    action: 'aws:runCommand'
    inputs:
      DocumentName: AWS-RunShellScript
      InstanceIds:
        - '{{InstanceId}}'
      Parameters:
        commands:
          - sudo yum update -y
          - sudo yum install -y cloudwatch-agent
    onFailure: Abort
    
  - name: createImage
    action: 'aws:createImage'
    inputs:
      InstanceId: '{{InstanceId}}'
      ImageName: '{{AMIName}}'
      NoReboot: false
    onFailure: Abort
    
  - name: verifyImage
    action: 'aws:sleep'
    inputs:
      Duration: PT5M
    onFailure: Continue
    
  - name: startInstance
    action: 'aws:runCommand'
    inputs:
      DocumentName: AWS-RunShellScript
      InstanceIds:
        - '{{InstanceId}}'
      Parameters:
        commands:
          - echo "Instance ready after AMI creation"
    onFailure: Continue
outputs:
  - createImage.ImageId
  - createImage.ImageState
`;

const LIFECYCLE = `schemaVersion: '0.3'
parameters:
  InstanceId:
    type: String
mainSteps:
  - name: PrePatchHook
    action: 'aws:runCommand'
    inputs:
      DocumentName: AWS-RunShellScript
      InstanceIds:
        - '{{InstanceId}}'
      Parameters:
        commands:
          - /opt/scripts/pre-patch-checks.sh
          
  - name: ApplyPatches
    action: 'aws:runCommand'
    inputs:
      DocumentName: AWS-RunPatchBaseline
      InstanceIds:
        - '{{InstanceId}}'
      Parameters:
        Operation: Install
        
  - name: PostPatchHook
    action: 'aws:runCommand'
    inputs:
      DocumentName: AWS-RunShellScript
      InstanceIds:
        - '{{InstanceId}}'
      Parameters:
        commands:
          - /opt/scripts/verify-services.sh
          - /opt/scripts/notify-team.sh
`;

const APPROVAL = `schemaVersion: '0.3'
mainSteps:
  - name: approve
    action: 'aws:approve'
    inputs:
      Approvers:
        - arn:aws:iam::000000000000:root
  - name: proceed
    action: 'aws:sleep'
    inputs:
      Duration: PT1S
`;

const server = useServer({ resetEach: true, clock: 'freeze' });

/** The guide's /opt/scripts/*.sh hooks, written on the web node by a command before 3.6 runs them. */
async function installHookScripts(): Promise<void> {
  const script =
    'mkdir -p /opt/scripts && for s in pre-patch-checks verify-services notify-team; do ' +
    'printf \'#!/bin/bash\\necho %s ok\\n\' "$s" > /opt/scripts/$s.sh && chmod +x /opt/scripts/$s.sh; done';
  const { Command } = await server.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [WEB],
      Parameters: { commands: [script] },
    }),
  );
  await vi.waitFor(
    async () => {
      const inv = await server.ssm.send(
        new GetCommandInvocationCommand({ CommandId: Command!.CommandId!, InstanceId: WEB }),
      );
      expect(inv.Status).toBe('Success');
    },
    { timeout: 20_000, interval: 100 },
  ); // a node's first command loads its simulated shell
}
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'ssm-auto-cli-'));
  writeFileSync(join(dir, 'custom-ami-automation.yaml'), CUSTOM_AMI);
  writeFileSync(join(dir, 'lifecycle.yaml'), LIFECYCLE);
  writeFileSync(join(dir, 'approval.yaml'), APPROVAL);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const [label, bin] of AWS_CLIS) {
  // The CLI is installed by .ci/run (apt-get install -y awscli); without it there is nothing to drive.
  describe.skipIf(!cliWorks(bin))(`${label} (${bin}) Automation guide examples`, () => {
    const cli = (...args: string[]) =>
      cliJson(bin, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], { cwd: dir });
    const get = async (id: string) =>
      (await cli('ssm', 'get-automation-execution', '--automation-execution-id', id)).AutomationExecution;
    /**
     * Advances the frozen clock until the execution is final (scripted `yum update` takes 20 s, an AMI a
     * reboot and a while), polling with the SDK for speed; the final state is read with the CLI.
     */
    const settle = async (id: string) => {
      await waitForStatus(server.ssm, id, FINAL_STATUSES, {
        tries: 200,
        between: async () => void (await server.control('POST', '/_emulator/clock', { advance: 15 })),
      });
      return get(id);
    };
    /** The guide's runbook of 3.4, which 3.4 and 3.5 start. */
    const createCustomAmi = () =>
      cli(
        'ssm',
        'create-document',
        '--name',
        'CustomAMICreation',
        '--content',
        'file://custom-ami-automation.yaml',
        '--document-type',
        'Automation',
        '--document-format',
        'YAML',
      );

    it('3.4: CustomAMICreation runs end to end and reports createImage.ImageId and ImageState', async () => {
      await createCustomAmi();
      const { AutomationExecutionId: id } = await cli(
        'ssm',
        'start-automation-execution',
        '--document-name',
        'CustomAMICreation',
        '--parameters',
        `InstanceId=${WEB},AMIName=MyApp-v1.0.0`,
      );
      const e = await settle(id);
      expect(e.AutomationExecutionStatus).toBe('Success');
      expect(
        e.StepExecutions.map((s: { StepName: string; StepStatus: string }) => [s.StepName, s.StepStatus]),
      ).toEqual([
        ['stopInstance', 'Success'],
        ['createImage', 'Success'],
        ['verifyImage', 'Success'],
        ['startInstance', 'Success'],
      ]);
      expect(e.Outputs['createImage.ImageId'][0]).toMatch(/^ami-[0-9a-f]{17}$/);
      expect(e.Outputs['createImage.ImageState']).toEqual(['available']);
      expect(e.Parameters).toMatchObject({
        InstanceId: [WEB],
        AMIName: ['MyApp-v1.0.0'],
        AutomationAssumeRole: [''],
      });
      // The image is in the simulated EC2 registry, named as the runbook asked.
      const ec2 = await server.control('GET', '/_emulator/ec2');
      const images = JSON.stringify(ec2.json);
      expect(images).toContain(e.Outputs['createImage.ImageId'][0]);
      expect(images).toContain('MyApp-v1.0.0');
      // The sleep step took five minutes of emulator time.
      const sleep = e.StepExecutions[2];
      expect(ms(sleep.ExecutionEndTime) - ms(sleep.ExecutionStartTime)).toBeGreaterThanOrEqual(300_000);
    });

    it('3.5: targets by tag with --max-concurrency 10% and --max-errors 5: one child per Production node', async () => {
      await createCustomAmi();
      const { AutomationExecutionId: id } = await cli(
        'ssm',
        'start-automation-execution',
        '--document-name',
        'CustomAMICreation',
        '--parameters',
        'InstanceId=i-0123456789abcdef0,AMIName=MyApp-v1.0.0',
        '--target-parameter-name',
        'InstanceId',
        '--targets',
        'Key=tag:Environment,Values=Production',
        '--max-concurrency',
        '10%',
        '--max-errors',
        '5',
      );
      const parent = await settle(id);
      expect(parent).toMatchObject({
        MaxConcurrency: '10%',
        MaxErrors: '5',
        TargetParameterName: 'InstanceId',
      });
      expect(parent.ResolvedTargets.ParameterValues.sort()).toEqual([WEB, 'i-0a1b2c3d4e5f60718']);
      const kids = (
        await cli('ssm', 'describe-automation-executions', '--filters', `Key=ParentExecutionId,Values=${id}`)
      ).AutomationExecutionMetadataList;
      expect(kids.map((k: { Target: string }) => k.Target).sort()).toEqual([WEB, 'i-0a1b2c3d4e5f60718']);
      // 10% of two targets is one at a time: the second child started after the first ended.
      const [first, second] = [...kids].sort(
        (a: { ExecutionStartTime: string }, b: { ExecutionStartTime: string }) =>
          ms(a.ExecutionStartTime) - ms(b.ExecutionStartTime),
      );
      expect(ms(second.ExecutionStartTime)).toBeGreaterThanOrEqual(ms(first.ExecutionEndTime));
      // Both children ask for the same AMI name: EC2 refuses the second (one error, within MaxErrors 5).
      const statuses = kids
        .map((k: { AutomationExecutionStatus: string }) => k.AutomationExecutionStatus)
        .sort();
      expect(statuses).toEqual(['Failed', 'Success']);
      expect(parent.StepExecutions).toHaveLength(2);
    });

    it('3.6: the lifecycle-hook runbook runs its three steps in order on a node', async () => {
      // The guide's hooks are the user's own scripts: put them on the node first, as its instance would have
      // them (a node runs what is on it; a missing script fails its step, as on AWS).
      await installHookScripts();
      await cli(
        'ssm',
        'create-document',
        '--name',
        'PatchWithHooks',
        '--content',
        'file://lifecycle.yaml',
        '--document-type',
        'Automation',
        '--document-format',
        'YAML',
      );
      const { AutomationExecutionId: id } = await cli(
        'ssm',
        'start-automation-execution',
        '--document-name',
        'PatchWithHooks',
        '--parameters',
        `InstanceId=${WEB}`,
      );
      const e = await settle(id);
      expect(e.AutomationExecutionStatus).toBe('Success');
      const steps = e.StepExecutions;
      expect(steps.map((s: { StepName: string }) => s.StepName)).toEqual([
        'PrePatchHook',
        'ApplyPatches',
        'PostPatchHook',
      ]);
      for (let i = 1; i < steps.length; i++)
        expect(ms(steps[i].ExecutionStartTime)).toBeGreaterThanOrEqual(ms(steps[i - 1].ExecutionEndTime));
      // Each step really ran a command on the node.
      const commands = (await cli('ssm', 'list-commands', '--instance-id', WEB)).Commands;
      // The three steps' commands, beside the one that installed the hook scripts.
      expect(commands.map((c: { DocumentName: string }) => c.DocumentName).sort()).toEqual([
        'AWS-RunPatchBaseline',
        'AWS-RunShellScript',
        'AWS-RunShellScript',
        'AWS-RunShellScript',
      ]);
    });

    it('aws:approve waits until send-automation-signal Approve; Reject fails it', async () => {
      await cli(
        'ssm',
        'create-document',
        '--name',
        'NeedsApproval',
        '--content',
        'file://approval.yaml',
        '--document-type',
        'Automation',
        '--document-format',
        'YAML',
      );
      for (const [signal, final] of [
        ['Approve', 'Success'],
        ['Reject', 'Failed'],
      ]) {
        const { AutomationExecutionId: id } = await cli(
          'ssm',
          'start-automation-execution',
          '--document-name',
          'NeedsApproval',
        );
        // Polled with the SDK: a CLI process per poll costs a second.
        const waiting = await waitForStatus(server.ssm, id, ['Waiting', ...FINAL_STATUSES]);
        expect(waiting.AutomationExecutionStatus).toBe('Waiting');
        await cli(
          'ssm',
          'send-automation-signal',
          '--automation-execution-id',
          id,
          '--signal-type',
          signal,
          '--payload',
          'Comment=from the test',
        );
        const e = await settle(id);
        expect(e.AutomationExecutionStatus).toBe(final);
        expect(e.StepExecutions[0].Outputs.ApprovalStatus).toEqual([
          signal === 'Approve' ? 'Approved' : 'Rejected',
        ]);
      }
    });
  });
}
