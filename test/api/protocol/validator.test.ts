// Golden test of the model-driven validator: every phrase of AWS's ValidationException and
// SerializationException texts, checked on real SSM shapes (sources: /tmp/research/wire.md sections 1-3).
import { describe, expect, it } from 'vitest';
import { MODEL } from '../../../src/api/model/index.js';
import { compileAllPatterns, validateInput } from '../../../src/api/protocol/validator.js';
import { ServiceError } from '../../../src/model/service-error.js';

type Body = Record<string, unknown>;

/** Runs the validator and returns the AWS-shaped error it throws; fails when it accepts the body. */
function rejects(
  shape: string,
  body: Body,
): { type: string; message: string; wire: Record<string, unknown> } {
  try {
    validateInput(shape, body);
  } catch (err) {
    if (err instanceof ServiceError) return { type: err.type, message: err.message, wire: err.toBody() };
    throw err;
  }
  throw new Error(`expected ${shape} to reject ${JSON.stringify(body).slice(0, 200)}`);
}

const invalid = (message: string) => ({ type: 'ValidationException', message });
const serialization = (message: string) => ({ type: 'SerializationException', message });
const one = (violation: string) => `1 validation error detected: ${violation}`;
const pick = ({ type, message }: { type: string; message: string }) => ({ type, message });

const SEND_COMMAND = { DocumentName: 'AWS-RunShellScript' };
const MAINTENANCE_WINDOW = {
  Name: 'nightly',
  Schedule: 'rate(1 day)',
  Duration: 2,
  Cutoff: 1,
  AllowUnassociatedTargets: false,
};
const LAMBDA_TASK = {
  WindowId: 'mw-0123456789abcdef0',
  TaskArn: 'arn:aws:lambda:us-east-1:111122223333:function:f',
  TaskType: 'LAMBDA',
};
// A function: the validator converts in place (ExecutionTime becomes a Date), so each test needs a fresh body.
const compliance = () => ({
  ResourceId: 'i-0123456789abcdef0',
  ResourceType: 'ManagedInstance',
  ComplianceType: 'Custom:Thing',
  ExecutionSummary: { ExecutionTime: 1700000000 },
});

describe('missing members', () => {
  it('reports a missing required member as null, with its lowerCamel name', () => {
    const e = rejects('GetParameterRequest', {});
    expect(pick(e)).toEqual(
      invalid(one("Value null at 'name' failed to satisfy constraint: Member must not be null")),
    );
    expect(e.wire).toEqual({ __type: 'ValidationException', Message: e.message });
  });

  it('treats JSON null as absent, for required and optional members', () => {
    expect(pick(rejects('GetParameterRequest', { Name: null }))).toEqual(
      invalid(one("Value null at 'name' failed to satisfy constraint: Member must not be null")),
    );
    const out = validateInput('GetParameterRequest', { Name: 'x', WithDecryption: null });
    expect(out).toEqual({ Name: 'x' });
    expect('WithDecryption' in out).toBe(false);
  });

  it('lists every missing member in model declaration order', () => {
    expect(pick(rejects('CreateMaintenanceWindowRequest', {}))).toEqual(
      invalid(
        '5 validation errors detected: ' +
          ['name', 'schedule', 'duration', 'cutoff', 'allowUnassociatedTargets']
            .map((m) => `Value null at '${m}' failed to satisfy constraint: Member must not be null`)
            .join('; '),
      ),
    );
  });

  it('ignores members the model does not have', () => {
    expect(() =>
      validateInput('GetParameterRequest', { Name: 'x', Bogus: [1, { a: null }], name: 5 }),
    ).not.toThrow();
  });
});

describe('strings', () => {
  it('checks the minimum length', () => {
    expect(pick(rejects('GetParameterRequest', { Name: '' }))).toEqual(
      invalid(
        one(
          "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
      ),
    );
  });

  it('checks the maximum length and echoes the whole value', () => {
    const name = 'n'.repeat(2049);
    expect(pick(rejects('GetParameterRequest', { Name: name }))).toEqual(
      invalid(
        one(
          `Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048`,
        ),
      ),
    );
    expect(() => validateInput('GetParameterRequest', { Name: 'n'.repeat(2048) })).not.toThrow();
  });

  it('checks the pattern exactly as the model writes it, whole-value (Java matches())', () => {
    expect(pick(rejects('SendCommandRequest', { DocumentName: 'has space' }))).toEqual(
      invalid(
        one(
          "Value 'has space' at 'documentName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.:/]{3,128}$",
        ),
      ),
    );
    // ComplianceTypeName's pattern has anchors only around the alternatives; the whole value must still match.
    expect(
      pick(rejects('PutComplianceItemsRequest', { ...compliance(), ComplianceType: 'ab c', Items: [] })),
    ).toEqual(
      invalid(
        one(
          "Value 'ab c' at 'complianceType' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([A-Za-z0-9_\\-]\\w+|Custom:[a-zA-Z0-9_\\-]\\w+)$",
        ),
      ),
    );
  });

  it('reports the pattern before the length for one member', () => {
    expect(pick(rejects('CreateMaintenanceWindowRequest', { ...MAINTENANCE_WINDOW, Name: 'a!' }))).toEqual(
      invalid(
        "2 validation errors detected: Value 'a!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{3,128}$; " +
          "Value 'a!' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ),
    );
  });

  it('accepts unicode where a \\p{..} pattern allows it', () => {
    expect(() =>
      validateInput('RemoveTagsFromResourceRequest', {
        ResourceType: 'Parameter',
        ResourceId: '/p',
        TagKeys: ['Größe Ω', '名前'],
      }),
    ).not.toThrow();
  });
});

describe('numbers', () => {
  it('checks the maximum value, the number quoted', () => {
    expect(pick(rejects('DescribeParametersRequest', { MaxResults: 60 }))).toEqual(
      invalid(
        one(
          "Value '60' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
        ),
      ),
    );
  });

  it('checks the minimum value', () => {
    expect(pick(rejects('DescribeParametersRequest', { MaxResults: 0 }))).toEqual(
      invalid(
        one(
          "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
        ),
      ),
    );
    expect(pick(rejects('SendCommandRequest', { ...SEND_COMMAND, TimeoutSeconds: -1 }))).toEqual(
      invalid(
        one(
          "Value '-1' at 'timeoutSeconds' failed to satisfy constraint: Member must have value greater than or equal to 30",
        ),
      ),
    );
  });

  it('truncates a fractional number bound to an integer member, as Jackson does', () => {
    expect(validateInput('DescribeParametersRequest', { MaxResults: 7.9 })).toEqual({ MaxResults: 7 });
    expect(
      validateInput('LabelParameterVersionRequest', { Name: 'p', Labels: ['l'], ParameterVersion: 3.5 })
        .ParameterVersion,
    ).toBe(3);
  });
});

describe('enums', () => {
  it('lists the values in reverse model order, as SSM does', () => {
    expect(MODEL.shapes.ParameterType.enum).toEqual(['String', 'StringList', 'SecureString']);
    expect(
      pick(rejects('PutParameterRequest', { Name: 'p', Value: 'v', Type: 'AWS::EC2::Image::Id' })),
    ).toEqual(
      invalid(
        one(
          "Value 'AWS::EC2::Image::Id' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]",
        ),
      ),
    );
  });

  it('is case-sensitive', () => {
    expect(pick(rejects('PutParameterRequest', { Name: 'p', Value: 'v', Tier: 'standard' }))).toEqual(
      invalid(
        one(
          "Value 'standard' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Intelligent-Tiering, Advanced, Standard]",
        ),
      ),
    );
  });
});

describe('lists', () => {
  it('checks the maximum size with the list rendered Java-style', () => {
    const names = 'abcdefghijk'.split('');
    expect(pick(rejects('GetParametersRequest', { Names: names }))).toEqual(
      invalid(
        one(
          "Value '[a, b, c, d, e, f, g, h, i, j, k]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10",
        ),
      ),
    );
  });

  it('checks the minimum size of an empty list', () => {
    expect(pick(rejects('GetParametersRequest', { Names: [] }))).toEqual(
      invalid(
        one(
          "Value '[]' at 'names' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
      ),
    );
  });

  it('reports scalar elements that break a constraint once, on the list, as [max, min, pattern]', () => {
    const body = { ResourceType: 'Parameter', ResourceId: '/p', TagKeys: ['ok', 'bad!'] };
    expect(pick(rejects('RemoveTagsFromResourceRequest', body))).toEqual(
      invalid(
        one(
          "Value '[ok, bad!]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$]",
        ),
      ),
    );
  });

  it('reports a list that breaks its size and its elements twice, size first', () => {
    expect(pick(rejects('GetParametersRequest', { Names: ['', ...'bcdefghijk'.split('')] }))).toEqual(
      invalid(
        "2 validation errors detected: Value '[, b, c, d, e, f, g, h, i, j, k]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10; " +
          "Value '[, b, c, d, e, f, g, h, i, j, k]' at 'names' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1]",
      ),
    );
  });

  it('adds not-null last when a scalar element is null', () => {
    expect(pick(rejects('GetParametersRequest', { Names: ['a', null] }))).toEqual(
      invalid(
        one(
          "Value '[a, null]' at 'names' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must not be null]",
        ),
      ),
    );
  });

  it('reports enum elements with the enum value set', () => {
    expect(
      pick(
        rejects('SendCommandRequest', {
          ...SEND_COMMAND,
          NotificationConfig: { NotificationEvents: ['Success', 'Bogus'] },
        }),
      ),
    ).toEqual(
      invalid(
        one(
          "Value '[Success, Bogus]' at 'notificationConfig.notificationEvents' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [Failed, Cancelled, TimedOut, Success, InProgress, All]]",
        ),
      ),
    );
  });

  it('writes a structure inside a list as list.N.member.field, 1-based', () => {
    expect(
      pick(rejects('DescribeParametersRequest', { ParameterFilters: [{ Key: 'Name' }, { Values: ['x'] }] })),
    ).toEqual(
      invalid(
        one(
          "Value null at 'parameterFilters.2.member.key' failed to satisfy constraint: Member must not be null",
        ),
      ),
    );
    expect(pick(rejects('DescribeParametersRequest', { ParameterFilters: [{ Key: 'Colour' }] }))).toEqual(
      invalid(
        one(
          "Value 'Colour' at 'parameterFilters.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$",
        ),
      ),
    );
  });

  it('reports a null structure element at list.N.member', () => {
    expect(pick(rejects('DescribeParametersRequest', { ParameterFilters: [null] }))).toEqual(
      invalid(
        one(
          "Value null at 'parameterFilters.1.member' failed to satisfy constraint: Member must not be null",
        ),
      ),
    );
  });

  it('renders structures Lombok-style, every member in model order, absent ones null', () => {
    const targets = 'abcdef'.split('').map((k, i) => ({ Key: `tag:${k}`, Values: [String(i + 1)] }));
    expect(pick(rejects('SendCommandRequest', { ...SEND_COMMAND, Targets: targets }))).toEqual(
      invalid(
        one(
          "Value '[Target(key=tag:a, values=[1]), Target(key=tag:b, values=[2]), Target(key=tag:c, values=[3]), Target(key=tag:d, values=[4]), Target(key=tag:e, values=[5]), Target(key=tag:f, values=[6])]' at 'targets' failed to satisfy constraint: Member must have length less than or equal to 5",
        ),
      ),
    );
    const partial = [{ Values: ['1'] }, ...Array.from({ length: 5 }, () => ({ Key: 'k' }))];
    expect(rejects('SendCommandRequest', { ...SEND_COMMAND, Targets: partial }).message).toContain(
      "Value '[Target(key=null, values=[1]), Target(key=k, values=null), ",
    );
  });
});

describe('maps', () => {
  it('reports bad keys once, on the map, as "Map keys must satisfy constraint"', () => {
    expect(
      pick(
        rejects('StartAutomationExecutionRequest', {
          DocumentName: 'AWS-Restart',
          Parameters: { ok: ['1'], '': ['x', 'y'] },
        }),
      ),
    ).toEqual(
      invalid(
        one(
          "Value '{ok=[1], =[x, y]}' at 'parameters' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 50, Member must have length greater than or equal to 1]",
        ),
      ),
    );
  });

  it('includes the key pattern and renders structure values Lombok-style', () => {
    expect(
      pick(rejects('CreateOpsMetadataRequest', { ResourceId: 'app', Metadata: { '  ': { Value: 'v' } } })),
    ).toEqual(
      invalid(
        one(
          "Value '{  =MetadataValue(value=v)}' at 'metadata' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ^(?!\\s*$).+]",
        ),
      ),
    );
  });

  it('reports bad scalar values once, on the map, as "Map value must satisfy constraint"', () => {
    const long = 'v'.repeat(4097);
    const items = [{ Severity: 'HIGH', Status: 'COMPLIANT', Details: { a: 'ok', b: long } }];
    expect(pick(rejects('PutComplianceItemsRequest', { ...compliance(), Items: items }))).toEqual(
      invalid(
        one(
          `Value '{a=ok, b=${long}}' at 'items.1.member.details' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 4096, Member must have length greater than or equal to 0]`,
        ),
      ),
    );
  });

  it('adds not-null last for a null scalar value', () => {
    const items = [{ Severity: 'HIGH', Status: 'COMPLIANT', Details: { a: null } }];
    expect(pick(rejects('PutComplianceItemsRequest', { ...compliance(), Items: items }))).toEqual(
      invalid(
        one(
          "Value '{a=null}' at 'items.1.member.details' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 4096, Member must have length greater than or equal to 0, Member must not be null]",
        ),
      ),
    );
  });

  it('writes a structure value as map.KEY.member.field, the key raw', () => {
    expect(
      pick(rejects('CreateOpsMetadataRequest', { ResourceId: 'app', Metadata: { 'a.b c': { Value: '' } } })),
    ).toEqual(
      invalid(
        one(
          "Value '' at 'metadata.a.b c.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
      ),
    );
  });

  it('checks the size of a map', () => {
    const metadata = Object.fromEntries('abcdef'.split('').map((k) => [k, { Value: k }]));
    expect(pick(rejects('CreateOpsMetadataRequest', { ResourceId: 'app', Metadata: metadata }))).toEqual(
      invalid(
        one(
          "Value '{a=MetadataValue(value=a), b=MetadataValue(value=b), c=MetadataValue(value=c), d=MetadataValue(value=d), e=MetadataValue(value=e), f=MetadataValue(value=f)}' at 'metadata' failed to satisfy constraint: Member must have length less than or equal to 5",
        ),
      ),
    );
    expect(pick(rejects('CreateOpsMetadataRequest', { ResourceId: 'app', Metadata: {} }))).toEqual(
      invalid(
        one(
          "Value '{}' at 'metadata' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
      ),
    );
  });

  it('keeps a __proto__ key as data and never touches Object.prototype', () => {
    const body = JSON.parse(
      '{"DocumentName":"AWS-Restart","Parameters":{"__proto__":["x"],"polluted":["y"]}}',
    ) as Body;
    const out = validateInput('StartAutomationExecutionRequest', body);
    expect(Object.keys(out.Parameters as object)).toEqual(['__proto__', 'polluted']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const top = JSON.parse('{"__proto__":{"Name":"x"}}') as Body;
    expect(pick(rejects('GetParameterRequest', top))).toEqual(
      invalid(one("Value null at 'name' failed to satisfy constraint: Member must not be null")),
    );
  });
});

describe('sensitive members', () => {
  it('leaves the value and its quotes out (PutParameter Value)', () => {
    expect(pick(rejects('PutParameterRequest', { Name: 'p', Value: '' }))).toEqual(
      invalid(
        one(
          "Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
      ),
    );
    expect(pick(rejects('PutParameterRequest', { Name: 'p', Value: 's'.repeat(32769) }))).toEqual(
      invalid(
        one(
          "Value at 'value' failed to satisfy constraint: Member must have length less than or equal to 32768",
        ),
      ),
    );
    expect(() => validateInput('PutParameterRequest', { Name: 'p', Value: 's'.repeat(32768) })).not.toThrow();
  });

  it('carries the overlay constraints min 1 / max 32768 on PSParameterValue', () => {
    expect(MODEL.shapes.PSParameterValue).toMatchObject({
      type: 'string',
      min: 1,
      max: 32768,
      sensitive: true,
    });
  });

  it('leaves out a sensitive list inside a sensitive map', () => {
    const body = { ...LAMBDA_TASK, TaskParameters: { commands: { Values: ['ls', ''] } } };
    expect(pick(rejects('RegisterTaskWithMaintenanceWindowRequest', body))).toEqual(
      invalid(
        one(
          "Value at 'taskParameters.commands.member.values' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]",
        ),
      ),
    );
  });

  it('still shows the other members of the same request', () => {
    expect(pick(rejects('PutParameterRequest', { Name: '', Value: '' }))).toEqual(
      invalid(
        "2 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          "Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    );
  });
});

describe('several errors', () => {
  it('joins them with "; " under a plural prefix, in member order', () => {
    const body = { ...MAINTENANCE_WINDOW, Duration: 25, Cutoff: -1, ScheduleOffset: 7 };
    expect(pick(rejects('CreateMaintenanceWindowRequest', body))).toEqual(
      invalid(
        '3 validation errors detected: ' +
          "Value '7' at 'scheduleOffset' failed to satisfy constraint: Member must have value less than or equal to 6; " +
          "Value '25' at 'duration' failed to satisfy constraint: Member must have value less than or equal to 24; " +
          "Value '-1' at 'cutoff' failed to satisfy constraint: Member must have value greater than or equal to 0",
      ),
    );
  });

  it('lists at most 10, and the prefix counts the listed ones', () => {
    const e = rejects('DescribeParametersRequest', {
      ParameterFilters: Array.from({ length: 12 }, () => ({})),
    });
    expect(pick(e)).toEqual(
      invalid(
        '10 validation errors detected: ' +
          Array.from(
            { length: 10 },
            (_, i) =>
              `Value null at 'parameterFilters.${i + 1}.member.key' failed to satisfy constraint: Member must not be null`,
          ).join('; '),
      ),
    );
  });

  it('reports a list own size before its elements, then stops at 10 (kinesalite PutRecords shape)', () => {
    const targets = Array.from({ length: 12 }, () => ({ Key: '', Values: [] }));
    const e = rejects('SendCommandRequest', { ...SEND_COMMAND, Targets: targets });
    const parts = e.message.replace(/^10 validation errors detected: /, '').split('; ');
    expect(e.message.startsWith('10 validation errors detected: ')).toBe(true);
    expect(parts).toHaveLength(10);
    expect(parts[0]).toMatch(
      /^Value '\[Target\(key=, values=\[\]\), .*' at 'targets' failed to satisfy constraint: Member must have length less than or equal to 5$/,
    );
    expect(parts.slice(1)).toEqual(
      Array.from(
        { length: 9 },
        (_, i) =>
          `Value '' at 'targets.${i + 1}.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      ),
    );
  });
});

describe('wrong JSON types: SerializationException', () => {
  const cases: [string, string, Body, string][] = [
    ['number -> String', 'GetParameterRequest', { Name: 5 }, 'NUMBER_VALUE can not be converted to a String'],
    [
      'decimal -> String',
      'GetParameterRequest',
      { Name: 1.5 },
      'NUMBER_VALUE can not be converted to a String',
    ],
    ['true -> String', 'GetParameterRequest', { Name: true }, 'TRUE_VALUE can not be converted to a String'],
    [
      'false -> String',
      'GetParameterRequest',
      { Name: false },
      'FALSE_VALUE can not be converted to a String',
    ],
    [
      'string -> Integer',
      'DescribeParametersRequest',
      { MaxResults: '5' },
      'STRING_VALUE can not be converted to an Integer',
    ],
    [
      'true -> Integer',
      'DescribeParametersRequest',
      { MaxResults: true },
      'TRUE_VALUE can not be converted to an Integer',
    ],
    [
      'string -> Long',
      'LabelParameterVersionRequest',
      { Name: 'p', Labels: ['l'], ParameterVersion: '1' },
      'STRING_VALUE can not be converted to a Long',
    ],
    [
      'string -> Boolean',
      'GetParameterRequest',
      { Name: 'x', WithDecryption: 'true' },
      'STRING_VALUE can not be converted to a Boolean',
    ],
    [
      'number -> Boolean',
      'GetParameterRequest',
      { Name: 'x', WithDecryption: 1 },
      'NUMBER_VALUE can not be converted to a Boolean',
    ],
    [
      'true -> Timestamp',
      'CreateActivationRequest',
      { IamRole: 'r', ExpirationDate: true },
      'TRUE_VALUE can not be converted to a Timestamp',
    ],
    [
      'bad string -> Timestamp',
      'CreateActivationRequest',
      { IamRole: 'r', ExpirationDate: 'soon' },
      'STRING_VALUE can not be converted to a Timestamp',
    ],
    ['array -> String', 'GetParameterRequest', { Name: ['x'] }, 'Start of list found where not expected'],
    [
      'array -> Integer',
      'DescribeParametersRequest',
      { MaxResults: [] },
      'Start of list found where not expected',
    ],
    [
      'array -> structure',
      'SendCommandRequest',
      { ...SEND_COMMAND, NotificationConfig: [] },
      'Start of list found where not expected',
    ],
    [
      'array -> map',
      'StartAutomationExecutionRequest',
      { DocumentName: 'd', Parameters: [] },
      'Start of list found where not expected',
    ],
    [
      'object -> String',
      'GetParameterRequest',
      { Name: {} },
      'Start of structure or map found where not expected.',
    ],
    [
      'object -> list',
      'GetParametersRequest',
      { Names: { a: 1 } },
      'Start of structure or map found where not expected.',
    ],
    ['string -> list', 'GetParametersRequest', { Names: 'a' }, 'Expected list or null'],
    ['number -> list', 'GetParametersRequest', { Names: 1 }, 'Expected list or null'],
    [
      'string -> structure',
      'SendCommandRequest',
      { ...SEND_COMMAND, CloudWatchOutputConfig: 'x' },
      'Expected null',
    ],
    [
      'string -> structure in a list',
      'DescribeParametersRequest',
      { ParameterFilters: ['Name'] },
      'Expected null',
    ],
    [
      'string -> map',
      'StartAutomationExecutionRequest',
      { DocumentName: 'd', Parameters: 'x' },
      'Expected map or null',
    ],
    [
      'number -> String inside a list',
      'GetParametersRequest',
      { Names: ['a', 2] },
      'NUMBER_VALUE can not be converted to a String',
    ],
    [
      'array -> String map value',
      'StartAutomationExecutionRequest',
      { DocumentName: 'd', Parameters: { k: [['x']] } },
      'Start of list found where not expected',
    ],
  ];

  it.each(cases)('%s', (_label, shape, body, message) => {
    const e = rejects(shape, body);
    expect(pick(e)).toEqual(serialization(message));
    expect(e.wire).toEqual({ __type: 'SerializationException', Message: message });
  });

  it('wins over constraint violations found before it (type checks come first)', () => {
    expect(pick(rejects('PutParameterRequest', { Name: '', Value: 5 }))).toEqual(
      serialization('NUMBER_VALUE can not be converted to a String'),
    );
  });
});

describe('timestamps', () => {
  const at = (v: unknown) =>
    validateInput('CreateActivationRequest', { IamRole: 'r', ExpirationDate: v }).ExpirationDate;

  it('accepts epoch seconds, fractional ones to the millisecond', () => {
    expect(at(1700000000)).toEqual(new Date('2023-11-14T22:13:20.000Z'));
    expect(at(1700000000.123)).toEqual(new Date('2023-11-14T22:13:20.123Z'));
  });

  it('accepts numeric strings and ISO-8601 strings', () => {
    expect(at('1700000000')).toEqual(new Date('2023-11-14T22:13:20.000Z'));
    expect(at('1700000000.5')).toEqual(new Date('2023-11-14T22:13:20.500Z'));
    expect(at('2023-11-14T22:13:20Z')).toEqual(new Date('2023-11-14T22:13:20.000Z'));
    expect(at('2023-11-14T23:13:20.250+01:00')).toEqual(new Date('2023-11-14T22:13:20.250Z'));
  });

  it('converts a timestamp nested in a structure', () => {
    const body = { ...compliance(), ExecutionSummary: { ExecutionTime: '2023-11-14T22:13:20Z' }, Items: [] };
    const out = validateInput('PutComplianceItemsRequest', body) as {
      ExecutionSummary: { ExecutionTime: unknown };
    };
    expect(out.ExecutionSummary.ExecutionTime).toEqual(new Date('2023-11-14T22:13:20.000Z'));
  });

  it('refuses an epoch number outside the Date range instead of passing an Invalid Date on', () => {
    expect(pick(rejects('CreateActivationRequest', { IamRole: 'r', ExpirationDate: 1e20 }))).toEqual(
      serialization('NUMBER_VALUE can not be converted to a Timestamp'),
    );
  });
});

describe('blobs', () => {
  it('decodes base64 to bytes', () => {
    const body = {
      ...LAMBDA_TASK,
      TaskInvocationParameters: { Lambda: { Payload: Buffer.from('{"a":1}').toString('base64') } },
    };
    const out = validateInput('RegisterTaskWithMaintenanceWindowRequest', body) as {
      TaskInvocationParameters: { Lambda: { Payload: Buffer } };
    };
    expect(out.TaskInvocationParameters.Lambda.Payload.toString()).toBe('{"a":1}');
  });

  // MaintenanceWindowLambdaPayload: max 4096 bytes, sensitive.
  it('checks the length of a blob in bytes', () => {
    const body = {
      ...LAMBDA_TASK,
      TaskInvocationParameters: { Lambda: { Payload: Buffer.alloc(4097, 1).toString('base64') } },
    };
    expect(pick(rejects('RegisterTaskWithMaintenanceWindowRequest', body))).toEqual(
      invalid(
        one(
          "Value at 'taskInvocationParameters.lambda.payload' failed to satisfy constraint: Member must have length less than or equal to 4096",
        ),
      ),
    );
  });
});

describe('idempotency tokens', () => {
  it('fills an absent or null token with a UUID, as SDKs do', () => {
    const absent = validateInput('CreateMaintenanceWindowRequest', { ...MAINTENANCE_WINDOW });
    const nulled = validateInput('CreateMaintenanceWindowRequest', {
      ...MAINTENANCE_WINDOW,
      ClientToken: null,
    });
    expect(absent.ClientToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(nulled.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(nulled.ClientToken).not.toBe(absent.ClientToken);
  });

  it('keeps a token the caller sent, and still checks it', () => {
    expect(
      validateInput('CreateMaintenanceWindowRequest', { ...MAINTENANCE_WINDOW, ClientToken: 'mine' })
        .ClientToken,
    ).toBe('mine');
    expect(
      pick(rejects('CreateMaintenanceWindowRequest', { ...MAINTENANCE_WINDOW, ClientToken: '' })),
    ).toEqual(
      invalid(
        one(
          "Value '' at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
      ),
    );
  });

  it('does not invent tokens for members that are not idempotency tokens', () => {
    expect(
      'ClientToken' in validateInput('StartAutomationExecutionRequest', { DocumentName: 'AWS-Restart' }),
    ).toBe(false);
  });
});

describe('hostile input', () => {
  // Elements are type-checked before an over-long list is rendered into a message, so no stack overflow.
  it('answers a deeply nested element of an over-long list with SerializationException, not a stack overflow', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pick(rejects('GetParametersRequest', { Names: Array.from({ length: 11 }, () => deep) }))).toEqual(
      serialization('Start of list found where not expected'),
    );
  });
});

describe('the model', () => {
  it('carries patterns on many shapes', () => {
    expect(Object.values(MODEL.shapes).filter((s) => s.pattern !== undefined).length).toBeGreaterThan(100);
  });

  it('compiles every pattern it carries', () => {
    expect(compileAllPatterns()).toEqual([]);
  });

  // AccountId's pattern is `(?i)all|[0-9]{12}`: a Java inline flag that JS RegExp only takes as the `i` flag.
  it('matches AccountId case-insensitively, as the (?i) flag asks', () => {
    const body = { Name: 'doc', PermissionType: 'Share', AccountIdsToAdd: ['ALL', 'All', '111122223333'] };
    expect(() => validateInput('ModifyDocumentPermissionRequest', body)).not.toThrow();
    expect(pick(rejects('ModifyDocumentPermissionRequest', { ...body, AccountIdsToAdd: ['alle'] }))).toEqual(
      invalid(
        one(
          "Value '[alle]' at 'accountIdsToAdd' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: (?i)all|[0-9]{12}]",
        ),
      ),
    );
  });

  it('accepts an input-less call with anything', () => {
    expect(validateInput(undefined, { x: 1 })).toEqual({ x: 1 });
  });
});
