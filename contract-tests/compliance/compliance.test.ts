// PutComplianceItems, ListComplianceItems, ListResourceComplianceSummaries and ListComplianceSummaries, and the
// Association items State Manager writes into the same store.
import {
  CreateAssociationCommand,
  ListComplianceItemsCommand,
  ListComplianceSummariesCommand,
  ListResourceComplianceSummariesCommand,
  PutComplianceItemsCommand,
  type ComplianceItemEntry,
  type PutComplianceItemsCommandInput,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError } from '../helpers/server.js';
import { DB, WEB, associationSuite, settledExecutions } from '../associations/association-helpers.js';

const t = associationSuite();
const AT = new Date('2026-05-01T10:00:00Z');
const put = (input: Partial<PutComplianceItemsCommandInput> & { Items: ComplianceItemEntry[] }) =>
  t.ssm.send(
    new PutComplianceItemsCommand({
      ResourceId: WEB,
      ResourceType: 'ManagedInstance',
      ComplianceType: 'Custom:Software',
      ExecutionSummary: { ExecutionTime: AT, ExecutionId: 'run-1', ExecutionType: 'Command' },
      ...input,
    }),
  );
const items = async (
  filters: { Key: string; Values: string[]; Type?: 'EQUAL' | 'NOT_EQUAL' | 'BEGIN_WITH' }[] = [],
) =>
  (
    await t.ssm.send(
      new ListComplianceItemsCommand({
        ResourceIds: [WEB],
        ResourceTypes: ['ManagedInstance'],
        Filters: filters,
      }),
    )
  ).ComplianceItems ?? [];

describe('PutComplianceItems', () => {
  describe('serialization and functionality', () => {
    it('stores custom items, and ListComplianceItems returns them with the execution summary', async () => {
      await put({
        Items: [
          {
            Id: 'nginx',
            Title: 'nginx is current',
            Severity: 'HIGH',
            Status: 'COMPLIANT',
            Details: { Version: '1.24' },
          },
          { Id: 'openssl', Title: 'openssl is old', Severity: 'CRITICAL', Status: 'NON_COMPLIANT' },
        ],
      });
      const r = await t.server.raw(
        'AmazonSSM.ListComplianceItems',
        JSON.stringify({ ResourceIds: [WEB], Filters: [{ Key: 'Status', Values: ['NON_COMPLIANT'] }] }),
      );
      expect(r.json.ComplianceItems).toEqual([
        {
          ComplianceType: 'Custom:Software',
          ResourceType: 'ManagedInstance',
          ResourceId: WEB,
          Id: 'openssl',
          Title: 'openssl is old',
          Status: 'NON_COMPLIANT',
          Severity: 'CRITICAL',
          ExecutionSummary: {
            ExecutionTime: AT.getTime() / 1000,
            ExecutionId: 'run-1',
            ExecutionType: 'Command',
          },
        },
      ]);
      expect(r.json).not.toHaveProperty('NextToken');
    });

    it('replaces the items of the type (COMPLETE), and ignores a put whose ItemContentHash is unchanged', async () => {
      await put({ Items: [{ Id: 'a', Severity: 'LOW', Status: 'COMPLIANT' }], ItemContentHash: 'h1' });
      await put({ Items: [{ Id: 'b', Severity: 'LOW', Status: 'COMPLIANT' }], ItemContentHash: 'h1' });
      expect((await items()).map((i) => i.Id)).toEqual(['a']);
      await put({ Items: [{ Id: 'c', Severity: 'LOW', Status: 'COMPLIANT' }], ItemContentHash: 'h2' });
      expect((await items()).map((i) => i.Id)).toEqual(['c']);
    });

    it('emits Configuration Compliance State Change when the status of a type changes', async () => {
      await put({ Items: [{ Id: 'a', Severity: 'LOW', Status: 'COMPLIANT' }] });
      await put({ Items: [{ Id: 'a', Severity: 'LOW', Status: 'COMPLIANT' }] });
      await put({ Items: [{ Id: 'a', Severity: 'LOW', Status: 'NON_COMPLIANT' }] });
      const r = await t.server.control(
        'GET',
        `/_emulator/events?detailType=${encodeURIComponent('Configuration Compliance State Change')}`,
      );
      expect(r.json.events.map((e: { detail: Record<string, unknown> }) => e.detail)).toEqual([
        {
          'last-runtime': '2026-05-01T10:00:00Z',
          'compliance-status': 'compliant',
          'resource-type': 'managed-instance',
          'resource-id': WEB,
          'compliance-type': 'Custom:Software',
        },
        {
          'last-runtime': '2026-05-01T10:00:00Z',
          'compliance-status': 'non_compliant',
          'resource-type': 'managed-instance',
          'resource-id': WEB,
          'compliance-type': 'Custom:Software',
        },
      ]);
    });
  });

  describe('validation', () => {
    it('refuses another resource type, an unknown node, and an eleventh custom type', async () => {
      const type = await sdkError(() => put({ ResourceType: 'EC2Instance', Items: [] }));
      expect(type.name).toBe('InvalidResourceType');
      const node = await sdkError(() => put({ ResourceId: 'i-00000000000000000', Items: [] }));
      expect(node.name).toBe('InvalidResourceId');
      for (let i = 0; i < 10; i++)
        await put({
          ComplianceType: `Custom:T${i}`,
          Items: [{ Id: 'x', Severity: 'LOW', Status: 'COMPLIANT' }],
        });
      const limit = await sdkError(() =>
        put({ ComplianceType: 'Custom:T10', Items: [{ Id: 'x', Severity: 'LOW', Status: 'COMPLIANT' }] }),
      );
      expect(limit.name).toBe('ComplianceTypeCountLimitExceededException');
      expect(limit.message).toBe(
        'You specified too many custom compliance types. You can specify a maximum of 10 different types.',
      );
    });

    it('allows PARTIAL only for associations with SyncCompliance MANUAL', async () => {
      const notAssociation = await sdkError(() =>
        put({ UploadType: 'PARTIAL', Items: [{ Id: 'x', Severity: 'LOW', Status: 'COMPLIANT' }] }),
      );
      expect(notAssociation.name).toBe('InvalidItemContentException');
      expect(notAssociation.message).toBe(
        'UploadType PARTIAL is valid only for the Association compliance type.',
      );
      const auto = await sdkError(() =>
        put({
          ComplianceType: 'Association',
          UploadType: 'PARTIAL',
          Items: [{ Id: '00000000-0000-0000-0000-000000000000', Severity: 'LOW', Status: 'COMPLIANT' }],
        }),
      );
      expect(auto.message).toBe(
        'Item 00000000-0000-0000-0000-000000000000 does not name an association with SyncCompliance MANUAL.',
      );
    });

    it('refuses an unknown filter key with InvalidFilter', async () => {
      const e = await sdkError(() => items([{ Key: 'Colour', Values: ['red'] }]));
      expect(e.name).toBe('InvalidFilter');
      expect(e.message).toBe(
        "The filter name isn't valid. Verify that you entered the correct name and try again.",
      );
    });
  });
});

describe('Association compliance from State Manager', () => {
  it('writes one COMPLIANT item per node with the association severity (AUTO)', async () => {
    const r = await t.ssm.send(
      new CreateAssociationCommand({
        Name: 'AWS-RunShellScript',
        Targets: [{ Key: 'tag:Environment', Values: ['Production'] }],
        Parameters: { commands: ['echo hi'] },
        ComplianceSeverity: 'HIGH',
      }),
    );
    const id = r.AssociationDescription!.AssociationId!;
    await settledExecutions(t.ssm, id);
    const list = await items([{ Key: 'ComplianceType', Values: ['Association'] }]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      ComplianceType: 'Association',
      ResourceType: 'ManagedInstance',
      ResourceId: WEB,
      Id: id,
      Title: '',
      Status: 'COMPLIANT',
      Severity: 'HIGH',
      Details: { DocumentName: 'AWS-RunShellScript', DocumentVersion: '1' },
    });
    const summaries = await t.ssm.send(
      new ListResourceComplianceSummariesCommand({
        Filters: [{ Key: 'ComplianceType', Values: ['Association'] }],
      }),
    );
    expect(summaries.ResourceComplianceSummaryItems?.map((s) => s.ResourceId)).toEqual([WEB, DB]);
    expect(summaries.ResourceComplianceSummaryItems?.[0]).toMatchObject({
      Status: 'COMPLIANT',
      OverallSeverity: 'HIGH',
      CompliantSummary: {
        CompliantCount: 1,
        SeveritySummary: {
          CriticalCount: 0,
          HighCount: 1,
          MediumCount: 0,
          LowCount: 0,
          InformationalCount: 0,
          UnspecifiedCount: 0,
        },
      },
      NonCompliantSummary: { NonCompliantCount: 0 },
    });
    const totals = await t.ssm.send(new ListComplianceSummariesCommand({}));
    expect(totals.ComplianceSummaryItems).toEqual([
      {
        ComplianceType: 'Association',
        CompliantSummary: {
          CompliantCount: 2,
          SeveritySummary: {
            CriticalCount: 0,
            HighCount: 2,
            MediumCount: 0,
            LowCount: 0,
            InformationalCount: 0,
            UnspecifiedCount: 0,
          },
        },
        NonCompliantSummary: {
          NonCompliantCount: 0,
          SeveritySummary: {
            CriticalCount: 0,
            HighCount: 0,
            MediumCount: 0,
            LowCount: 0,
            InformationalCount: 0,
            UnspecifiedCount: 0,
          },
        },
      },
    ]);
  });

  it('leaves MANUAL associations to PutComplianceItems (PARTIAL)', async () => {
    const r = await t.ssm.send(
      new CreateAssociationCommand({
        Name: 'AWS-RunShellScript',
        InstanceId: WEB,
        Parameters: { commands: ['echo hi'] },
        SyncCompliance: 'MANUAL',
      }),
    );
    const id = r.AssociationDescription!.AssociationId!;
    await settledExecutions(t.ssm, id);
    expect(await items([{ Key: 'ComplianceType', Values: ['Association'] }])).toEqual([]);
    await put({
      ComplianceType: 'Association',
      UploadType: 'PARTIAL',
      Items: [{ Id: id, Severity: 'MEDIUM', Status: 'NON_COMPLIANT' }],
    });
    const list = await items([{ Key: 'ComplianceType', Values: ['Asso'], Type: 'BEGIN_WITH' }]);
    expect(list.map((i) => [i.Id, i.Status, i.Severity])).toEqual([[id, 'NON_COMPLIANT', 'MEDIUM']]);
    const others = await items([{ Key: 'ComplianceType', Values: ['Association'], Type: 'NOT_EQUAL' }]);
    expect(others).toEqual([]);
  });
});
