// Sharing documents: ModifyDocumentPermission / DescribeDocumentPermission, and tags on documents.
import {
  AddTagsToResourceCommand,
  CreateDocumentCommand,
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  DescribeDocumentPermissionCommand,
  ListTagsForResourceCommand,
  ModifyDocumentPermissionCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-ssm';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';

const CONTENT = JSON.stringify({
  schemaVersion: '2.2',
  mainSteps: [{ action: 'aws:runShellScript', name: 'a' }],
});
const FRIEND = '111122223333';

const server = useServer({ resetEach: true });
beforeEach(async () => {
  await server.ssm.send(new CreateDocumentCommand({ Name: 'Doc', Content: CONTENT }));
});

const share = (add: string[], remove: string[] = [], extra: Record<string, unknown> = {}) =>
  server.ssm.send(
    new ModifyDocumentPermissionCommand({
      Name: 'Doc',
      PermissionType: 'Share',
      AccountIdsToAdd: add,
      AccountIdsToRemove: remove,
      ...extra,
    }),
  );

describe('ModifyDocumentPermission', () => {
  describe('serialization', () => {
    it('answers an empty object', async () => {
      const r = await server.raw(
        'AmazonSSM.ModifyDocumentPermission',
        JSON.stringify({ Name: 'Doc', PermissionType: 'Share', AccountIdsToAdd: [FRIEND] }),
      );
      expect(r.status).toBe(200);
      expect(r.json).toEqual({});
    });
  });

  describe('validation', () => {
    it('checks account ids and PermissionType against the model', async () => {
      let e = await sdkError(() => share(['12345']));
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe(
        "1 validation error detected: Value '[12345]' at 'accountIdsToAdd' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: (?i)all|[0-9]{12}]",
      );
      e = await sdkError(() =>
        server.ssm.send(new ModifyDocumentPermissionCommand({ Name: 'Doc', PermissionType: 'Own' as never })),
      );
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe(
        "1 validation error detected: Value 'Own' at 'permissionType' failed to satisfy constraint: Member must satisfy enum value set: [Share]",
      );
    });

    it('answers InvalidDocument for an unknown document and InvalidDocumentOperation for an AWS one', async () => {
      let e = await sdkError(() =>
        server.ssm.send(
          new ModifyDocumentPermissionCommand({
            Name: 'Nope',
            PermissionType: 'Share',
            AccountIdsToAdd: [FRIEND],
          }),
        ),
      );
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
      e = await sdkError(() =>
        server.ssm.send(
          new ModifyDocumentPermissionCommand({
            Name: 'AWS-RunShellScript',
            PermissionType: 'Share',
            AccountIdsToAdd: [FRIEND],
          }),
        ),
      );
      expect(e.name).toBe('InvalidDocumentOperation');
      expect(e.message).toBe("You can't share a document that your account doesn't own.");
    });

    it('shares at most five documents publicly', async () => {
      for (let i = 1; i <= 5; i++) {
        await server.ssm.send(new CreateDocumentCommand({ Name: `Pub${i}`, Content: CONTENT }));
        await server.ssm.send(
          new ModifyDocumentPermissionCommand({
            Name: `Pub${i}`,
            PermissionType: 'Share',
            AccountIdsToAdd: ['All'],
          }),
        );
      }
      const e = await sdkError(() => share(['All']));
      expect(e.name).toBe('DocumentLimitExceeded');
      expect(e.message).toBe('You can publicly share at most 5 documents.');
    });

    it('shares $DEFAULT, $LATEST or $ALL only (model pattern)', async () => {
      const e = await sdkError(() => share([FRIEND], [], { SharedDocumentVersion: '4' }));
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe(
        "1 validation error detected: Value '4' at 'sharedDocumentVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ([$]LATEST|[$]DEFAULT|[$]ALL)",
      );
    });
  });

  describe('functionality', () => {
    it('adds and removes accounts; the other account sees the document by ARN only while shared', async () => {
      await share([FRIEND, '444455556666']);
      const friend = server.client({ accessKeyId: FRIEND });
      const arn = 'arn:aws:ssm:us-east-1:000000000000:document/Doc';
      const d = await friend.send(new DescribeDocumentCommand({ Name: arn }));
      expect(d.Document?.Owner).toBe('000000000000');
      await share([], [FRIEND]);
      const e = await sdkError(() => friend.send(new DescribeDocumentCommand({ Name: arn })));
      expect(e.name).toBe('InvalidDocument');
      const p = await server.ssm.send(
        new DescribeDocumentPermissionCommand({ Name: 'Doc', PermissionType: 'Share' }),
      );
      expect(p.AccountIds).toEqual(['444455556666']);
    });
  });
});

describe('DescribeDocumentPermission', () => {
  describe('serialization', () => {
    it('lists public sharing as "all" with the shared version, as AWS shows it', async () => {
      await share(['All']);
      const r = await server.raw(
        'AmazonSSM.DescribeDocumentPermission',
        JSON.stringify({ Name: 'Doc', PermissionType: 'Share' }),
      );
      expect(r.json).toEqual({
        AccountIds: ['all'],
        AccountSharingInfoList: [{ AccountId: 'all', SharedDocumentVersion: '$DEFAULT' }],
      });
    });
  });

  describe('validation', () => {
    it('answers InvalidDocument for an unknown document', async () => {
      const e = await sdkError(() =>
        server.ssm.send(new DescribeDocumentPermissionCommand({ Name: 'Nope', PermissionType: 'Share' })),
      );
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
    });

    it('answers InvalidNextToken for a foreign token', async () => {
      const e = await sdkError(() =>
        server.ssm.send(
          new DescribeDocumentPermissionCommand({ Name: 'Doc', PermissionType: 'Share', NextToken: 'bad' }),
        ),
      );
      expect(e.name).toBe('InvalidNextToken');
      expect(e.message).toBe("The specified token isn't valid.");
    });
  });

  describe('functionality', () => {
    it('pages the accounts in order', async () => {
      const ids = Array.from({ length: 5 }, (_, i) => `10000000000${i}`);
      await share(ids, [], { SharedDocumentVersion: '$ALL' });
      const a = await server.ssm.send(
        new DescribeDocumentPermissionCommand({ Name: 'Doc', PermissionType: 'Share', MaxResults: 3 }),
      );
      const b = await server.ssm.send(
        new DescribeDocumentPermissionCommand({
          Name: 'Doc',
          PermissionType: 'Share',
          MaxResults: 3,
          NextToken: a.NextToken,
        }),
      );
      expect([...a.AccountIds!, ...b.AccountIds!]).toEqual(ids);
      expect(b.NextToken).toBeUndefined();
      expect(a.AccountSharingInfoList?.[0]).toEqual({ AccountId: ids[0], SharedDocumentVersion: '$ALL' });
    });
  });
});

describe('Tags on documents (ResourceType=Document)', () => {
  describe('serialization', () => {
    it('lists the tags of a document', async () => {
      await server.ssm.send(
        new AddTagsToResourceCommand({
          ResourceType: 'Document',
          ResourceId: 'Doc',
          Tags: [{ Key: 'a', Value: '1' }],
        }),
      );
      const r = await server.raw(
        'AmazonSSM.ListTagsForResource',
        JSON.stringify({ ResourceType: 'Document', ResourceId: 'Doc' }),
      );
      expect(r.json).toEqual({ TagList: [{ Key: 'a', Value: '1' }] });
    });
  });

  describe('validation', () => {
    it('answers InvalidResourceId for an unknown or AWS-owned document', async () => {
      for (const id of ['Nope', 'AWS-RunShellScript']) {
        const r = await server.raw(
          'AmazonSSM.AddTagsToResource',
          JSON.stringify({ ResourceType: 'Document', ResourceId: id, Tags: [{ Key: 'a', Value: '1' }] }),
        );
        expect(r.json).toEqual({ __type: 'InvalidResourceId' });
      }
    });
  });

  describe('functionality', () => {
    it('adds, removes and deletes tags with the document', async () => {
      await server.ssm.send(
        new AddTagsToResourceCommand({
          ResourceType: 'Document',
          ResourceId: 'Doc',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        }),
      );
      await server.ssm.send(
        new RemoveTagsFromResourceCommand({ ResourceType: 'Document', ResourceId: 'Doc', TagKeys: ['a'] }),
      );
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Doc' }));
      expect(d.Document?.Tags).toEqual([{ Key: 'b', Value: '2' }]);
      await server.ssm.send(new DeleteDocumentCommand({ Name: 'Doc' }));
      await server.ssm.send(new CreateDocumentCommand({ Name: 'Doc', Content: CONTENT }));
      const t = await server.ssm.send(
        new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: 'Doc' }),
      );
      expect(t.TagList).toEqual([]);
    });
  });
});
