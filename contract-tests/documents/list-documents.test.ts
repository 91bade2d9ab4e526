// ListDocuments: own documents merged with the AWS-owned catalog and shared ones, filters, keyset pages.
import {
  CreateDocumentCommand,
  ListDocumentsCommand,
  ModifyDocumentPermissionCommand,
  type DocumentIdentifier,
  type ListDocumentsCommandInput,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';

const CATALOG = [
  'AWS-ConfigureAWSPackage',
  'AWS-CreateImage',
  'AWS-DeleteSnapshot',
  'AWS-DetachEBSVolume',
  'AWS-ExportPatchReportToS3',
  'AWS-GatherSoftwareInventory',
  'AWS-Noop',
  'AWS-RestartEC2Instance',
  'AWS-RunDocument',
  'AWS-RunPatchBaseline',
  'AWS-RunPatchBaselineAssociation',
  'AWS-RunPatchBaselineWithHooks',
  'AWS-RunPowerShellScript',
  'AWS-RunRemoteScript',
  'AWS-RunShellScript',
  'AWS-StartEC2Instance',
  'AWS-StartInteractiveCommand',
  'AWS-StartNonInteractiveCommand',
  'AWS-StartPortForwardingSession',
  'AWS-StartPortForwardingSessionToRemoteHost',
  'AWS-StartSSHSession',
  'AWS-StopEC2Instance',
  'AWS-UpdateSSMAgent',
  'SSM-SessionManagerRunShell',
];

const shell = (description: string) =>
  JSON.stringify({
    schemaVersion: '2.2',
    description,
    mainSteps: [{ action: 'aws:runShellScript', name: 'a' }],
  });
const windowsOnly = JSON.stringify({
  schemaVersion: '2.2',
  mainSteps: [{ action: 'aws:psModule', name: 'a' }],
});
const automation = JSON.stringify({
  schemaVersion: '0.3',
  mainSteps: [{ action: 'aws:sleep', name: 'a', inputs: { Duration: 'PT1S' } }],
});

const server = useServer({ resetEach: true });

async function listAll(
  input: ListDocumentsCommandInput = {},
  client = server.ssm,
): Promise<DocumentIdentifier[]> {
  const out: DocumentIdentifier[] = [];
  let NextToken: string | undefined;
  do {
    const r = await client.send(new ListDocumentsCommand({ ...input, NextToken }));
    out.push(...(r.DocumentIdentifiers ?? []));
    NextToken = r.NextToken;
  } while (NextToken);
  return out;
}

const names = (ids: DocumentIdentifier[]) => ids.map((d) => d.Name);

describe('ListDocuments', () => {
  describe('serialization', () => {
    it('returns DocumentIdentifiers with epoch dates, and no NextToken on the last page', async () => {
      await server.ssm.send(
        new CreateDocumentCommand({ Name: 'Mine', Content: shell('d'), Tags: [{ Key: 'k', Value: 'v' }] }),
      );
      const r = await server.raw(
        'AmazonSSM.ListDocuments',
        JSON.stringify({ Filters: [{ Key: 'Owner', Values: ['Self'] }] }),
      );
      expect(r.json).toEqual({
        DocumentIdentifiers: [
          {
            Name: 'Mine',
            CreatedDate: expect.any(Number),
            Owner: '000000000000',
            PlatformTypes: ['Linux', 'MacOS'],
            DocumentVersion: '1',
            DocumentType: 'Command',
            SchemaVersion: '2.2',
            DocumentFormat: 'JSON',
            Tags: [{ Key: 'k', Value: 'v' }],
          },
        ],
      });
    });
  });

  describe('validation', () => {
    it('answers InvalidFilterKey (no message) for an unknown key', async () => {
      const r = await server.raw(
        'AmazonSSM.ListDocuments',
        JSON.stringify({ Filters: [{ Key: 'Colour', Values: ['x'] }] }),
      );
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ __type: 'InvalidFilterKey' });
    });

    it('answers InvalidNextToken for a token it did not make', async () => {
      const e = await sdkError(() => server.ssm.send(new ListDocumentsCommand({ NextToken: 'garbage' })));
      expect(e.name).toBe('InvalidNextToken');
      expect(e.message).toBe("The specified token isn't valid.");
    });

    it('checks MaxResults against the model range 1-50', async () => {
      const e = await sdkError(() => server.ssm.send(new ListDocumentsCommand({ MaxResults: 51 })));
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe(
        "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
      );
    });
  });

  describe('functionality', () => {
    it('lists the AWS-owned catalog with Owner Amazon', async () => {
      const all = await listAll({ Filters: [{ Key: 'Owner', Values: ['Amazon'] }] });
      expect(names(all)).toEqual(CATALOG);
      expect(all.every((d) => d.Owner === 'Amazon')).toBe(true);
      const shellDoc = all.find((d) => d.Name === 'AWS-RunShellScript');
      expect(shellDoc).toMatchObject({
        DocumentType: 'Command',
        SchemaVersion: '1.2',
        PlatformTypes: ['Linux', 'MacOS'],
      });
    });

    it('merges own and AWS documents in name order across pages', async () => {
      for (const n of ['AAA-first', 'Beta', 'zed'])
        await server.ssm.send(new CreateDocumentCommand({ Name: n, Content: shell(n) }));
      const all = await listAll({ MaxResults: 3 });
      expect(names(all)).toEqual(
        ['AAA-first', ...CATALOG.slice(0, -1), 'Beta', 'SSM-SessionManagerRunShell', 'zed'].sort(),
      );
      const page = await server.ssm.send(new ListDocumentsCommand({ MaxResults: 3 }));
      expect(page.DocumentIdentifiers).toHaveLength(3);
      expect(page.NextToken).toBeDefined();
    });

    it('filters by Owner Self, DocumentType, PlatformTypes, Name prefix, SearchKeyword and tag', async () => {
      await server.ssm.send(
        new CreateDocumentCommand({
          Name: 'Deploy-web',
          Content: shell('Deploys the web tier'),
          Tags: [{ Key: 'env', Value: 'prod' }],
        }),
      );
      await server.ssm.send(
        new CreateDocumentCommand({
          Name: 'Deploy-db',
          Content: windowsOnly,
          Tags: [{ Key: 'env', Value: 'dev' }],
        }),
      );
      await server.ssm.send(
        new CreateDocumentCommand({ Name: 'Runbook', Content: automation, DocumentType: 'Automation' }),
      );
      const q = async (Filters: { Key: string; Values: string[] }[]) => names(await listAll({ Filters }));
      expect(await q([{ Key: 'Owner', Values: ['Self'] }])).toEqual(['Deploy-db', 'Deploy-web', 'Runbook']);
      expect(
        await q([
          { Key: 'Owner', Values: ['Self'] },
          { Key: 'DocumentType', Values: ['Automation'] },
        ]),
      ).toEqual(['Runbook']);
      expect(
        await q([
          { Key: 'Owner', Values: ['Self'] },
          { Key: 'PlatformTypes', Values: ['Windows'] },
        ]),
      ).toEqual(['Deploy-db', 'Runbook']);
      expect(await q([{ Key: 'Name', Values: ['Deploy-'] }])).toEqual(['Deploy-db', 'Deploy-web']);
      expect(await q([{ Key: 'SearchKeyword', Values: ['web tier'] }])).toEqual(['Deploy-web']);
      expect(await q([{ Key: 'tag:env', Values: ['prod'] }])).toEqual(['Deploy-web']);
      expect(await q([{ Key: 'tag:env', Values: [] }])).toEqual(['Deploy-db', 'Deploy-web']);
      expect(
        await q([
          { Key: 'Owner', Values: ['Amazon'] },
          { Key: 'DocumentType', Values: ['Session'] },
        ]),
      ).toEqual(CATALOG.filter((n) => /Start(Port|SSH|Interactive|NonInteractive)|SessionManager/.test(n)));
    });

    it('accepts the legacy DocumentFilterList', async () => {
      await server.ssm.send(
        new CreateDocumentCommand({ Name: 'Runbook', Content: automation, DocumentType: 'Automation' }),
      );
      const r = await listAll({
        DocumentFilterList: [
          { key: 'DocumentType', value: 'Automation' },
          { key: 'Owner', value: 'Self' },
        ],
      });
      expect(names(r)).toEqual(['Runbook']);
    });

    it('shows documents shared privately (Private) and publicly (Public) to the other account', async () => {
      await server.ssm.send(new CreateDocumentCommand({ Name: 'ForFriend', Content: shell('a') }));
      await server.ssm.send(new CreateDocumentCommand({ Name: 'ForAll', Content: shell('b') }));
      await server.ssm.send(
        new ModifyDocumentPermissionCommand({
          Name: 'ForFriend',
          PermissionType: 'Share',
          AccountIdsToAdd: ['111122223333'],
        }),
      );
      await server.ssm.send(
        new ModifyDocumentPermissionCommand({
          Name: 'ForAll',
          PermissionType: 'Share',
          AccountIdsToAdd: ['all'],
        }),
      );
      const friend = server.client({ accessKeyId: '111122223333' });
      const priv = await listAll({ Filters: [{ Key: 'Owner', Values: ['Private'] }] }, friend);
      expect(priv.map((d) => [d.Name, d.Owner])).toEqual([['ForFriend', '000000000000']]);
      const pub = await listAll({ Filters: [{ Key: 'Owner', Values: ['Public'] }] }, friend);
      expect(names(pub)).toEqual(['ForAll']);
      const byDefault = names(await listAll({}, friend));
      expect(byDefault).toContain('ForFriend');
      expect(byDefault).not.toContain('ForAll');
      expect(names(await listAll({ Filters: [{ Key: 'Owner', Values: ['All'] }] }, friend))).toContain(
        'ForAll',
      );
      // The owner does not see its own documents as shared with itself.
      expect(names(await listAll({ Filters: [{ Key: 'Owner', Values: ['Public'] }] }))).toEqual([]);
    });

    it('pages 120 documents plus the catalog without repeats or gaps', async () => {
      const expected: string[] = [];
      for (let i = 0; i < 120; i++) {
        const n = `doc-${String(i).padStart(4, '0')}`;
        expected.push(n);
        await server.ssm.send(new CreateDocumentCommand({ Name: n, Content: shell(n) }));
      }
      const all = await listAll({ MaxResults: 7 });
      expect(names(all)).toEqual([...expected, ...CATALOG].sort());
    });
  });
});
