// aws:executeScript through the API: a YAML runbook with an inline Python script, run by
// StartAutomationExecution with the machine's python3; outputs selected from $.Payload.
import { spawnSync } from 'node:child_process';
import { GetParameterCommand, StopAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';
import { createRunbook, startExecution, waitForStatus } from './automation-helpers.js';

const server = useServer({ resetEach: true, clock: 'real' });
const runbook = (name: string, yaml: string, client = server.ssm) => createRunbook(client, name, yaml);
const until = (id: string, statuses: string[], client = server.ssm) => waitForStatus(client, id, statuses);
const start = (DocumentName: string, Parameters?: Record<string, string[]>, client = server.ssm) =>
  startExecution(client, DocumentName, { Parameters });

const TROUBLESHOOTING =
  'Please refer to Automation Service Troubleshooting Guide for more diagnosis details.';

const TAGGER = `
description: Builds a tag from its inputs, then a second script reads the first one's output
schemaVersion: '0.3'
parameters:
  InstanceId:
    type: String
  Env:
    type: String
    default: prod
mainSteps:
  - name: buildTag
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: build_tag
      InputPayload:
        instanceId: '{{ InstanceId }}'
        env: '{{ Env }}'
      Script: |-
        def build_tag(events, context):
            print("building the tag")  # not part of the Payload
            return {
                "tagKey": "Env",
                "tagValue": events["env"].upper(),
                "count": len(events["instanceId"]),
                "ids": [events["instanceId"], context["automation:EXECUTION_ID"]],
            }
    outputs:
      - Name: Payload
        Selector: $.Payload
        Type: StringMap
      - Name: TagKey
        Selector: $.Payload.tagKey
        Type: String
      - Name: TagValue
        Selector: $.Payload.tagValue
        Type: String
      - Name: Count
        Selector: $.Payload.count
        Type: Integer
  - name: readTag
    action: aws:executeScript
    inputs:
      Runtime: python3.8
      Handler: read
      InputPayload:
        tag: '{{ buildTag.TagKey }}={{ buildTag.TagValue }}'
      Script: |-
        def read(events, context):
            return events["tag"]
    outputs:
      - Name: Tag
        Selector: $.Payload
        Type: String
outputs:
  - buildTag.TagValue
  - buildTag.Count
  - readTag.Tag
`;

describe('aws:executeScript', () => {
  describe('functionality', () => {
    it('runs the inline script with InputPayload and selects the step outputs from $.Payload', async () => {
      await runbook('Tagger', TAGGER);
      const id = await start('Tagger', { InstanceId: ['i-0123456789abcdef0'] });
      const e = await until(id, ['Success', 'Failed']);
      expect(e.FailureMessage).toBeUndefined();
      expect(e).toMatchObject({
        AutomationExecutionStatus: 'Success',
        Outputs: { 'buildTag.TagValue': ['PROD'], 'buildTag.Count': ['19'], 'readTag.Tag': ['Env=PROD'] },
      });
      const [build, read] = e.StepExecutions!;
      const payload = { tagKey: 'Env', tagValue: 'PROD', count: 19, ids: ['i-0123456789abcdef0', id] };
      expect(build).toMatchObject({
        StepName: 'buildTag',
        Action: 'aws:executeScript',
        StepStatus: 'Success',
        Inputs: {
          Runtime: '"python3.11"',
          Handler: '"build_tag"',
          InputPayload: '{"instanceId":"i-0123456789abcdef0","env":"prod"}',
        },
        Outputs: { TagKey: ['Env'], TagValue: ['PROD'], Count: ['19'] },
      });
      expect(JSON.parse(build.Outputs!.Payload[0])).toEqual(payload);
      expect(read).toMatchObject({
        StepStatus: 'Success',
        Outputs: { Payload: ['Env=PROD'], Tag: ['Env=PROD'] },
      });
    });

    it("an exception fails the step and the execution with AWS's framing of the traceback", async () => {
      await runbook(
        'Raises',
        `
schemaVersion: '0.3'
mainSteps:
  - name: parse
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: parse_event
      InputPayload: {}
      Script: |-
        def parse_event(event, context):
            my_control_id = event['expected_control_id']
            return my_control_id
  - name: never
    action: aws:sleep
    inputs:
      Duration: PT1S
`,
      );
      const e = await until(await start('Raises'), ['Success', 'Failed']);
      expect(e.AutomationExecutionStatus).toBe('Failed');
      const file = /File "(\/[^"]+\/customer_script\.py)"/.exec(e.FailureMessage ?? '')?.[1];
      expect(e.FailureMessage).toBe(
        'Step fails when it is Poll action status for completion. Traceback (most recent call last):\n' +
          `  File "${file}", line 2, in parse_event\n    my_control_id = event['expected_control_id']\n\n` +
          `KeyError - 'expected_control_id'. ${TROUBLESHOOTING}`,
      );
      expect(e.StepExecutions![0]).toMatchObject({
        StepName: 'parse',
        StepStatus: 'Failed',
        FailureMessage: e.FailureMessage,
        FailureDetails: { FailureStage: 'Invocation', FailureType: 'Action' },
      });
      expect(e.StepExecutions![1]).toMatchObject({ StepName: 'never', StepStatus: 'Pending' });
    });

    it('StopAutomationExecution cancels a running script at once', async () => {
      await runbook(
        'Slow',
        `
schemaVersion: '0.3'
mainSteps:
  - name: wait
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: handler
      Script: |-
        import time
        def handler(events, context):
            time.sleep(60)
`,
      );
      const id = await start('Slow');
      await until(id, ['InProgress']);
      await server.ssm.send(new StopAutomationExecutionCommand({ AutomationExecutionId: id }));
      const e = await until(id, ['Cancelled', 'Failed', 'Success']);
      expect(e.AutomationExecutionStatus).toBe('Cancelled');
      expect(e.StepExecutions![0].StepStatus).toBe('Cancelled');
    });

    it("the step's timeoutSeconds times a running script out", async () => {
      await runbook(
        'Late',
        `
schemaVersion: '0.3'
mainSteps:
  - name: wait
    action: aws:executeScript
    timeoutSeconds: 1
    inputs:
      Runtime: python3.11
      Handler: handler
      Script: |-
        import time
        def handler(events, context):
            time.sleep(60)
`,
      );
      const e = await until(await start('Late'), ['TimedOut', 'Failed', 'Success']);
      expect(e.AutomationExecutionStatus).toBe('TimedOut');
      expect(e.StepExecutions![0]).toMatchObject({
        StepStatus: 'TimedOut',
        FailureMessage: `Step timed out while step is Poll action status for completion. ${TROUBLESHOOTING}`,
      });
    });

    const boto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
    it.skipIf(!boto3)(
      "a script's boto3 calls reach this emulator, as the execution's account and Region",
      async () => {
        const account = server.client({ accessKeyId: '111122223333', region: 'eu-west-1' });
        await runbook(
          'Boto',
          `
schemaVersion: '0.3'
mainSteps:
  - name: put
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: handler
      Script: |-
        import boto3
        def handler(events, context):
            ssm = boto3.client('ssm')
            ssm.put_parameter(Name='/from/script', Value=context['global:REGION'], Type='String')
            return ssm.get_parameter(Name='/from/script')['Parameter']['Version']
    outputs:
      - Name: Version
        Selector: $.Payload
        Type: Integer
`,
          account,
        );
        const e = await until(await start('Boto', undefined, account), ['Success', 'Failed'], account);
        expect(e.FailureMessage).toBeUndefined();
        expect(e.StepExecutions![0].Outputs).toMatchObject({ Version: ['1'] });
        const got = await account.send(new GetParameterCommand({ Name: '/from/script' }));
        expect(got.Parameter).toMatchObject({ Name: '/from/script', Value: 'eu-west-1' });
        // Another account (the default one) does not see it.
        const err = await sdkError(() => server.ssm.send(new GetParameterCommand({ Name: '/from/script' })));
        expect(err.name).toBe('ParameterNotFound');
      },
    );
  });

  describe('validation', () => {
    it('an Attachment fails the step clearly: this emulator keeps no document attachments', async () => {
      await runbook(
        'Attached',
        `
schemaVersion: '0.3'
mainSteps:
  - name: run
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: script.handler
      Attachment: script.py
`,
      );
      const e = await until(await start('Attached'), ['Success', 'Failed']);
      expect(e.AutomationExecutionStatus).toBe('Failed');
      expect(e.FailureMessage).toBe(
        'Step fails when it is validating and resolving the step inputs. ssm-emulator does not store document attachments, so aws:executeScript cannot run the Attachment "script.py"; put the script in the step\'s Script input instead. ' +
          TROUBLESHOOTING,
      );
      expect(e.StepExecutions![0].FailureDetails).toEqual({
        FailureStage: 'InputValidation',
        FailureType: 'Verification',
      });
    });
  });
});
