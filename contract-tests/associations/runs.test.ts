// Associations that run: executions and their targets, node statuses, effective associations, runs on demand,
// failed runs, runbooks, and nodes that join or gain a matching tag.
import {
  AddTagsToResourceCommand,
  CreateAssociationCommand,
  CreateDocumentCommand,
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  DescribeEffectiveInstanceAssociationsCommand,
  DescribeInstanceAssociationsStatusCommand,
  StartAssociationsOnceCommand,
  UpdateAssociationStatusCommand,
  type CreateAssociationCommandInput,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError } from '../helpers/server.js';
import {
  DB,
  WEB,
  associationSuite,
  describe as describeAssociation,
  settledExecutions,
} from './association-helpers.js';

const t = associationSuite();
const create = async (input: Partial<CreateAssociationCommandInput> = {}) =>
  (
    await t.ssm.send(
      new CreateAssociationCommand({
        Name: 'AWS-RunShellScript',
        Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
        Parameters: { commands: ['echo hi'] },
        ...input,
      }),
    )
  ).AssociationDescription!;
const NONE = '00000000-0000-0000-0000-000000000000';

describe('DescribeAssociationExecutions and DescribeAssociationExecutionTargets', () => {
  it('lists each run with its per-target results, output source and filters', async () => {
    const a = await create();
    const [exec] = await settledExecutions(t.ssm, a.AssociationId!);
    expect(exec).toMatchObject({
      AssociationId: a.AssociationId,
      AssociationVersion: '1',
      Status: 'Success',
      DetailedStatus: 'Success',
      ResourceCountByStatus: '{Success=2}',
    });
    expect(exec.CreatedTime).toBeInstanceOf(Date);
    const targets = await t.ssm.send(
      new DescribeAssociationExecutionTargetsCommand({
        AssociationId: a.AssociationId,
        ExecutionId: exec.ExecutionId,
      }),
    );
    expect(targets.AssociationExecutionTargets?.map((x) => x.ResourceId)).toEqual([WEB, DB]);
    expect(targets.AssociationExecutionTargets?.[0]).toMatchObject({
      ResourceType: 'ManagedInstance',
      Status: 'Success',
      DetailedStatus: 'Success',
      OutputSource: { OutputSourceType: 'RunCommand' },
    });
    const one = await t.ssm.send(
      new DescribeAssociationExecutionTargetsCommand({
        AssociationId: a.AssociationId,
        ExecutionId: exec.ExecutionId,
        Filters: [{ Key: 'ResourceId', Value: DB }],
        MaxResults: 1,
      }),
    );
    expect(one.AssociationExecutionTargets?.map((x) => x.ResourceId)).toEqual([DB]);
    const failed = await t.ssm.send(
      new DescribeAssociationExecutionsCommand({
        AssociationId: a.AssociationId,
        Filters: [{ Key: 'Status', Value: 'Failed', Type: 'EQUAL' }],
      }),
    );
    expect(failed.AssociationExecutions).toEqual([]);
  });

  it('refuses an unknown association or execution with AWS errors', async () => {
    const a = await create();
    const noAssociation = await sdkError(() =>
      t.ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: NONE })),
    );
    expect(noAssociation.name).toBe('AssociationDoesNotExist');
    const noExecution = await sdkError(() =>
      t.ssm.send(
        new DescribeAssociationExecutionTargetsCommand({ AssociationId: a.AssociationId, ExecutionId: NONE }),
      ),
    );
    expect(noExecution.name).toBe('AssociationExecutionDoesNotExist');
    expect(noExecution.message).toBe(
      "The specified execution ID doesn't exist. Verify the ID number and try again.",
    );
    const token = await sdkError(() =>
      t.ssm.send(
        new DescribeAssociationExecutionsCommand({ AssociationId: a.AssociationId, NextToken: 'x' }),
      ),
    );
    expect(token.name).toBe('InvalidNextToken');
  });
});

describe('failed runs', () => {
  it('reports a failing node Failed, the run and the overview Failed', async () => {
    // db-prod-1 has no nginx: `systemctl restart nginx` exits 5 there (demo fleet), and succeeds on web-prod-1.
    const a = await create({ Parameters: { commands: ['systemctl restart nginx'] } });
    const [exec] = await settledExecutions(t.ssm, a.AssociationId!);
    expect(exec).toMatchObject({
      Status: 'Failed',
      DetailedStatus: 'Failed',
      ResourceCountByStatus: '{Failed=1, Success=1}',
    });
    const d = await describeAssociation(t.ssm, a.AssociationId!);
    expect(d.Overview).toEqual({
      Status: 'Failed',
      DetailedStatus: 'Failed',
      AssociationStatusAggregatedCount: { Failed: 1, Success: 1 },
    });
    expect(d.LastSuccessfulExecutionDate).toBeUndefined();
    const s = await t.ssm.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: DB }));
    expect(s.InstanceAssociationStatusInfos?.[0]).toMatchObject({
      Status: 'Failed',
      DetailedStatus: 'Failed',
      ExecutionSummary: '1 out of 1 plugin processed, 0 success, 1 failed, 0 timedout, 0 skipped. ',
    });
  });
});

describe('DescribeInstanceAssociationsStatus and DescribeEffectiveInstanceAssociations', () => {
  it("shows each association's latest result on a node and the documents that apply to it", async () => {
    const a = await create({ AssociationName: 'hello' });
    await settledExecutions(t.ssm, a.AssociationId!);
    const s = await t.ssm.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: WEB }));
    expect(s.InstanceAssociationStatusInfos).toHaveLength(1);
    expect(s.InstanceAssociationStatusInfos?.[0]).toMatchObject({
      AssociationId: a.AssociationId,
      Name: 'AWS-RunShellScript',
      DocumentVersion: '1',
      AssociationVersion: '1',
      InstanceId: WEB,
      Status: 'Success',
      DetailedStatus: 'Success',
      ExecutionSummary: '1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout, 0 skipped. ',
      AssociationName: 'hello',
    });
    const effective = await t.ssm.send(new DescribeEffectiveInstanceAssociationsCommand({ InstanceId: WEB }));
    expect(effective.Associations).toHaveLength(1);
    expect(effective.Associations?.[0]).toMatchObject({
      AssociationId: a.AssociationId,
      InstanceId: WEB,
      AssociationVersion: '1',
    });
    // The document's content with the association's parameters in place (AWS-RunShellScript is schema 1.2).
    const content = JSON.parse(effective.Associations![0].Content!);
    expect(content.runtimeConfig['aws:runShellScript'].properties[0].runCommand).toEqual(['echo hi']);
    const dev = await t.ssm.send(
      new DescribeEffectiveInstanceAssociationsCommand({ InstanceId: 'i-0fedcba9876543210' }),
    );
    expect(dev.Associations).toEqual([]);
    const bad = await sdkError(() =>
      t.ssm.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: 'i-00000000000000000' })),
    );
    expect(bad.name).toBe('InvalidInstanceId');
    expect(bad.message).toBe(
      'Instances [[i-00000000000000000]] not in a valid state for account 000000000000',
    );
  });
});

describe('StartAssociationsOnce', () => {
  it('runs each association once more, and runs nothing when one id is unknown', async () => {
    const a = await create();
    await settledExecutions(t.ssm, a.AssociationId!);
    const e = await sdkError(() =>
      t.ssm.send(new StartAssociationsOnceCommand({ AssociationIds: [a.AssociationId!, NONE] })),
    );
    expect(e.name).toBe('AssociationDoesNotExist');
    await t.ssm.send(new StartAssociationsOnceCommand({ AssociationIds: [a.AssociationId!] }));
    const list = await settledExecutions(t.ssm, a.AssociationId!, 2);
    expect(list).toHaveLength(2);
  });
});

describe('UpdateAssociationStatus', () => {
  it("sets a legacy association's status, and refuses the same status again", async () => {
    await create({ InstanceId: WEB, Targets: undefined });
    const status = { Date: new Date('2026-01-02T03:04:05Z'), Name: 'Failed' as const, Message: 'broken' };
    const r = await t.ssm.send(
      new UpdateAssociationStatusCommand({
        Name: 'AWS-RunShellScript',
        InstanceId: WEB,
        AssociationStatus: status,
      }),
    );
    expect(r.AssociationDescription?.Status).toEqual(status);
    const again = await sdkError(() =>
      t.ssm.send(
        new UpdateAssociationStatusCommand({
          Name: 'AWS-RunShellScript',
          InstanceId: WEB,
          AssociationStatus: status,
        }),
      ),
    );
    expect(again.name).toBe('StatusUnchanged');
    const missing = await sdkError(() =>
      t.ssm.send(
        new UpdateAssociationStatusCommand({
          Name: 'AWS-RunShellScript',
          InstanceId: DB,
          AssociationStatus: status,
        }),
      ),
    );
    expect(missing.name).toBe('AssociationDoesNotExist');
  });
});

describe('Automation runbooks', () => {
  it('runs one automation per target with AutomationTargetParameterName, and reports each', async () => {
    await t.ssm.send(
      new CreateDocumentCommand({
        Name: 'Touch',
        DocumentType: 'Automation',
        Content: JSON.stringify({
          schemaVersion: '0.3',
          parameters: { InstanceId: { type: 'String' } },
          mainSteps: [
            {
              name: 'run',
              action: 'aws:runCommand',
              inputs: {
                DocumentName: 'AWS-RunShellScript',
                InstanceIds: ['{{ InstanceId }}'],
                Parameters: { commands: ['echo runbook'] },
              },
            },
          ],
        }),
      }),
    );
    const missing = await sdkError(() => create({ Name: 'Touch', Parameters: undefined }));
    expect(missing.name).toBe('InvalidParameters');
    expect(missing.message).toBe('Parameter "InstanceId" requires a value.');
    const a = await create({
      Name: 'Touch',
      Parameters: undefined,
      AutomationTargetParameterName: 'InstanceId',
    });
    const [exec] = await settledExecutions(t.ssm, a.AssociationId!);
    expect(exec).toMatchObject({ Status: 'Success', ResourceCountByStatus: '{Success=2}' });
    const targets = await t.ssm.send(
      new DescribeAssociationExecutionTargetsCommand({
        AssociationId: a.AssociationId,
        ExecutionId: exec.ExecutionId,
      }),
    );
    expect(
      targets.AssociationExecutionTargets?.map((x) => [x.ResourceId, x.OutputSource?.OutputSourceType]),
    ).toEqual([
      [WEB, 'Automation'],
      [DB, 'Automation'],
    ]);
  });
});

describe('nodes that join or gain a matching tag', () => {
  it('applies the association to a node added through the control plane with a matching tag', async () => {
    const a = await create();
    await settledExecutions(t.ssm, a.AssociationId!);
    const r = await t.server.control('POST', '/_emulator/nodes', {
      id: 'i-0000000000000beef',
      name: 'web-prod-2',
      os: 'amazon-linux-2023',
      tags: { Environment: 'Production' },
    });
    expect(r.status).toBe(201);
    const list = await settledExecutions(t.ssm, a.AssociationId!, 2);
    const targets = await t.ssm.send(
      new DescribeAssociationExecutionTargetsCommand({
        AssociationId: a.AssociationId,
        ExecutionId: list.find((e) => e.ResourceCountByStatus === '{Success=1}')!.ExecutionId,
      }),
    );
    expect(targets.AssociationExecutionTargets?.map((x) => [x.ResourceId, x.Status])).toEqual([
      ['i-0000000000000beef', 'Success'],
    ]);
    const d = await describeAssociation(t.ssm, a.AssociationId!);
    expect(d.Overview?.AssociationStatusAggregatedCount).toEqual({ Success: 3 });
    // A node that does not match gets nothing.
    await t.server.control('POST', '/_emulator/nodes', {
      id: 'i-0000000000000cafe',
      name: 'dev-3',
      os: 'ubuntu-22.04',
    });
    await new Promise((res) => setTimeout(res, 300));
    expect(await settledExecutions(t.ssm, a.AssociationId!, 2)).toHaveLength(2);
  });

  it('applies it to a managed node once AddTagsToResource gives it the tag', async () => {
    const ID = 'mi-0000000000000abcd';
    await t.server.control('POST', '/_emulator/nodes', { id: ID, name: 'hybrid-1', os: 'ubuntu-22.04' });
    const a = await create();
    await settledExecutions(t.ssm, a.AssociationId!);
    await t.ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'ManagedInstance',
        ResourceId: ID,
        Tags: [{ Key: 'Environment', Value: 'Production' }],
      }),
    );
    await settledExecutions(t.ssm, a.AssociationId!, 2);
    const s = await t.ssm.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: ID }));
    expect(s.InstanceAssociationStatusInfos?.map((x) => [x.AssociationId, x.Status])).toEqual([
      [a.AssociationId, 'Success'],
    ]);
  });
});
