// The one document parser: typed forms per type/schema, metadata, and the errors that name the problem.
import { describe, expect, it } from 'vitest';
import {
  catalogDocument,
  catalogDocuments,
  documentMetadata,
  parseDocument,
  type ParsedAutomationDocument,
  type ParsedCommandDocument,
  type ParsedSessionDocument,
} from '../../../src/engine/documents/index.js';
import { ServiceError } from '../../../src/model/service-error.js';

const json = (v: unknown) => JSON.stringify(v);
const parse = (content: unknown, documentType = 'Command', format: 'JSON' | 'YAML' = 'JSON') =>
  parseDocument(typeof content === 'string' ? content : json(content), { documentType, format });

/** The service error a parse throws: `code` is its __type. */
function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceError) return { code: err.type, message: err.message };
    throw err;
  }
  throw new Error('expected a service error');
}

describe('command documents', () => {
  it('turns schema 1.2 runtimeConfig into plugin steps named by the plugin', () => {
    const d = parse(catalogDocument('AWS-RunShellScript')!.content) as ParsedCommandDocument;
    expect(d.kind).toBe('Command');
    expect(d.schemaVersion).toBe('1.2');
    expect(d.steps).toEqual([
      {
        action: 'aws:runShellScript',
        name: 'aws:runShellScript',
        id: '0.aws:runShellScript',
        inputs: {
          runCommand: '{{ commands }}',
          workingDirectory: '{{ workingDirectory }}',
          timeoutSeconds: '{{ executionTimeout }}',
        },
      },
    ]);
  });

  it('keeps 2.2 steps with their preconditions', () => {
    const d = parse(catalogDocument('AWS-RunPatchBaseline')!.content) as ParsedCommandDocument;
    expect(d.steps.map((s) => [s.name, s.action, s.precondition?.StringEquals?.[1]])).toEqual([
      ['PatchWindows', 'aws:runPowerShellScript', 'Windows'],
      ['PatchLinux', 'aws:runShellScript', 'Linux'],
      ['PatchMacOS', 'aws:runShellScript', 'MacOS'],
    ]);
  });

  it('reads YAML, including an unquoted schemaVersion', () => {
    const d = parse(
      'schemaVersion: 2.2\nmainSteps:\n  - action: aws:runShellScript\n    name: a\n',
      'Command',
      'YAML',
    );
    expect(d.schemaVersion).toBe('2.2');
    const two = parse(
      'schemaVersion: 2.0\nmainSteps:\n  - action: aws:runShellScript\n    name: a\n',
      'Command',
      'YAML',
    );
    expect(two.schemaVersion).toBe('2.0');
  });

  it('refuses preconditions before schema 2.2 and runtimeConfig in 2.x', () => {
    expect(
      failure(() =>
        parse({
          schemaVersion: '2.0',
          mainSteps: [
            {
              action: 'aws:runShellScript',
              name: 'a',
              precondition: { StringEquals: ['platformType', 'Linux'] },
            },
          ],
        }),
      ).message,
    ).toBe('Field "precondition" at mainSteps[0] requires schema version 2.2.');
    expect(failure(() => parse({ schemaVersion: '2.2', runtimeConfig: {} })).message).toBe(
      'Field "runtimeConfig" is not supported in schema version 2.2; use "mainSteps".',
    );
  });

  it('refuses a reference to an undeclared parameter', () => {
    const e = failure(() =>
      parse({
        schemaVersion: '2.2',
        mainSteps: [{ action: 'aws:runShellScript', name: 'a', inputs: { runCommand: ['{{ cmd }}'] } }],
      }),
    );
    expect(e.code).toBe('InvalidDocumentContent');
    expect(e.message).toBe('Parameter "cmd" is not declared.');
  });

  it('ignores Go templates inside scripts', () => {
    expect(() =>
      parse({
        schemaVersion: '2.2',
        mainSteps: [
          {
            action: 'aws:runShellScript',
            name: 'a',
            inputs: { runCommand: ['docker ps --format {{.Names}}'] },
          },
        ],
      }),
    ).not.toThrow();
  });
});

describe('automation documents', () => {
  const base = {
    schemaVersion: '0.3',
    assumeRole: '{{ Role }}',
    parameters: { Role: { type: 'String', default: '' }, Id: { type: 'String' } },
    mainSteps: [
      {
        name: 'first',
        action: 'aws:executeAwsApi',
        inputs: { Service: 'ec2', Api: 'DescribeImages' },
        outputs: [{ Name: 'ImageId', Selector: '$.Images[0].ImageId', Type: 'String' }],
        onFailure: 'step:second',
      },
      {
        name: 'second',
        action: 'aws:sleep',
        inputs: {
          Duration: 'PT1S',
          Note: '{{ first.ImageId }} {{ global:DATE_TIME }} {{ automation:EXECUTION_ID }}',
        },
        isEnd: true,
      },
    ],
    outputs: ['first.ImageId'],
  };

  it('gives steps with inputs, outputs, branches and the assume role', () => {
    const d = parse(base, 'Automation') as ParsedAutomationDocument;
    expect(d.kind).toBe('Automation');
    expect(d.assumeRole).toBe('{{ Role }}');
    expect(d.steps[0]).toMatchObject({
      name: 'first',
      onFailure: 'step:second',
      outputs: [{ Name: 'ImageId', Selector: '$.Images[0].ImageId', Type: 'String' }],
    });
    expect(d.outputs).toEqual(['first.ImageId']);
  });

  it('names a bad branch target, a bad step name and a reference to a missing step', () => {
    const bad = (patch: object) =>
      failure(() =>
        parse({ ...base, mainSteps: [{ ...base.mainSteps[0], ...patch }, base.mainSteps[1]] }, 'Automation'),
      ).message;
    expect(bad({ onFailure: 'step:nowhere' })).toBe(
      'Step "nowhere" named by onFailure at mainSteps[0] is not defined.',
    );
    expect(bad({ onFailure: 'Retry' })).toBe(
      'Value "Retry" of onFailure at mainSteps[0] must be Abort, Continue or step:<step name>.',
    );
    expect(bad({ name: 'has space' })).toBe(
      'Step name "has space" at mainSteps[0] may contain only letters, numbers and underscores.',
    );
    expect(bad({ inputs: { Service: '{{ ghost.Value }}' } })).toBe(
      'Step "ghost" referenced by "{{ ghost.Value }}" is not defined.',
    );
    expect(bad({ maxAttempts: 0 })).toBe('Field "mainSteps[0].maxAttempts" must be at least 1.');
  });

  it('checks aws:branch choices as AWS does', () => {
    const branch = (choice: object) => ({
      schemaVersion: '0.3',
      parameters: { State: { type: 'String' } },
      mainSteps: [
        {
          name: 'decide',
          action: 'aws:branch',
          inputs: { Choices: [{ ...choice, NextStep: 'done' }], Default: 'done' },
        },
        { name: 'done', action: 'aws:sleep', inputs: { Duration: 'PT1S' } },
      ],
    });
    const one = { Or: [{ Variable: '{{ State }}', StringEquals: 'running' }] };
    expect(failure(() => parse(branch(one), 'Automation')).message).toBe(
      'Expect at lease two expressions for operator: Or in step: decide. Provided: 1',
    );
    const two = { Or: [one.Or[0], { Variable: '{{ State }}', StringEquals: 'stopped' }] };
    expect(() => parse(branch(two), 'Automation')).not.toThrow();
    const lost = { ...branch(two) };
    lost.mainSteps[0].inputs = { Choices: [{ ...two, NextStep: 'nowhere' }] } as never;
    expect(failure(() => parse(lost, 'Automation')).message).toBe(
      'Step "nowhere" named by Choices[0].NextStep at mainSteps[0] is not defined.',
    );
  });

  it('accepts the guide automation once AutomationAssumeRole is declared', () => {
    const yaml = `schemaVersion: '0.3'
assumeRole: '{{AutomationAssumeRole}}'
parameters:
  AutomationAssumeRole:
    type: String
    default: ''
  AMIName:
    type: String
    default: 'CustomAMI-{{global:DATE_TIME}}'
mainSteps:
  - name: verifyImage
    action: 'aws:sleep'
    inputs:
      Duration: PT5M
    onFailure: Continue
`;
    expect(parse(yaml, 'Automation', 'YAML').parameters).toHaveProperty('AMIName');
    expect(
      failure(() => parse(yaml.replace(/ {2}AutomationAssumeRole:\n.*\n.*\n/, ''), 'Automation', 'YAML'))
        .message,
    ).toBe('Parameter "AutomationAssumeRole" is not declared.');
  });
});

describe('session documents', () => {
  it('gives sessionType, inputs and properties', () => {
    const d = parse(
      catalogDocument('AWS-StartPortForwardingSessionToRemoteHost')!.content,
      'Session',
    ) as ParsedSessionDocument;
    expect(d.sessionType).toBe('Port');
    expect(d.properties).toEqual({
      portNumber: '{{ portNumber }}',
      type: 'LocalPortForwarding',
      localPortNumber: '{{ localPortNumber }}',
      host: '{{ host }}',
    });
  });

  it('refuses an unknown sessionType', () => {
    expect(failure(() => parse({ schemaVersion: '1.0', sessionType: 'Telnet' }, 'Session')).message).toBe(
      'Field "sessionType" must be one of: Standard_Stream, InteractiveCommands, NonInteractiveCommands, Port.',
    );
  });
});

describe('metadata', () => {
  it('derives parameters, platforms and the sha256 of the content', () => {
    const content = json({
      schemaVersion: '2.2',
      parameters: {
        n: { type: 'Integer', default: 3 },
        b: { type: 'Boolean', description: 'flag', default: true },
      },
      mainSteps: [
        { action: 'aws:psModule', name: 'a' },
        { action: 'aws:runShellScript', name: 'b' },
      ],
    });
    const m = documentMetadata(parse(content), content, 'Command');
    expect(m.parameters).toEqual([
      { Name: 'n', Type: 'Integer', DefaultValue: '3' },
      { Name: 'b', Type: 'Boolean', Description: 'flag', DefaultValue: 'true' },
    ]);
    expect(m.platformTypes).toEqual(['Windows', 'Linux', 'MacOS']);
    expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loads the whole catalog with the parameters AWS documents declare', () => {
    const docs = catalogDocuments();
    expect(docs.length).toBeGreaterThanOrEqual(20);
    const params = (n: string) => catalogDocument(n)!.metadata.parameters.map((p) => p.Name);
    expect(params('AWS-RunShellScript')).toEqual(['commands', 'workingDirectory', 'executionTimeout']);
    expect(params('AWS-StartPortForwardingSession')).toEqual(['portNumber', 'localPortNumber']);
    expect(params('AWS-RunPatchBaseline')).toEqual([
      'Operation',
      'AssociationId',
      'SnapshotId',
      'InstallOverrideList',
      'BaselineOverride',
      'RebootOption',
      'StepTimeoutSeconds',
    ]);
    expect(catalogDocument('AWS-RunShellScript')!.metadata.platformTypes).toEqual(['Linux', 'MacOS']);
  });
});

describe('errors', () => {
  it('answers InvalidDocumentSchemaVersion and MaxDocumentSizeExceeded with their codes', () => {
    expect(failure(() => parse({ schemaVersion: '0.3', mainSteps: [] })).code).toBe(
      'InvalidDocumentSchemaVersion',
    );
    expect(
      failure(() => parseDocument('x'.repeat(65 * 1024), { documentType: 'Command', format: 'JSON' })).code,
    ).toBe('MaxDocumentSizeExceeded');
  });

  it('requires a schemaVersion and an object', () => {
    expect(failure(() => parse({ mainSteps: [] })).message).toBe('Field "schemaVersion" is required.');
    expect(failure(() => parse('[1, 2]')).message).toBe('The document content must be a JSON object.');
  });
});
