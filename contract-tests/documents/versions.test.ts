// Document versions: UpdateDocument, ListDocumentVersions, UpdateDocumentDefaultVersion, and the review
// metadata of change templates (UpdateDocumentMetadata, ListDocumentMetadataHistory).
import {
  CreateDocumentCommand,
  DescribeDocumentCommand,
  GetDocumentCommand,
  ListDocumentMetadataHistoryCommand,
  ListDocumentVersionsCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
  UpdateDocumentMetadataCommand,
} from '@aws-sdk/client-ssm';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';

const content = (description: string) =>
  JSON.stringify({
    schemaVersion: '2.2',
    description,
    mainSteps: [{ action: 'aws:runShellScript', name: 'a', inputs: { runCommand: ['echo'] } }],
  });

const TEMPLATE = JSON.stringify({
  schemaVersion: '0.3',
  templateInformation: 'A change template',
  mainSteps: [
    { name: 'approve', action: 'aws:approve', inputs: { Approvers: ['arn:aws:iam::000000000000:root'] } },
  ],
});

const server = useServer({ resetEach: true });
beforeEach(async () => {
  await server.ssm.send(
    new CreateDocumentCommand({ Name: 'Doc', Content: content('v1'), VersionName: 'one' }),
  );
});

const update = (description: string, extra: Record<string, unknown> = {}) =>
  server.ssm.send(
    new UpdateDocumentCommand({
      Name: 'Doc',
      Content: content(description),
      DocumentVersion: '$LATEST',
      ...extra,
    }),
  );

describe('UpdateDocument', () => {
  describe('serialization', () => {
    it('returns the new version with Status Updating', async () => {
      const r = await server.raw(
        'AmazonSSM.UpdateDocument',
        JSON.stringify({ Name: 'Doc', Content: content('v2'), DocumentVersion: '$LATEST' }),
      );
      expect(r.json.DocumentDescription).toMatchObject({
        Name: 'Doc',
        DocumentVersion: '2',
        LatestVersion: '2',
        DefaultVersion: '1',
        Status: 'Updating',
        Description: 'v2',
      });
    });
  });

  describe('validation', () => {
    it('answers DuplicateDocumentContent for content an existing version has', async () => {
      const e = await sdkError(() => update('v1'));
      expect(e.name).toBe('DuplicateDocumentContent');
      expect(e.message).toBe(
        'The content of the association document matches another document. Change the content of the document and try again.',
      );
    });

    it('answers DuplicateDocumentVersionName for a version name in use', async () => {
      const e = await sdkError(() => update('v2', { VersionName: 'one' }));
      expect(e.name).toBe('DuplicateDocumentVersionName');
      expect(e.message).toBe(
        'The version name has already been used in this document. Specify a different version name, and then try again.',
      );
    });

    it('updates only the latest version', async () => {
      await update('v2');
      const e = await sdkError(() => update('v3', { DocumentVersion: '1' }));
      expect(e.name).toBe('InvalidDocumentVersion');
      expect(e.message).toBe('The document version is not valid or does not exist.');
    });

    it('answers InvalidDocument for an unknown name and InvalidDocumentOperation for an AWS-owned one', async () => {
      let e = await sdkError(() =>
        server.ssm.send(new UpdateDocumentCommand({ Name: 'Nope', Content: content('x') })),
      );
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
      e = await sdkError(() =>
        server.ssm.send(new UpdateDocumentCommand({ Name: 'AWS-RunShellScript', Content: content('x') })),
      );
      expect(e.name).toBe('InvalidDocumentOperation');
      expect(e.message).toBe("You can't update a document that your account doesn't own.");
    });

    it('refuses invalid content and stores no version', async () => {
      const e = await sdkError(() =>
        server.ssm.send(
          new UpdateDocumentCommand({
            Name: 'Doc',
            Content: '{"schemaVersion": "2.2"}',
            DocumentVersion: '$LATEST',
          }),
        ),
      );
      expect(e.name).toBe('InvalidDocumentContent');
      expect(e.message).toBe('Field "mainSteps" is required.');
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Doc' }));
      expect(d.Document?.LatestVersion).toBe('1');
    });
  });

  describe('functionality', () => {
    it('adds versions that keep the default until it is changed', async () => {
      await update('v2', { VersionName: 'two' });
      await update('v3');
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Doc' }));
      expect(d.Document).toMatchObject({
        DocumentVersion: '1',
        LatestVersion: '3',
        DefaultVersion: '1',
        Description: 'v1',
      });
      const g = await server.ssm.send(new GetDocumentCommand({ Name: 'Doc', VersionName: 'two' }));
      expect(g.DocumentVersion).toBe('2');
    });

    it("lets an account update its session preferences (SSM-SessionManagerRunShell) as AWS's guide shows", async () => {
      const prefs = JSON.stringify({
        schemaVersion: '1.0',
        sessionType: 'Standard_Stream',
        inputs: { idleSessionTimeout: '60' },
      });
      const r = await server.ssm.send(
        new UpdateDocumentCommand({
          Name: 'SSM-SessionManagerRunShell',
          Content: prefs,
          DocumentVersion: '$LATEST',
        }),
      );
      expect(r.DocumentDescription).toMatchObject({ DocumentVersion: '2', Owner: '000000000000' });
      await server.ssm.send(
        new UpdateDocumentDefaultVersionCommand({ Name: 'SSM-SessionManagerRunShell', DocumentVersion: '2' }),
      );
      const g = await server.ssm.send(new GetDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }));
      expect(g.Content).toBe(prefs);
      const other = server.client({ accessKeyId: '111122223333' });
      const o = await other.send(new DescribeDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }));
      expect(o.Document?.Owner).toBe('Amazon');
    });
  });
});

describe('ListDocumentVersions', () => {
  describe('serialization', () => {
    it('returns DocumentVersionInfo entries', async () => {
      const r = await server.raw('AmazonSSM.ListDocumentVersions', JSON.stringify({ Name: 'Doc' }));
      expect(r.json).toEqual({
        DocumentVersions: [
          {
            Name: 'Doc',
            DocumentVersion: '1',
            VersionName: 'one',
            CreatedDate: expect.any(Number),
            IsDefaultVersion: true,
            DocumentFormat: 'JSON',
            Status: 'Active',
          },
        ],
      });
    });
  });

  describe('validation', () => {
    it('answers InvalidDocument for an unknown name', async () => {
      const e = await sdkError(() => server.ssm.send(new ListDocumentVersionsCommand({ Name: 'Nope' })));
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
    });

    it('answers InvalidNextToken for a foreign token', async () => {
      const e = await sdkError(() =>
        server.ssm.send(new ListDocumentVersionsCommand({ Name: 'Doc', NextToken: 'x' })),
      );
      expect(e.name).toBe('InvalidNextToken');
      expect(e.message).toBe("The specified token isn't valid.");
    });
  });

  describe('functionality', () => {
    it('pages versions in order and marks the default one', async () => {
      for (let i = 2; i <= 5; i++) await update(`v${i}`);
      await server.ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: 'Doc', DocumentVersion: '3' }));
      const first = await server.ssm.send(new ListDocumentVersionsCommand({ Name: 'Doc', MaxResults: 2 }));
      const second = await server.ssm.send(
        new ListDocumentVersionsCommand({ Name: 'Doc', MaxResults: 2, NextToken: first.NextToken }),
      );
      const third = await server.ssm.send(
        new ListDocumentVersionsCommand({ Name: 'Doc', MaxResults: 2, NextToken: second.NextToken }),
      );
      const all = [...first.DocumentVersions!, ...second.DocumentVersions!, ...third.DocumentVersions!];
      expect(all.map((v) => v.DocumentVersion)).toEqual(['1', '2', '3', '4', '5']);
      expect(all.filter((v) => v.IsDefaultVersion).map((v) => v.DocumentVersion)).toEqual(['3']);
      expect(third.NextToken).toBeUndefined();
    });

    it('lists the one version of an AWS-owned document', async () => {
      const r = await server.ssm.send(new ListDocumentVersionsCommand({ Name: 'AWS-RunShellScript' }));
      expect(r.DocumentVersions?.map((v) => v.DocumentVersion)).toEqual(['1']);
    });
  });
});

describe('UpdateDocumentDefaultVersion', () => {
  describe('serialization', () => {
    it('returns the new default with its version name', async () => {
      await update('v2', { VersionName: 'two' });
      const r = await server.raw(
        'AmazonSSM.UpdateDocumentDefaultVersion',
        JSON.stringify({ Name: 'Doc', DocumentVersion: '2' }),
      );
      expect(r.json).toEqual({
        Description: { Name: 'Doc', DefaultVersion: '2', DefaultVersionName: 'two' },
      });
    });
  });

  describe('validation', () => {
    it('answers InvalidDocumentVersion for a version that does not exist', async () => {
      const e = await sdkError(() =>
        server.ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: 'Doc', DocumentVersion: '9' })),
      );
      expect(e.name).toBe('InvalidDocumentVersion');
      expect(e.message).toBe('The document version is not valid or does not exist.');
    });

    it('checks DocumentVersion against the model pattern (numbers only)', async () => {
      const e = await sdkError(() =>
        server.ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: 'Doc', DocumentVersion: '$LATEST' })),
      );
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe(
        "1 validation error detected: Value '$LATEST' at 'documentVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (^[1-9][0-9]*$)",
      );
    });
  });

  describe('functionality', () => {
    it('makes GetDocument and DescribeDocument return the new default', async () => {
      await update('v2');
      await server.ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: 'Doc', DocumentVersion: '2' }));
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Doc' }));
      expect(d.Document).toMatchObject({ DocumentVersion: '2', DefaultVersion: '2', Description: 'v2' });
      const g = await server.ssm.send(new GetDocumentCommand({ Name: 'Doc' }));
      expect(g.Content).toBe(content('v2'));
    });
  });
});

describe('UpdateDocumentMetadata and ListDocumentMetadataHistory', () => {
  beforeEach(async () => {
    await server.ssm.send(
      new CreateDocumentCommand({
        Name: 'Template',
        Content: TEMPLATE,
        DocumentType: 'Automation.ChangeTemplate',
      }),
    );
  });

  describe('serialization', () => {
    it('UpdateDocumentMetadata answers {} and the history lists reviewer responses', async () => {
      const r = await server.raw(
        'AmazonSSM.UpdateDocumentMetadata',
        JSON.stringify({
          Name: 'Template',
          DocumentReviews: { Action: 'SendForReview', Comment: [{ Type: 'Comment', Content: 'please' }] },
        }),
      );
      expect(r.json).toEqual({});
      const h = await server.raw(
        'AmazonSSM.ListDocumentMetadataHistory',
        JSON.stringify({ Name: 'Template', Metadata: 'DocumentReviews' }),
      );
      expect(h.json).toEqual({
        Name: 'Template',
        DocumentVersion: '1',
        Metadata: {
          ReviewerResponse: [
            {
              CreateTime: expect.any(Number),
              UpdatedTime: expect.any(Number),
              ReviewStatus: 'PENDING',
              Comment: [{ Type: 'Comment', Content: 'please' }],
              Reviewer: 'arn:aws:iam::000000000000:root',
            },
          ],
        },
      });
    });
  });

  describe('validation', () => {
    it('reviews only change templates', async () => {
      const e = await sdkError(() =>
        server.ssm.send(
          new UpdateDocumentMetadataCommand({ Name: 'Doc', DocumentReviews: { Action: 'Approve' } }),
        ),
      );
      expect(e.name).toBe('InvalidDocumentOperation');
      expect(e.message).toBe(
        'Document reviews are supported only for change templates (document type Automation.ChangeTemplate).',
      );
    });

    it('answers InvalidDocument and InvalidDocumentVersion', async () => {
      let e = await sdkError(() =>
        server.ssm.send(
          new ListDocumentMetadataHistoryCommand({ Name: 'Nope', Metadata: 'DocumentReviews' }),
        ),
      );
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
      e = await sdkError(() =>
        server.ssm.send(
          new ListDocumentMetadataHistoryCommand({
            Name: 'Template',
            DocumentVersion: '4',
            Metadata: 'DocumentReviews',
          }),
        ),
      );
      expect(e.name).toBe('InvalidDocumentVersion');
    });
  });

  describe('functionality', () => {
    it('moves the review status and shows it on the document', async () => {
      await server.ssm.send(
        new UpdateDocumentMetadataCommand({ Name: 'Template', DocumentReviews: { Action: 'SendForReview' } }),
      );
      await server.ssm.send(
        new UpdateDocumentMetadataCommand({ Name: 'Template', DocumentReviews: { Action: 'Approve' } }),
      );
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Template' }));
      expect(d.Document?.ReviewStatus).toBe('APPROVED');
      const h = await server.ssm.send(
        new ListDocumentMetadataHistoryCommand({
          Name: 'Template',
          Metadata: 'DocumentReviews',
          MaxResults: 1,
        }),
      );
      expect(h.Metadata?.ReviewerResponse?.map((x) => x.ReviewStatus)).toEqual(['PENDING']);
      const h2 = await server.ssm.send(
        new ListDocumentMetadataHistoryCommand({
          Name: 'Template',
          Metadata: 'DocumentReviews',
          NextToken: h.NextToken,
        }),
      );
      expect(h2.Metadata?.ReviewerResponse?.map((x) => x.ReviewStatus)).toEqual(['APPROVED']);
    });
  });
});
