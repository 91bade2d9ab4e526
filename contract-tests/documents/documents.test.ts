// CreateDocument, GetDocument, DescribeDocument and DeleteDocument from outside, as AWS answers them.
import { createHash } from 'node:crypto';
import {
  CreateDocumentCommand,
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  GetDocumentCommand,
  ModifyDocumentPermissionCommand,
  UpdateDocumentCommand,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';

const ACCOUNT = '000000000000';

export const COMMAND_22 = JSON.stringify({
  schemaVersion: '2.2',
  description: 'Say hello',
  parameters: {
    who: { type: 'String', default: 'world', description: 'Whom to greet' },
    times: { type: 'StringList', description: 'Counts' },
  },
  mainSteps: [
    { action: 'aws:runShellScript', name: 'hello', inputs: { runCommand: ['echo hello {{ who }}'] } },
  ],
});

const AUTOMATION_YAML = `schemaVersion: '0.3'
description: Restart
assumeRole: '{{ Role }}'
parameters:
  Role:
    type: String
    default: ''
  InstanceId:
    type: String
mainSteps:
  - name: stop
    action: aws:changeInstanceState
    inputs:
      InstanceIds: ['{{ InstanceId }}']
      DesiredState: stopped
`;

const server = useServer({ resetEach: true });

const create = (Name: string, Content = COMMAND_22, extra: Record<string, unknown> = {}) =>
  server.ssm.send(new CreateDocumentCommand({ Name, Content, ...extra }));

describe('CreateDocument', () => {
  describe('serialization', () => {
    it('returns the DocumentDescription with epoch-second dates and only modelled members', async () => {
      const r = await server.raw(
        'AmazonSSM.CreateDocument',
        JSON.stringify({ Name: 'Hello', Content: COMMAND_22 }),
      );
      expect(r.status).toBe(200);
      const d = r.json.DocumentDescription;
      expect(typeof d.CreatedDate).toBe('number');
      expect(d).toMatchObject({
        Name: 'Hello',
        Owner: ACCOUNT,
        Status: 'Creating',
        DocumentVersion: '1',
        LatestVersion: '1',
        DefaultVersion: '1',
        DocumentType: 'Command',
        DocumentFormat: 'JSON',
        SchemaVersion: '2.2',
        HashType: 'Sha256',
        Hash: createHash('sha256').update(COMMAND_22).digest('hex'),
        Description: 'Say hello',
        PlatformTypes: ['Linux', 'MacOS'],
        Parameters: [
          { Name: 'who', Type: 'String', Description: 'Whom to greet', DefaultValue: 'world' },
          { Name: 'times', Type: 'StringList', Description: 'Counts' },
        ],
        Tags: [],
      });
      expect(d).not.toHaveProperty('Sha1');
    });
  });

  describe('validation', () => {
    it('requires Name and Content (model)', async () => {
      const r = await server.raw('AmazonSSM.CreateDocument', '{}');
      expect(r.json.__type).toBe('ValidationException');
      expect(r.json.Message).toBe(
        "2 validation errors detected: Value null at 'content' failed to satisfy constraint: Member must not be null; Value null at 'name' failed to satisfy constraint: Member must not be null",
      );
    });

    it('rejects the reserved prefixes aws, amazon and amzn in any case', async () => {
      for (const name of ['AWS-Mine', 'amazonThing', 'AmznX']) {
        const e = await sdkError(() => create(name));
        expect(e.name).toBe('ValidationException');
        expect(e.message).toBe(
          `Invalid document name ${name}. Document names can't begin with "aws", "amazon" or "amzn".`,
        );
      }
    });

    it('answers DocumentAlreadyExists with the AWS text', async () => {
      await create('Twice');
      const e = await sdkError(() => create('Twice'));
      expect(e.name).toBe('DocumentAlreadyExists');
      expect(e.message).toBe('Document with same name Twice already exists');
    });

    it('names the position of malformed JSON', async () => {
      const e = await sdkError(() => create('BadJson', '{\n  "schemaVersion": "2.2",,\n}'));
      expect(e.name).toBe('InvalidDocumentContent');
      expect(e.message).toBe('JSON not well-formed. at Line: 2, Column: 26');
    });

    it('names the position of malformed YAML', async () => {
      const e = await sdkError(() =>
        create('BadYaml', 'schemaVersion: "2.2"\nmainSteps: [a,\n b', { DocumentFormat: 'YAML' }),
      );
      expect(e.name).toBe('InvalidDocumentContent');
      expect(e.message).toMatch(/^YAML not well-formed\. at Line: 3, Column: \d+/);
    });

    it('refuses a missing mainSteps, an unknown plugin and a step name used twice', async () => {
      const cases: [object, string][] = [
        [{ schemaVersion: '2.2' }, 'Field "mainSteps" is required.'],
        [{ schemaVersion: '2.2', mainSteps: [] }, 'Field "mainSteps" must contain at least 1 item.'],
        [
          { schemaVersion: '2.2', mainSteps: [{ action: 'aws:nope', name: 'a' }] },
          'Plugin "aws:nope" at mainSteps[0] is not supported.',
        ],
        [
          {
            schemaVersion: '2.2',
            mainSteps: [
              { action: 'aws:runShellScript', name: 'a', inputs: { runCommand: ['x'] } },
              { action: 'aws:runShellScript', name: 'a', inputs: { runCommand: ['y'] } },
            ],
          },
          'Step name "a" at mainSteps[1] is used by more than one step.',
        ],
        [
          { schemaVersion: '2.2', mainSteps: [{ action: 'aws:runShellScript' }] },
          'Field "mainSteps[0].name" is required.',
        ],
        [
          {
            schemaVersion: '2.2',
            parameters: { p: { type: 'Number' } },
            mainSteps: [{ action: 'aws:runShellScript', name: 'a' }],
          },
          'Field "parameters.p.type" must be one of: String, StringList, Integer, Boolean, MapList, StringMap.',
        ],
        [
          {
            schemaVersion: '2.2',
            parameters: { p: { type: 'Boolean', default: 'yes' } },
            mainSteps: [{ action: 'aws:runShellScript', name: 'a' }],
          },
          'Default value of parameter "p" does not match its type Boolean.',
        ],
      ];
      for (const [content, message] of cases) {
        const e = await sdkError(() => create('Bad', JSON.stringify(content)));
        expect(e.name, message).toBe('InvalidDocumentContent');
        expect(e.message).toBe(message);
      }
      const d = await sdkError(() => server.ssm.send(new DescribeDocumentCommand({ Name: 'Bad' })));
      expect(d.name).toBe('InvalidDocument');
    });

    it('refuses an automation step with an unknown action or an undeclared parameter', async () => {
      const unknown = AUTOMATION_YAML.replace('aws:changeInstanceState', 'aws:teleport');
      let e = await sdkError(() =>
        create('Auto1', unknown, { DocumentType: 'Automation', DocumentFormat: 'YAML' }),
      );
      expect(e.name).toBe('InvalidDocumentContent');
      expect(e.message).toBe('Action "aws:teleport" at mainSteps[0] is not supported.');
      const undeclared = AUTOMATION_YAML.replace(
        "assumeRole: '{{ Role }}'",
        "assumeRole: '{{ AutomationAssumeRole }}'",
      );
      e = await sdkError(() =>
        create('Auto2', undeclared, { DocumentType: 'Automation', DocumentFormat: 'YAML' }),
      );
      expect(e.name).toBe('InvalidDocumentContent');
      expect(e.message).toBe('Parameter "AutomationAssumeRole" is not declared.');
    });

    it('answers InvalidDocumentSchemaVersion for a schema version the type does not use', async () => {
      const e = await sdkError(() => create('Wrong', AUTOMATION_YAML, { DocumentFormat: 'YAML' }));
      expect(e.name).toBe('InvalidDocumentSchemaVersion');
      expect(e.message).toBe(
        'Schema version 0.3 is not supported for document type Command. Supported schema versions: 1.2, 2.0, 2.2.',
      );
    });

    it('answers MaxDocumentSizeExceeded above 64 KB and stores nothing', async () => {
      const big = JSON.stringify({
        schemaVersion: '2.2',
        description: 'x'.repeat(64 * 1024),
        mainSteps: [{ action: 'aws:runShellScript', name: 'a' }],
      });
      const e = await sdkError(() => create('Big', big));
      expect(e.name).toBe('MaxDocumentSizeExceeded');
      expect(e.message).toBe('The size limit of a document is 64 KB.');
      expect((await sdkError(() => server.ssm.send(new GetDocumentCommand({ Name: 'Big' })))).name).toBe(
        'InvalidDocument',
      );
    });
  });

  describe('functionality', () => {
    it('creates YAML automation, session and calendar documents with their metadata', async () => {
      const a = await create('Auto', AUTOMATION_YAML, {
        DocumentType: 'Automation',
        DocumentFormat: 'YAML',
        VersionName: 'v1',
        DisplayName: 'My runbook',
        TargetType: '/AWS::EC2::Instance',
      });
      expect(a.DocumentDescription).toMatchObject({
        DocumentType: 'Automation',
        SchemaVersion: '0.3',
        DocumentFormat: 'YAML',
        VersionName: 'v1',
        DisplayName: 'My runbook',
        TargetType: '/AWS::EC2::Instance',
        PlatformTypes: ['Windows', 'Linux', 'MacOS'],
      });
      const s = await create(
        'Prefs',
        JSON.stringify({
          schemaVersion: '1.0',
          sessionType: 'Standard_Stream',
          inputs: { idleSessionTimeout: '20' },
        }),
        { DocumentType: 'Session' },
      );
      expect(s.DocumentDescription?.SchemaVersion).toBe('1.0');
      const cal = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nEND:VCALENDAR\r\n';
      const c = await create('Cal', cal, { DocumentType: 'ChangeCalendar', DocumentFormat: 'TEXT' });
      expect(c.DocumentDescription).toMatchObject({ DocumentFormat: 'TEXT', DocumentType: 'ChangeCalendar' });
      const g = await server.ssm.send(new GetDocumentCommand({ Name: 'Cal' }));
      expect(g.Content).toBe(cal);
      // Calendars do not convert (AWS: "Invalid document format JSON").
      const e = await sdkError(() =>
        server.ssm.send(new GetDocumentCommand({ Name: 'Cal', DocumentFormat: 'JSON' })),
      );
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe('Invalid document format JSON');
    });

    it('stores tags given at creation', async () => {
      await create('Tagged', COMMAND_22, { Tags: [{ Key: 'team', Value: 'ops' }] });
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Tagged' }));
      expect(d.Document?.Tags).toEqual([{ Key: 'team', Value: 'ops' }]);
    });

    it('keeps documents per account and region', async () => {
      await create('Mine');
      const other = server.client({ accessKeyId: '111122223333' });
      expect((await sdkError(() => other.send(new GetDocumentCommand({ Name: 'Mine' })))).name).toBe(
        'InvalidDocument',
      );
      const west = server.client({ region: 'eu-west-1' });
      expect((await sdkError(() => west.send(new GetDocumentCommand({ Name: 'Mine' })))).name).toBe(
        'InvalidDocument',
      );
    });
  });
});

describe('GetDocument', () => {
  describe('serialization', () => {
    it('returns the content as stored, with the fields AWS sends', async () => {
      await create('Hello');
      const r = await server.raw('AmazonSSM.GetDocument', JSON.stringify({ Name: 'Hello' }));
      expect(Object.keys(r.json).sort()).toEqual(
        [
          'Content',
          'CreatedDate',
          'DocumentFormat',
          'DocumentType',
          'DocumentVersion',
          'Name',
          'Status',
        ].sort(),
      );
      expect(r.json).toMatchObject({
        Content: COMMAND_22,
        Status: 'Active',
        DocumentFormat: 'JSON',
        DocumentVersion: '1',
      });
    });
  });

  describe('validation', () => {
    it('answers InvalidDocument for an unknown name', async () => {
      const e = await sdkError(() => server.ssm.send(new GetDocumentCommand({ Name: 'Nope' })));
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
    });

    it('answers InvalidDocumentVersion for an unknown version or version name', async () => {
      await create('Hello');
      for (const args of [{ DocumentVersion: '7' }, { VersionName: 'nope' }]) {
        const e = await sdkError(() => server.ssm.send(new GetDocumentCommand({ Name: 'Hello', ...args })));
        expect(e.name).toBe('InvalidDocumentVersion');
        expect(e.message).toBe('The document version is not valid or does not exist.');
      }
    });

    it('checks DocumentVersion against the model pattern', async () => {
      const e = await sdkError(() =>
        server.ssm.send(new GetDocumentCommand({ Name: 'Hello', DocumentVersion: '0' })),
      );
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe(
        "1 validation error detected: Value '0' at 'documentVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)",
      );
    });
  });

  describe('functionality', () => {
    it('converts between JSON and YAML on request', async () => {
      await create('Auto', AUTOMATION_YAML, { DocumentType: 'Automation', DocumentFormat: 'YAML' });
      const j = await server.ssm.send(new GetDocumentCommand({ Name: 'Auto', DocumentFormat: 'JSON' }));
      expect(j.DocumentFormat).toBe('JSON');
      expect(JSON.parse(j.Content!)).toMatchObject({ schemaVersion: '0.3', assumeRole: '{{ Role }}' });
      await create('Json');
      const y = await server.ssm.send(new GetDocumentCommand({ Name: 'Json', DocumentFormat: 'YAML' }));
      expect(y.DocumentFormat).toBe('YAML');
      expect(y.Content).toContain('schemaVersion: "2.2"');
    });

    it('serves AWS-RunPowerShellScript with the content hash AWS publishes', async () => {
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'AWS-RunPowerShellScript' }));
      expect(d.Document?.Hash).toBe('2142e42a19e0955cc09e43600bf2e633df1917b69d2be9693737dfd62e0fdf61');
    });

    it('returns AWS-owned documents such as AWS-RunShellScript', async () => {
      const g = await server.ssm.send(new GetDocumentCommand({ Name: 'AWS-RunShellScript' }));
      expect(g).toMatchObject({
        Name: 'AWS-RunShellScript',
        DocumentVersion: '1',
        DocumentType: 'Command',
        DocumentFormat: 'JSON',
      });
      expect(Object.keys(JSON.parse(g.Content!).parameters)).toEqual([
        'commands',
        'workingDirectory',
        'executionTimeout',
      ]);
    });

    it('reads a document another account shares by its ARN', async () => {
      await create('Shared');
      await server.ssm.send(
        new ModifyDocumentPermissionCommand({
          Name: 'Shared',
          PermissionType: 'Share',
          AccountIdsToAdd: ['111122223333'],
        }),
      );
      const other = server.client({ accessKeyId: '111122223333' });
      const g = await other.send(
        new GetDocumentCommand({ Name: `arn:aws:ssm:us-east-1:${ACCOUNT}:document/Shared` }),
      );
      expect(g.Content).toBe(COMMAND_22);
      const third = server.client({ accessKeyId: '444455556666' });
      const e = await sdkError(() =>
        third.send(new GetDocumentCommand({ Name: `arn:aws:ssm:us-east-1:${ACCOUNT}:document/Shared` })),
      );
      expect(e.name).toBe('InvalidDocument');
    });
  });
});

describe('DescribeDocument', () => {
  describe('serialization', () => {
    it('describes an AWS-owned document with Owner Amazon', async () => {
      const r = await server.raw(
        'AmazonSSM.DescribeDocument',
        JSON.stringify({ Name: 'AWS-RunShellScript' }),
      );
      // Hash and CreatedDate as real AWS reports them (describe-document output quoted in public write-ups).
      expect(r.json.Document).toMatchObject({
        Hash: '99749de5e62f71e5ebe9a55c2321e2c394796afe7208cff048696541e6f6771e',
        HashType: 'Sha256',
        CreatedDate: 1504128824.432,
        Name: 'AWS-RunShellScript',
        Owner: 'Amazon',
        SchemaVersion: '1.2',
        PlatformTypes: ['Linux', 'MacOS'],
        DocumentType: 'Command',
        Status: 'Active',
        LatestVersion: '1',
        DefaultVersion: '1',
      });
      expect(r.json.Document.Parameters.map((p: { Name: string }) => p.Name)).toEqual([
        'commands',
        'workingDirectory',
        'executionTimeout',
      ]);
    });
  });

  describe('validation', () => {
    it('answers InvalidDocument for an unknown name', async () => {
      const e = await sdkError(() => server.ssm.send(new DescribeDocumentCommand({ Name: 'Nope' })));
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
    });
  });

  describe('functionality', () => {
    it('shows Active after creation and any version by number, $LATEST, $DEFAULT or name', async () => {
      await create('Hello', COMMAND_22, { VersionName: 'first' });
      const v2 = COMMAND_22.replace('Say hello', 'Say hello again');
      await server.ssm.send(
        new UpdateDocumentCommand({
          Name: 'Hello',
          Content: v2,
          DocumentVersion: '$LATEST',
          VersionName: 'second',
        }),
      );
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Hello' }));
      expect(d.Document).toMatchObject({
        Status: 'Active',
        DocumentVersion: '1',
        LatestVersion: '2',
        DefaultVersion: '1',
      });
      for (const [args, version] of [
        [{ DocumentVersion: '$LATEST' }, '2'],
        [{ DocumentVersion: '$DEFAULT' }, '1'],
        [{ DocumentVersion: '2' }, '2'],
        [{ VersionName: 'second' }, '2'],
      ] as const) {
        const x = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Hello', ...args }));
        expect(x.Document?.DocumentVersion).toBe(version);
      }
    });
  });
});

describe('DeleteDocument', () => {
  describe('serialization', () => {
    it('answers an empty object', async () => {
      await create('Gone');
      const r = await server.raw('AmazonSSM.DeleteDocument', JSON.stringify({ Name: 'Gone' }));
      expect(r.status).toBe(200);
      expect(r.json).toEqual({});
    });
  });

  describe('validation', () => {
    it('answers InvalidDocument for an unknown name', async () => {
      const e = await sdkError(() => server.ssm.send(new DeleteDocumentCommand({ Name: 'Nope' })));
      expect(e.name).toBe('InvalidDocument');
      expect(e.message).toBe('The specified document does not exist.');
    });

    it('refuses to delete an AWS-owned document', async () => {
      const e = await sdkError(() =>
        server.ssm.send(new DeleteDocumentCommand({ Name: 'AWS-RunShellScript' })),
      );
      expect(e.name).toBe('InvalidDocumentOperation');
      expect(e.message).toBe("You can't delete a document that your account doesn't own.");
    });

    it('refuses to delete a shared document', async () => {
      await create('Shared');
      await server.ssm.send(
        new ModifyDocumentPermissionCommand({
          Name: 'Shared',
          PermissionType: 'Share',
          AccountIdsToAdd: ['All'],
        }),
      );
      const e = await sdkError(() => server.ssm.send(new DeleteDocumentCommand({ Name: 'Shared' })));
      expect(e.name).toBe('InvalidDocumentOperation');
      expect(e.message).toBe(
        'You attempted to delete a document while it is still shared. You must stop sharing the document before you can delete it.',
      );
    });

    it('refuses to delete the default version alone', async () => {
      await create('Hello');
      const e = await sdkError(() =>
        server.ssm.send(new DeleteDocumentCommand({ Name: 'Hello', DocumentVersion: '1' })),
      );
      expect(e.name).toBe('InvalidDocumentOperation');
      expect(e.message).toBe(
        "The default version of a document can't be deleted. Set another version as the default, or delete the whole document.",
      );
    });
  });

  describe('functionality', () => {
    it('deletes the document with its versions and tags, so the name can be reused', async () => {
      await create('Gone', COMMAND_22, { Tags: [{ Key: 'a', Value: 'b' }] });
      await server.ssm.send(new DeleteDocumentCommand({ Name: 'Gone' }));
      expect((await sdkError(() => server.ssm.send(new GetDocumentCommand({ Name: 'Gone' })))).name).toBe(
        'InvalidDocument',
      );
      await create('Gone');
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Gone' }));
      expect(d.Document?.Tags).toEqual([]);
    });

    it('deletes one version; deleting the latest makes the previous one latest', async () => {
      await create('Hello');
      await server.ssm.send(
        new UpdateDocumentCommand({
          Name: 'Hello',
          Content: COMMAND_22.replace('Say', 'Do say'),
          DocumentVersion: '$LATEST',
        }),
      );
      await server.ssm.send(new DeleteDocumentCommand({ Name: 'Hello', DocumentVersion: '2' }));
      const d = await server.ssm.send(new DescribeDocumentCommand({ Name: 'Hello' }));
      expect(d.Document).toMatchObject({ LatestVersion: '1', DefaultVersion: '1' });
      const e = await sdkError(() =>
        server.ssm.send(new GetDocumentCommand({ Name: 'Hello', DocumentVersion: '2' })),
      );
      expect(e.name).toBe('InvalidDocumentVersion');
    });
  });
});
