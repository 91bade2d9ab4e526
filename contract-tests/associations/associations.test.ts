// CreateAssociation, CreateAssociationBatch, DescribeAssociation, UpdateAssociation, ListAssociationVersions,
// DeleteAssociation and ListAssociations: serialization, validation with AWS's errors, functionality.
import {
  CreateAssociationBatchCommand,
  CreateAssociationCommand,
  CreateDocumentCommand,
  DeleteAssociationCommand,
  DescribeAssociationCommand,
  ListAssociationsCommand,
  ListAssociationVersionsCommand,
  ListTagsForResourceCommand,
  UpdateAssociationCommand,
  type CreateAssociationCommandInput,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError } from '../helpers/server.js';
import { DB, WEB, associationSuite, settledExecutions } from './association-helpers.js';

const t = associationSuite();
const create = (input: Partial<CreateAssociationCommandInput> = {}) =>
  t.ssm.send(
    new CreateAssociationCommand({
      Name: 'AWS-RunShellScript',
      Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
      Parameters: { commands: ['echo hi'] },
      ...input,
    }),
  );
const error = (input: Partial<CreateAssociationCommandInput>) => sdkError(() => create(input));

describe('CreateAssociation', () => {
  describe('serialization', () => {
    it('answers with epoch-second timestamps and omits what was not given', async () => {
      const r = await t.server.raw(
        'AmazonSSM.CreateAssociation',
        JSON.stringify({ Name: 'AWS-RunShellScript', InstanceId: WEB, Parameters: { commands: ['true'] } }),
      );
      expect(r.status).toBe(200);
      const d = r.json.AssociationDescription;
      expect(typeof d.Date).toBe('number');
      expect(d.LastUpdateAssociationDate).toBe(d.Date);
      expect(d).not.toHaveProperty('ScheduleExpression');
      expect(d).not.toHaveProperty('LastExecutionDate');
      // create-association CLI example of a legacy association: Associated, and its node as a target.
      expect(d).toMatchObject({
        Name: 'AWS-RunShellScript',
        InstanceId: WEB,
        AssociationVersion: '1',
        DocumentVersion: '$DEFAULT',
        Status: { Name: 'Associated', Message: 'Associated with AWS-RunShellScript' },
        Overview: { Status: 'Pending', DetailedStatus: 'Associated' },
        Targets: [{ Key: 'InstanceIds', Values: [WEB] }],
      });
    });
  });

  describe('validation', () => {
    it('refuses an unknown document with InvalidDocument', async () => {
      const e = await error({ Name: 'NoSuchDocument' });
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
    });

    it('refuses an unknown document version with InvalidDocumentVersion', async () => {
      const e = await error({ DocumentVersion: '9' });
      expect(e.name).toBe('InvalidDocumentVersion');
      expect(e.message).toBe('The document version is not valid or does not exist.');
    });

    it('refuses a Command document without targets (InvalidTarget, AWS text)', async () => {
      const e = await error({ Targets: undefined });
      expect(e.name).toBe('InvalidTarget');
      expect(e.message).toBe('Instance ID or targets must be specified');
    });

    it('refuses an unknown target key with InvalidTarget', async () => {
      const e = await error({ Targets: [{ Key: 'Cluster', Values: ['a'] }] });
      expect(e.name).toBe('InvalidTarget');
      expect(e.message).toBe('Unsupported Target Type');
    });

    it('checks parameters against the document (InvalidParameters)', async () => {
      const missing = await error({ Parameters: {} });
      expect(missing.name).toBe('InvalidParameters');
      expect(missing.message).toBe('Parameter "commands" requires a value.');
      const undeclared = await error({ Parameters: { commands: ['x'], color: ['red'] } });
      expect(undeclared.name).toBe('InvalidParameters');
      expect(undeclared.message).toBe('Parameter "color" is not defined in the document.');
    });

    it('applies the association schedule rules (InvalidSchedule)', async () => {
      const tooOften = await error({ ScheduleExpression: 'rate(10 minutes)' });
      expect(tooOften.name).toBe('InvalidSchedule');
      expect(tooOften.message).toBe(
        'The schedule is invalid: rate(10 minutes). Associations support rate expressions of 30 minutes or greater and less than 31 days.',
      );
      const garbage = await error({ ScheduleExpression: 'every day' });
      expect(garbage.message).toBe(
        'The schedule is invalid. Verify your cron or rate expression and try again.',
      );
      const offset = await error({ ScheduleExpression: 'cron(0 2 ? * SUN *)', ScheduleOffset: 2 });
      expect(offset.message).toBe(
        'The schedule is invalid. To use ScheduleOffset, you must specify ApplyOnlyAtCronInterval.',
      );
    });

    it('refuses a legacy association of a runbook (InvalidDocument, AWS text) and of an unknown node', async () => {
      await t.ssm.send(
        new CreateDocumentCommand({
          Name: 'Runbook',
          DocumentType: 'Automation',
          Content: JSON.stringify({
            schemaVersion: '0.3',
            parameters: { InstanceId: { type: 'String' } },
            mainSteps: [{ name: 'wait', action: 'aws:sleep', inputs: { Duration: 'PT1S' } }],
          }),
        }),
      );
      const runbook = await error({
        Name: 'Runbook',
        InstanceId: WEB,
        Targets: undefined,
        Parameters: undefined,
      });
      expect(runbook.name).toBe('InvalidDocument');
      expect(runbook.message).toBe(
        'Document schema version, 0.3, is not supported by association that is created with instance id',
      );
      const node = await error({ InstanceId: 'i-00000000000000000', Targets: undefined });
      expect(node.name).toBe('InvalidInstanceId');
      expect(node.message).toBe(
        'Instances [[i-00000000000000000]] not in a valid state for account 000000000000',
      );
    });

    it('refuses a second legacy association of a document on a node (AssociationAlreadyExists)', async () => {
      await create({ InstanceId: WEB, Targets: undefined });
      const e = await error({ InstanceId: WEB, Targets: undefined });
      expect(e.name).toBe('AssociationAlreadyExists');
      expect(e.$metadata.httpStatusCode).toBe(400);
    });

    it('refuses a bucket name S3 would refuse (InvalidOutputLocation) and checks the model first', async () => {
      const e = await error({ OutputLocation: { S3Location: { OutputS3BucketName: 'Bad_Bucket' } } });
      expect(e.name).toBe('InvalidOutputLocation');
      const r = await t.server.raw(
        'AmazonSSM.CreateAssociation',
        JSON.stringify({ Name: 'AWS-RunShellScript', MaxConcurrency: '0' }),
      );
      expect(r.json.__type).toBe('ValidationException');
      expect(r.json.Message).toBe(
        "1 validation error detected: Value '0' at 'maxConcurrency' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$",
      );
      const list = await t.ssm.send(new ListAssociationsCommand({}));
      expect(list.Associations).toEqual([]);
    });
  });

  describe('functionality', () => {
    it('stores every member and tags, and runs at once on the matching nodes', async () => {
      const r = await create({
        AssociationName: 'prod-echo',
        ScheduleExpression: 'rate(1 hour)',
        MaxConcurrency: '50%',
        MaxErrors: '1',
        ComplianceSeverity: 'HIGH',
        SyncCompliance: 'AUTO',
        OutputLocation: { S3Location: { OutputS3BucketName: 'my-bucket', OutputS3KeyPrefix: 'assoc' } },
        Duration: 2,
        TargetLocations: [{ Accounts: ['111122223333'], Regions: ['us-east-1'] }],
        AlarmConfiguration: { Alarms: [{ Name: 'cpu-high' }], IgnorePollAlarmFailure: true },
        Tags: [{ Key: 'Team', Value: 'Blue' }],
      });
      const d = r.AssociationDescription!;
      expect(d).toMatchObject({
        AssociationName: 'prod-echo',
        MaxConcurrency: '50%',
        MaxErrors: '1',
        ComplianceSeverity: 'HIGH',
        SyncCompliance: 'AUTO',
        Duration: 2,
        TargetLocations: [{ Accounts: ['111122223333'], Regions: ['us-east-1'] }],
        AlarmConfiguration: { Alarms: [{ Name: 'cpu-high' }], IgnorePollAlarmFailure: true },
        Overview: { Status: 'Pending', DetailedStatus: 'Creating' },
      });
      const tags = await t.ssm.send(
        new ListTagsForResourceCommand({ ResourceType: 'Association', ResourceId: d.AssociationId }),
      );
      expect(tags.TagList).toEqual([{ Key: 'Team', Value: 'Blue' }]);
      const [exec] = await settledExecutions(t.ssm, d.AssociationId!);
      expect(exec).toMatchObject({ Status: 'Success', ResourceCountByStatus: '{Success=2}' });
      const after = (await t.ssm.send(new DescribeAssociationCommand({ AssociationId: d.AssociationId })))
        .AssociationDescription!;
      expect(after.Overview).toEqual({
        Status: 'Success',
        DetailedStatus: 'Success',
        AssociationStatusAggregatedCount: { Success: 2 },
      });
      expect(after.LastExecutionDate).toBeInstanceOf(Date);
      expect(after.LastSuccessfulExecutionDate).toEqual(after.LastExecutionDate);
    });

    it('does not run at creation with ApplyOnlyAtCronInterval', async () => {
      const r = await create({ ScheduleExpression: 'cron(0 2 ? * SUN *)', ApplyOnlyAtCronInterval: true });
      await new Promise((res) => setTimeout(res, 200));
      const d = (
        await t.ssm.send(
          new DescribeAssociationCommand({ AssociationId: r.AssociationDescription!.AssociationId }),
        )
      ).AssociationDescription!;
      expect(d.Overview?.Status).toBe('Pending');
      expect(d.LastExecutionDate).toBeUndefined();
    });
  });
});

describe('CreateAssociationBatch', () => {
  it('creates the good entries and lists each bad one with its Fault and Message', async () => {
    const r = await t.ssm.send(
      new CreateAssociationBatchCommand({
        Entries: [
          { Name: 'AWS-RunShellScript', InstanceId: WEB, Parameters: { commands: ['true'] } },
          { Name: 'NoSuchDocument', InstanceId: DB },
          { Name: 'AWS-RunShellScript', InstanceId: WEB, Parameters: { commands: ['true'] } },
        ],
      }),
    );
    expect(r.Successful).toHaveLength(1);
    expect(r.Successful![0]).toMatchObject({ Name: 'AWS-RunShellScript', InstanceId: WEB });
    expect(r.Failed).toEqual([
      {
        Entry: { Name: 'NoSuchDocument', InstanceId: DB },
        Fault: 'Client',
        Message: 'The specified document does not exist.',
      },
      {
        Entry: { Name: 'AWS-RunShellScript', InstanceId: WEB, Parameters: { commands: ['true'] } },
        Fault: 'Client',
        Message: 'AssociationAlreadyExists',
      },
    ]);
  });
});

describe('DescribeAssociation', () => {
  it('finds a legacy association by Name and InstanceId, and refuses what does not exist', async () => {
    const a = (await create({ InstanceId: WEB, Targets: undefined })).AssociationDescription!;
    const byPair = await t.ssm.send(
      new DescribeAssociationCommand({ Name: 'AWS-RunShellScript', InstanceId: WEB }),
    );
    expect(byPair.AssociationDescription?.AssociationId).toBe(a.AssociationId);
    const missing = await sdkError(() =>
      t.ssm.send(new DescribeAssociationCommand({ AssociationId: '00000000-0000-0000-0000-000000000000' })),
    );
    expect(missing.name).toBe('AssociationDoesNotExist');
    expect(missing.message).toBe("The specified association doesn't exist.");
    const badVersion = await sdkError(() =>
      t.ssm.send(new DescribeAssociationCommand({ AssociationId: a.AssociationId, AssociationVersion: '7' })),
    );
    expect(badVersion.name).toBe('InvalidAssociationVersion');
    expect(badVersion.message).toBe(
      "The version you specified isn't valid. Use ListAssociationVersions to view all versions of an association according to the association ID. Or, use the $LATEST parameter to view the latest version of the association.",
    );
    const badNode = await sdkError(() =>
      t.ssm.send(
        new DescribeAssociationCommand({ Name: 'AWS-RunShellScript', InstanceId: 'i-00000000000000000' }),
      ),
    );
    expect(badNode.name).toBe('InvalidInstanceId');
  });
});

describe('UpdateAssociation and ListAssociationVersions', () => {
  it('makes a new version each time, resets what the update leaves out, and keeps every version', async () => {
    const a = (
      await create({
        AssociationName: 'first',
        ScheduleExpression: 'rate(1 hour)',
        ComplianceSeverity: 'LOW',
      })
    ).AssociationDescription!;
    const u = await t.ssm.send(
      new UpdateAssociationCommand({
        AssociationId: a.AssociationId,
        AssociationName: 'second',
        Parameters: { commands: ['echo two'] },
        AssociationVersion: '$LATEST',
      }),
    );
    // API reference: "the system removes all optional parameters from the request and overwrites the
    // association with null values for those parameters"; the document and the targets stay.
    expect(u.AssociationDescription).toMatchObject({
      AssociationVersion: '2',
      AssociationName: 'second',
      Name: 'AWS-RunShellScript',
      Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
    });
    expect(u.AssociationDescription?.ScheduleExpression).toBeUndefined();
    expect(u.AssociationDescription?.ComplianceSeverity).toBeUndefined();
    const v1 = await t.ssm.send(
      new DescribeAssociationCommand({ AssociationId: a.AssociationId, AssociationVersion: '1' }),
    );
    expect(v1.AssociationDescription).toMatchObject({ AssociationVersion: '1', AssociationName: 'first' });
    const versions = await t.ssm.send(
      new ListAssociationVersionsCommand({ AssociationId: a.AssociationId, MaxResults: 1 }),
    );
    expect(versions.AssociationVersions?.map((v) => v.AssociationVersion)).toEqual(['1']);
    expect(versions.AssociationVersions?.[0]).toMatchObject({
      AssociationName: 'first',
      ScheduleExpression: 'rate(1 hour)',
    });
    const rest = await t.ssm.send(
      new ListAssociationVersionsCommand({ AssociationId: a.AssociationId, NextToken: versions.NextToken }),
    );
    expect(rest.AssociationVersions?.map((v) => v.AssociationVersion)).toEqual(['2']);
    expect(rest.NextToken).toBeUndefined();
  });

  it('refuses a stale AssociationVersion, a bad schedule and an unknown id, changing nothing', async () => {
    const a = (await create()).AssociationDescription!;
    const stale = await sdkError(() =>
      t.ssm.send(new UpdateAssociationCommand({ AssociationId: a.AssociationId, AssociationVersion: '3' })),
    );
    expect(stale.name).toBe('InvalidAssociationVersion');
    const schedule = await sdkError(() =>
      t.ssm.send(
        new UpdateAssociationCommand({
          AssociationId: a.AssociationId,
          Parameters: { commands: ['true'] },
          ScheduleExpression: 'rate(5 minutes)',
        }),
      ),
    );
    expect(schedule.name).toBe('InvalidSchedule');
    const unknown = await sdkError(() =>
      t.ssm.send(new UpdateAssociationCommand({ AssociationId: '00000000-0000-0000-0000-000000000000' })),
    );
    expect(unknown.name).toBe('AssociationDoesNotExist');
    const d = await t.ssm.send(new DescribeAssociationCommand({ AssociationId: a.AssociationId }));
    expect(d.AssociationDescription?.AssociationVersion).toBe('1');
    const bad = await sdkError(() =>
      t.ssm.send(new ListAssociationVersionsCommand({ AssociationId: a.AssociationId, NextToken: 'nope' })),
    );
    expect(bad.name).toBe('InvalidNextToken');
    expect(bad.message).toBe("The specified token isn't valid.");
  });
});

describe('DeleteAssociation and ListAssociations', () => {
  it('filters, pages, and forgets a deleted association', async () => {
    const a = (await create({ AssociationName: 'alpha' })).AssociationDescription!;
    const b = (await create({ InstanceId: DB, Targets: undefined, AssociationName: 'beta' }))
      .AssociationDescription!;
    const byName = await t.ssm.send(
      new ListAssociationsCommand({ AssociationFilterList: [{ key: 'AssociationName', value: 'beta' }] }),
    );
    expect(byName.Associations?.map((x) => x.AssociationId)).toEqual([b.AssociationId]);
    // API reference: the InstanceId filter returns only legacy associations.
    const byNode = await t.ssm.send(
      new ListAssociationsCommand({ AssociationFilterList: [{ key: 'InstanceId', value: DB }] }),
    );
    expect(byNode.Associations?.map((x) => x.AssociationId)).toEqual([b.AssociationId]);
    const page1 = await t.ssm.send(new ListAssociationsCommand({ MaxResults: 1 }));
    expect(page1.Associations?.map((x) => x.AssociationId)).toEqual([a.AssociationId]);
    expect(page1.Associations?.[0]).toMatchObject({
      Name: 'AWS-RunShellScript',
      AssociationVersion: '1',
      DocumentVersion: '$DEFAULT',
    });
    const page2 = await t.ssm.send(
      new ListAssociationsCommand({ MaxResults: 1, NextToken: page1.NextToken }),
    );
    expect(page2.Associations?.map((x) => x.AssociationId)).toEqual([b.AssociationId]);
    expect(page2.NextToken).toBeUndefined();

    await t.ssm.send(new DeleteAssociationCommand({ Name: 'AWS-RunShellScript', InstanceId: DB }));
    await t.ssm.send(new DeleteAssociationCommand({ AssociationId: a.AssociationId }));
    const none = await t.ssm.send(new ListAssociationsCommand({}));
    expect(none.Associations).toEqual([]);
    const again = await sdkError(() =>
      t.ssm.send(new DeleteAssociationCommand({ AssociationId: a.AssociationId })),
    );
    expect(again.name).toBe('AssociationDoesNotExist');
    expect(again.message).toBe("The specified association doesn't exist.");
  });
});
