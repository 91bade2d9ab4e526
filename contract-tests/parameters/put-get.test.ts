import { describe, expect, it } from 'vitest';
import {
  GetParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-ssm';
import { sdkError, startServer, useServer } from '../helpers/server.js';
import { call, fail } from './helpers.js';

const server = useServer({ resetEach: true });

const BAD_NAME =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

describe('PutParameter', () => {
  describe('serialization', () => {
    it('answers Version and Tier only', async () => {
      expect(await call(server, 'PutParameter', { Name: '/a/b', Value: 'v', Type: 'String' })).toEqual({
        Version: 1,
        Tier: 'Standard',
      });
    });
  });

  describe('validation', () => {
    it('refuses an empty value without echoing it (sensitive member)', async () => {
      expect(await fail(server, 'PutParameter', { Name: 'x', Value: '', Type: 'String' })).toMatchObject({
        type: 'ValidationException',
        message:
          "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });
    it.each([
      ['a b', 'ValidationException', BAD_NAME],
      ['a/b', 'ValidationException', BAD_NAME],
      ['/ssm/x', 'ValidationException', BAD_NAME],
      [
        'ssm_test',
        'ValidationException',
        'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
      ],
      [
        'AWS_TEST',
        'ValidationException',
        'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
      ],
      ['/aws/test', 'AccessDeniedException', 'No access to reserved parameter name: aws/test.'],
      [
        '/' + Array.from({ length: 16 }, (_, i) => `l${i}`).join('/'),
        'HierarchyLevelLimitExceededException',
        'A hierarchy can have a maximum of 15 levels. For more information, see About requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.',
      ],
    ])('name %s -> %s', async (Name, type, message) => {
      expect(await fail(server, 'PutParameter', { Name, Value: 'v', Type: 'String' })).toMatchObject({
        type,
        message,
      });
    });
    it('needs a Type to create', async () => {
      expect(await fail(server, 'PutParameter', { Name: 'x', Value: 'v' })).toMatchObject({
        type: 'ValidationException',
        message: 'A parameter type is required when you create a parameter.',
      });
    });
    it('refuses a bad Type with the enum order AWS prints', async () => {
      expect(await fail(server, 'PutParameter', { Name: 'x', Value: 'v', Type: 'str' })).toMatchObject({
        type: 'ValidationException',
        message:
          "1 validation error detected: Value 'str' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]",
      });
    });
    it('refuses tags together with Overwrite', async () => {
      const e = await sdkError(() =>
        server.ssm.send(
          new PutParameterCommand({
            Name: 'x',
            Value: 'v',
            Type: 'String',
            Overwrite: true,
            Tags: [{ Key: 'k', Value: 'v' }],
          }),
        ),
      );
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe(
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    });
    it('ParameterAlreadyExists without Overwrite', async () => {
      await call(server, 'PutParameter', { Name: 'x', Value: 'v', Type: 'String' });
      expect(await fail(server, 'PutParameter', { Name: '/x', Value: 'v', Type: 'String' })).toMatchObject({
        type: 'ParameterAlreadyExists',
        message:
          'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      });
    });
    it('KeyId only for SecureString', async () => {
      expect(
        await fail(server, 'PutParameter', { Name: 'x', Value: 'v', Type: 'String', KeyId: 'alias/aws/ssm' }),
      ).toMatchObject({
        type: 'ValidationException',
        message: 'KeyId is required for SecureString type parameter only.',
      });
    });
    it('checks DataType', async () => {
      expect(
        await fail(server, 'PutParameter', { Name: 'x', Value: 'v', Type: 'String', DataType: 'Text' }),
      ).toMatchObject({
        type: 'ValidationException',
        message: 'The following data type is not supported: Text (Data type names are all lowercase.)',
      });
      expect(
        await fail(server, 'PutParameter', {
          Name: 'x',
          Value: 'ami-12345678',
          Type: 'StringList',
          DataType: 'aws:ec2:image',
        }),
      ).toMatchObject({ type: 'UnsupportedParameterType', message: "The parameter type isn't supported." });
    });
    it('AllowedPattern: invalid regex and mismatch', async () => {
      expect(
        await fail(server, 'PutParameter', {
          Name: 'x',
          Value: '1',
          Type: 'String',
          AllowedPattern: '([a-z',
        }),
      ).toMatchObject({
        type: 'InvalidAllowedPatternException',
        message: "The request doesn't meet the regular expression requirement.",
      });
      expect(
        await fail(server, 'PutParameter', {
          Name: 'x',
          Value: '10,000',
          Type: 'String',
          AllowedPattern: '\\d{1,4}',
        }),
      ).toMatchObject({
        type: 'ParameterPatternMismatchException',
        message: 'Parameter value, cannot be validated against allowedPattern: \\d{1,4}',
      });
    });
    it('tier value limits and no downgrade', async () => {
      expect(
        await fail(server, 'PutParameter', { Name: 'x', Value: 'a'.repeat(4097), Type: 'String' }),
      ).toMatchObject({
        type: 'ValidationException',
        message:
          'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
      });
      expect(
        await fail(server, 'PutParameter', {
          Name: 'x',
          Value: 'a'.repeat(8193),
          Type: 'String',
          Tier: 'Advanced',
        }),
      ).toMatchObject({
        type: 'ValidationException',
        message:
          'The specified parameter value is too large. Advanced-tier parameters support a maximum parameter value of 8192 characters.',
      });
      await call(server, 'PutParameter', { Name: 'adv', Value: 'v', Type: 'String', Tier: 'Advanced' });
      expect(
        await fail(server, 'PutParameter', {
          Name: 'adv',
          Value: 'v',
          Type: 'String',
          Tier: 'Standard',
          Overwrite: true,
        }),
      ).toMatchObject({
        type: 'ValidationException',
        message:
          "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter. Be aware that standard parameters have a value limit of 4096 characters.",
      });
    });
    it('ParameterLimitExceeded at the (configured) standard quota', async () => {
      const small = await startServer({ standardParameterLimit: 2 });
      try {
        await call(small, 'PutParameter', { Name: 'p1', Value: 'v', Type: 'String' });
        await call(small, 'PutParameter', { Name: 'p2', Value: 'v', Type: 'String' });
        expect(await fail(small, 'PutParameter', { Name: 'p3', Value: 'v', Type: 'String' })).toMatchObject({
          type: 'ParameterLimitExceeded',
          message:
            'You have reached the maximum number of standard parameters for this AWS account and Region (2). To add more parameters, either delete existing parameters or upgrade to the advanced-parameter tier (charges apply).',
        });
        // Intelligent-Tiering moves to Advanced when the standard quota is full (UG).
        expect(
          await call(small, 'PutParameter', {
            Name: 'p3',
            Value: 'v',
            Type: 'String',
            Tier: 'Intelligent-Tiering',
          }),
        ).toEqual({
          Version: 1,
          Tier: 'Advanced',
        });
      } finally {
        await small.close();
      }
    });
    it('ParameterMaxVersionLimitExceeded when the oldest of 100 versions is labelled', async () => {
      for (let i = 0; i < 100; i++)
        await call(server, 'PutParameter', { Name: 'v', Value: `${i}`, Type: 'String', Overwrite: true });
      await call(server, 'LabelParameterVersion', { Name: 'v', ParameterVersion: 1, Labels: ['keep'] });
      expect(
        await fail(server, 'PutParameter', { Name: 'v', Value: 'x', Type: 'String', Overwrite: true }),
      ).toMatchObject({
        type: 'ParameterMaxVersionLimitExceeded',
        message:
          "You attempted to create a new version of v by calling the PutParameter API with the overwrite flag. Version 1, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.",
      });
      await call(server, 'UnlabelParameterVersion', { Name: 'v', ParameterVersion: 1, Labels: ['keep'] });
      expect(
        (await call(server, 'PutParameter', { Name: 'v', Value: 'x', Type: 'String', Overwrite: true }))
          .Version,
      ).toBe(101);
      const history = await call(server, 'GetParameterHistory', { Name: 'v' });
      expect(history.Parameters[0].Version).toBe(2);
    });

    it('refuses an ARN naming another account or region: AccessDenied, nothing written anywhere', async () => {
      // The other account shares its parameter with the caller: sharing still grants reads only.
      const owner = server.client({ accessKeyId: '111122223333' });
      await owner.send(
        new PutParameterCommand({ Name: '/shared/p', Value: 'theirs', Type: 'String', Tier: 'Advanced' }),
      );
      const sharedArn = 'arn:aws:ssm:us-east-1:111122223333:parameter/shared/p';
      await owner.send(
        new PutResourcePolicyCommand({
          ResourceArn: sharedArn,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: '000000000000' },
                Action: ['ssm:GetParameter'],
                Resource: '*',
              },
            ],
          }),
        }),
      );
      expect((await call(server, 'GetParameter', { Name: sharedArn })).Parameter.Value).toBe('theirs');
      for (const arn of [
        sharedArn,
        'arn:aws:ssm:us-east-1:111122223333:parameter/new-there',
        'arn:aws:ssm:eu-west-1:000000000000:parameter/elsewhere',
      ]) {
        expect(
          await fail(server, 'PutParameter', { Name: arn, Value: 'mine', Type: 'String', Overwrite: true }),
          arn,
        ).toEqual({
          status: 400,
          type: 'AccessDeniedException',
          message: `User: arn:aws:iam::000000000000:root is not authorized to perform: ssm:PutParameter on resource: ${arn} because no resource-based policy allows the ssm:PutParameter action`,
          body: expect.anything(),
        });
      }
      // Nothing landed in the caller's partition, the owner's or the other region's.
      expect((await call(server, 'DescribeParameters', {})).Parameters).toEqual([]);
      const theirs = await owner.send(new GetParameterCommand({ Name: '/shared/p' }));
      expect(theirs.Parameter).toMatchObject({ Value: 'theirs', Version: 1 });
      expect((await sdkError(() => owner.send(new GetParameterCommand({ Name: '/new-there' })))).name).toBe(
        'ParameterNotFound',
      );
      const eu = server.client({ region: 'eu-west-1' });
      expect((await sdkError(() => eu.send(new GetParameterCommand({ Name: '/elsewhere' })))).name).toBe(
        'ParameterNotFound',
      );
    });

    it("takes an ARN of the caller's own account and region as the name", async () => {
      const arn = 'arn:aws:ssm:us-east-1:000000000000:parameter/own/p';
      expect(await call(server, 'PutParameter', { Name: arn, Value: 'v', Type: 'String' })).toEqual({
        Version: 1,
        Tier: 'Standard',
      });
      expect((await call(server, 'GetParameter', { Name: '/own/p' })).Parameter.Value).toBe('v');
    });
  });

  describe('functionality', () => {
    it('overwrites with consecutive versions, keeps type when omitted, may change type', async () => {
      await call(server, 'PutParameter', { Name: '/app/x', Value: 'a', Type: 'String', Description: 'd' });
      expect(
        (await call(server, 'PutParameter', { Name: '/app/x', Value: 'b', Overwrite: true })).Version,
      ).toBe(2);
      expect(
        (
          await call(server, 'PutParameter', {
            Name: '/app/x',
            Value: 'c',
            Type: 'SecureString',
            Overwrite: true,
          })
        ).Version,
      ).toBe(3);
      const p = (await call(server, 'GetParameter', { Name: '/app/x', WithDecryption: true })).Parameter;
      expect(p).toMatchObject({ Name: '/app/x', Type: 'SecureString', Value: 'c', Version: 3 });
    });
    it('concurrent overwrites produce consecutive versions, none lost', async () => {
      await call(server, 'PutParameter', { Name: 'race', Value: '0', Type: 'String' });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          server.ssm.send(
            new PutParameterCommand({ Name: 'race', Value: `${i + 1}`, Type: 'String', Overwrite: true }),
          ),
        ),
      );
      expect(results.map((r) => r.Version).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 2),
      );
      const history = await call(server, 'GetParameterHistory', { Name: 'race' });
      expect(history.Parameters.map((h: any) => h.Version)).toEqual(
        Array.from({ length: 31 }, (_, i) => i + 1),
      );
      expect(new Set(history.Parameters.map((h: any) => h.Value)).size).toBe(31);
    });
    it('Intelligent-Tiering picks Advanced for large values and never downgrades', async () => {
      expect(
        await call(server, 'PutParameter', {
          Name: 'it',
          Value: 'v',
          Type: 'String',
          Tier: 'Intelligent-Tiering',
        }),
      ).toEqual({
        Version: 1,
        Tier: 'Standard',
      });
      const big = 'a'.repeat(5000);
      expect(
        await call(server, 'PutParameter', {
          Name: 'it',
          Value: big,
          Type: 'String',
          Tier: 'Intelligent-Tiering',
          Overwrite: true,
        }),
      ).toEqual({ Version: 2, Tier: 'Advanced' });
      expect(
        await call(server, 'PutParameter', {
          Name: 'it',
          Value: 'v',
          Type: 'String',
          Tier: 'Intelligent-Tiering',
          Overwrite: true,
        }),
      ).toEqual({ Version: 3, Tier: 'Advanced' });
    });
    it('uses the default-parameter-tier service setting', async () => {
      await call(server, 'UpdateServiceSetting', {
        SettingId: '/ssm/parameter-store/default-parameter-tier',
        SettingValue: 'Advanced',
      });
      expect(await call(server, 'PutParameter', { Name: 'dt', Value: 'v', Type: 'String' })).toEqual({
        Version: 1,
        Tier: 'Advanced',
      });
    });
    it('aws:ec2:image: a bad AMI id is accepted but never stored (asynchronous validation, UG)', async () => {
      expect(
        await call(server, 'PutParameter', {
          Name: 'ami',
          Value: 'not-an-ami',
          Type: 'String',
          DataType: 'aws:ec2:image',
        }),
      ).toEqual({
        Version: 1,
        Tier: 'Standard',
      });
      expect((await fail(server, 'GetParameter', { Name: 'ami' })).type).toBe('ParameterNotFound');
      await call(server, 'PutParameter', {
        Name: 'ami',
        Value: 'ami-0123456789abcdef0',
        Type: 'String',
        DataType: 'aws:ec2:image',
      });
      expect((await call(server, 'GetParameter', { Name: 'ami' })).Parameter.DataType).toBe('aws:ec2:image');
      const events = (await server.control('GET', '/_emulator/events')).json;
      const list = Array.isArray(events) ? events : events.events;
      expect(list.some((e: any) => e.detail?.exception === 'Unable to Describe Resource')).toBe(true);
    });
    it('emits Parameter Store Change events', async () => {
      await call(server, 'PutParameter', {
        Name: '/ev/a',
        Value: 'v',
        Type: 'String',
        Description: 'Sample Parameter',
      });
      await call(server, 'PutParameter', { Name: '/ev/a', Value: 'w', Overwrite: true });
      await call(server, 'LabelParameterVersion', { Name: '/ev/a', Labels: ['l'] });
      await call(server, 'DeleteParameter', { Name: '/ev/a' });
      const events = (await server.control('GET', '/_emulator/events')).json;
      const list = (Array.isArray(events) ? events : events.events).filter(
        (e: any) => e['detail-type'] === 'Parameter Store Change',
      );
      expect(list.map((e: any) => e.detail.operation)).toEqual([
        'Create',
        'Update',
        'LabelParameterVersion',
        'Delete',
      ]);
      expect(list[0]).toMatchObject({
        source: 'aws.ssm',
        resources: ['arn:aws:ssm:us-east-1:000000000000:parameter/ev/a'],
        detail: { operation: 'Create', name: '/ev/a', type: 'String', description: 'Sample Parameter' },
      });
    });
  });
});

describe('GetParameter', () => {
  describe('serialization', () => {
    it('returns exactly the Parameter members AWS returns', async () => {
      await call(server, 'PutParameter', { Name: '/s/x', Value: 'v', Type: 'String' });
      const p = (await call(server, 'GetParameter', { Name: '/s/x' })).Parameter;
      expect(Object.keys(p).sort()).toEqual([
        'ARN',
        'DataType',
        'LastModifiedDate',
        'Name',
        'Type',
        'Value',
        'Version',
      ]);
      expect(typeof p.LastModifiedDate).toBe('number');
    });
    it('ParameterNotFound has no message at all', async () => {
      const res = await server.raw('AmazonSSM.GetParameter', JSON.stringify({ Name: '/nope' }));
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ __type: 'ParameterNotFound' });
    });
  });

  describe('validation', () => {
    it('Name is required', async () => {
      expect(await fail(server, 'GetParameter', {})).toMatchObject({
        type: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
      });
    });
    it('bad names and reserved names', async () => {
      expect(await fail(server, 'GetParameter', { Name: '{test}-test' })).toMatchObject({
        type: 'ValidationException',
        message: BAD_NAME,
      });
      expect(await fail(server, 'GetParameter', { Name: 'awslimitschecker' })).toMatchObject({
        type: 'AccessDeniedException',
        message: 'No access to reserved parameter name: awslimitschecker.',
      });
    });
    it('ParameterVersionNotFound for a missing version', async () => {
      await call(server, 'PutParameter', { Name: 'test-2', Value: 'v', Type: 'String' });
      expect(await fail(server, 'GetParameter', { Name: 'test-2:2' })).toMatchObject({
        type: 'ParameterVersionNotFound',
        message: 'Systems Manager could not find version 2 of test-2. Verify the version and try again.',
      });
      expect((await fail(server, 'GetParameter', { Name: 'test-2:nolabel' })).body).toEqual({
        __type: 'ParameterNotFound',
      });
    });
    it('/aws/reference/secretsmanager/ explains that Secrets Manager is not emulated', async () => {
      expect(await fail(server, 'GetParameter', { Name: '/aws/reference/secretsmanager/db' })).toMatchObject({
        type: 'ValidationException',
        message: 'WithDecryption flag must be True for retrieving a Secret Manager secret.',
      });
      const e = await fail(server, 'GetParameter', {
        Name: '/aws/reference/secretsmanager/db',
        WithDecryption: true,
      });
      expect(e.type).toBe('ParameterNotFound');
      expect(e.message).toContain('does not emulate AWS Secrets Manager');
    });
  });

  describe('functionality', () => {
    it('finds /x and x as one parameter, by name or ARN, with selectors', async () => {
      await call(server, 'PutParameter', { Name: 'TestParam1', Value: 'one', Type: 'String' });
      await call(server, 'PutParameter', {
        Name: '/TestParam1',
        Value: 'two',
        Type: 'String',
        Overwrite: true,
      });
      await call(server, 'LabelParameterVersion', {
        Name: 'TestParam1',
        ParameterVersion: 1,
        Labels: ['first'],
      });
      const arn = 'arn:aws:ssm:us-east-1:000000000000:parameter/TestParam1';
      const latest = (await server.ssm.send(new GetParameterCommand({ Name: arn }))).Parameter!;
      expect(latest).toMatchObject({ Name: 'TestParam1', Value: 'two', Version: 2, ARN: arn });
      expect(latest.Selector).toBeUndefined();
      expect(
        (await server.ssm.send(new GetParameterCommand({ Name: '/TestParam1:1' }))).Parameter,
      ).toMatchObject({
        Value: 'one',
        Version: 1,
        Selector: ':1',
        ARN: arn,
      });
      expect(
        (await server.ssm.send(new GetParameterCommand({ Name: `${arn}:first` }))).Parameter,
      ).toMatchObject({
        Value: 'one',
        Selector: ':first',
      });
    });
    it('String values ignore WithDecryption', async () => {
      await call(server, 'PutParameter', { Name: 'plain', Value: 'v', Type: 'StringList' });
      expect(
        (await call(server, 'GetParameter', { Name: 'plain', WithDecryption: false })).Parameter.Value,
      ).toBe('v');
    });
  });
});

describe('GetParameters', () => {
  describe('serialization', () => {
    it('always returns InvalidParameters and sorts found parameters by name', async () => {
      await call(server, 'PutParameter', { Name: 'MyStringParameter', Value: 'a', Type: 'String' });
      await call(server, 'PutParameter', { Name: 'MyStringListParameter', Value: 'a,b', Type: 'StringList' });
      const r = await call(server, 'GetParameters', {
        Names: ['MyStringParameter', 'MyStringListParameter'],
      });
      expect(r.InvalidParameters).toEqual([]);
      expect(r.Parameters.map((p: any) => p.Name)).toEqual(['MyStringListParameter', 'MyStringParameter']);
    });
  });
  describe('validation', () => {
    it('at most 10 names', async () => {
      const names = Array.from({ length: 11 }, (_, i) => `n${i}`);
      expect(await fail(server, 'GetParameters', { Names: names })).toMatchObject({
        type: 'ValidationException',
        message: `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`,
      });
    });
  });
  describe('functionality', () => {
    it('lists what it cannot find, as passed, selectors included', async () => {
      await call(server, 'PutParameter', { Name: '/a', Value: 'a', Type: 'String' });
      const r = await server.ssm.send(
        new GetParametersCommand({ Names: ['/a', '/a:1', '/a:7', '/missing', '/a:nolabel'] }),
      );
      expect(r.Parameters!.map((p) => p.Selector ?? '')).toEqual(['', ':1']);
      expect(r.InvalidParameters).toEqual(['/a:7', '/missing', '/a:nolabel']);
    });
  });
});
