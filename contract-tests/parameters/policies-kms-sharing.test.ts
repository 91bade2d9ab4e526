import { beforeEach, describe, expect, it } from 'vitest';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { useServer } from '../helpers/server.js';
import { call, fail } from './helpers.js';

const server = useServer({ resetEach: true });
beforeEach(async () => {
  await server.control('POST', '/_emulator/clock', { set: '2030-01-01T00:00:00Z' });
});

const expiration = (ts: string) => ({ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: ts } });
const events = async (type: string) => {
  const json = (await server.control('GET', '/_emulator/events')).json;
  return (Array.isArray(json) ? json : json.events).filter((e: any) => e['detail-type'] === type);
};

describe('parameter policies (PutParameter Policies)', () => {
  it('are refused on the standard tier (UG: standard parameters do not support policies)', async () => {
    expect(
      await fail(server, 'PutParameter', {
        Name: 'x',
        Value: 'v',
        Type: 'String',
        Policies: JSON.stringify([expiration('2030-02-01T00:00:00Z')]),
      }),
    ).toMatchObject({
      type: 'ValidationException',
      message: "You can't assign parameter policies to a standard-parameter tier.",
    });
  });
  it.each([
    [
      '[{"Type":"Nope","Version":"1.0","Attributes":{}}]',
      'InvalidPolicyTypeException',
      "The policy type isn't supported. Parameter Store supports the following policy types: Expiration, ExpirationNotification, and NoChangeNotification.",
    ],
    [
      '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"soon"}}]',
      'InvalidPolicyAttributeException',
      'A policy attribute or its value is invalid.',
    ],
    [
      JSON.stringify([expiration('2030-02-01T00:00:00Z'), expiration('2030-03-01T00:00:00Z')]),
      'IncompatiblePolicyException',
      "There is a conflict in the policies specified for this parameter. You can't, for example, specify two Expiration policies for a parameter. Review your policies, and try again.",
    ],
    [
      JSON.stringify(
        Array.from({ length: 11 }, () => ({
          Type: 'ExpirationNotification',
          Version: '1.0',
          Attributes: { Before: '1', Unit: 'Days' },
        })),
      ),
      'PoliciesLimitExceededException',
      'You specified more than the maximum number of allowed policies for the parameter. The maximum is 10.',
    ],
  ])('%s -> %s', async (Policies, type, message) => {
    expect(
      await fail(server, 'PutParameter', {
        Name: 'x',
        Value: 'v',
        Type: 'String',
        Tier: 'Advanced',
        Policies,
      }),
    ).toMatchObject({ type, message });
  });
  it('show as Pending, notify, then delete on the emulator clock', async () => {
    const Policies = JSON.stringify([
      expiration('2030-01-10T00:00:00.000Z'),
      { Type: 'ExpirationNotification', Version: '1.0', Attributes: { Before: '2', Unit: 'Days' } },
      { Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '1', Unit: 'Days' } },
    ]);
    // Intelligent-Tiering moves a parameter with policies to Advanced (UG).
    expect(
      await call(server, 'PutParameter', {
        Name: '/tmp/key',
        Value: 'v',
        Type: 'String',
        Tier: 'Intelligent-Tiering',
        Policies,
      }),
    ).toEqual({
      Version: 1,
      Tier: 'Advanced',
    });
    const meta = (await call(server, 'DescribeParameters', {})).Parameters[0];
    expect(meta.Policies[0]).toEqual({
      PolicyText:
        '{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-10T00:00:00.000Z"}}',
      PolicyType: 'Expiration',
      PolicyStatus: 'Pending',
    });
    await server.control('POST', '/_emulator/clock', { advance: 2 * 86400 });
    expect((await events('Parameter Store Policy Action')).map((e: any) => e.detail['policy-type'])).toEqual([
      'NoChangeNotification',
    ]);
    await server.control('POST', '/_emulator/clock', { advance: 6 * 86400 });
    expect((await events('Parameter Store Policy Action')).map((e: any) => e.detail['policy-type'])).toEqual([
      'NoChangeNotification',
      'ExpirationNotification',
    ]);
    const statuses = (await call(server, 'DescribeParameters', {})).Parameters[0].Policies.map(
      (p: any) => p.PolicyStatus,
    );
    expect(statuses).toEqual(['Pending', 'Finished', 'Finished']);
    await server.control('POST', '/_emulator/clock', { advance: 2 * 86400 });
    expect((await fail(server, 'GetParameter', { Name: '/tmp/key' })).type).toBe('ParameterNotFound');
    const last = (await events('Parameter Store Policy Action')).at(-1);
    expect(last).toMatchObject({ detail: { 'parameter-name': '/tmp/key', 'policy-type': 'Expiration' } });
  });
  it('[{}] removes all policies; omitted Policies keeps them', async () => {
    const Policies = JSON.stringify([expiration('2031-01-01T00:00:00Z')]);
    await call(server, 'PutParameter', { Name: 'k', Value: 'v', Type: 'String', Tier: 'Advanced', Policies });
    await call(server, 'PutParameter', { Name: 'k', Value: 'w', Overwrite: true });
    expect((await call(server, 'DescribeParameters', {})).Parameters[0].Policies).toHaveLength(1);
    await call(server, 'PutParameter', { Name: 'k', Value: 'w', Overwrite: true, Policies: '[{}]' });
    expect((await call(server, 'DescribeParameters', {})).Parameters[0].Policies).toEqual([]);
    const history = await call(server, 'GetParameterHistory', { Name: 'k' });
    expect(history.Parameters.map((h: any) => h.Policies.length)).toEqual([1, 1, 0]);
  });
});

describe('SecureString and the key registry', () => {
  it('stores ciphertext, returns base64 ciphertext without WithDecryption, and KeyId round-trips', async () => {
    await call(server, 'PutParameter', {
      Name: '/db/pw',
      Value: 'SuperSecretPassword123!',
      Type: 'SecureString',
    });
    const enc = (await call(server, 'GetParameter', { Name: '/db/pw' })).Parameter.Value;
    expect(enc).toMatch(/^AQICAH[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(enc, 'base64').toString('latin1')).not.toContain('SuperSecret');
    expect(
      (await call(server, 'GetParameter', { Name: '/db/pw', WithDecryption: true })).Parameter.Value,
    ).toBe('SuperSecretPassword123!');
    expect(
      (await call(server, 'GetParameterHistory', { Name: '/db/pw', WithDecryption: true })).Parameters[0],
    ).toMatchObject({
      KeyId: 'alias/aws/ssm',
      Value: 'SuperSecretPassword123!',
    });
  });
  it('InvalidKeyId for unknown keys; registered keys by alias, id and ARN', async () => {
    const e = await fail(server, 'PutParameter', {
      Name: 's',
      Value: 'v',
      Type: 'SecureString',
      KeyId: 'alias/parameter_store_key',
    });
    expect(e.type).toBe('InvalidKeyId');
    expect(e.message).toMatch(
      /^Alias arn:aws:kms:us-east-1:000000000000:alias\/parameter_store_key is not found\. \(Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
    const key = (await server.control('POST', '/_emulator/kms/keys', { alias: 'parameter_store_key' })).json;
    expect(key.Arn).toBe(`arn:aws:kms:us-east-1:000000000000:key/${key.KeyId}`);
    for (const KeyId of ['alias/parameter_store_key', key.KeyId, key.Arn]) {
      await call(server, 'PutParameter', {
        Name: 's',
        Value: 'v',
        Type: 'SecureString',
        KeyId,
        Overwrite: true,
      });
      expect((await call(server, 'DescribeParameters', {})).Parameters[0].KeyId).toBe(KeyId);
    }
    await fetch(`${server.endpoint}/_emulator/kms/keys/${key.KeyId}`, { method: 'DELETE' });
    const g = await fail(server, 'GetParameter', { Name: 's', WithDecryption: true });
    expect(g.type).toBe('InvalidKeyId');
    expect(g.message).toMatch(
      /is pending deletion\. \(Service: AWSKMS; Status Code: 400; Error Code: KMSInvalidStateException;/,
    );
    expect((await fail(server, 'GetParameters', { Names: ['s'], WithDecryption: true })).type).toBe(
      'InvalidKeyId',
    );
    expect((await fail(server, 'GetParametersByPath', { Path: '/', WithDecryption: true })).type).toBe(
      'InvalidKeyId',
    );
    expect((await fail(server, 'GetParameterHistory', { Name: 's', WithDecryption: true })).type).toBe(
      'InvalidKeyId',
    );
  });
});

describe('public parameters', () => {
  it('are readable in every account/region, with an empty account in the ARN', async () => {
    const c = server.client({ region: 'eu-west-1', accessKeyId: '444455556666' });
    const p = (
      await c.send(
        new GetParameterCommand({
          Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
        }),
      )
    ).Parameter!;
    expect(p).toMatchObject({ Type: 'String', DataType: 'text' });
    expect(p.Value).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(p.ARN).toBe(
      'arn:aws:ssm:eu-west-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    );
    const regions = await call(server, 'GetParametersByPath', {
      Path: '/aws/service/global-infrastructure/regions',
      MaxResults: 10,
    });
    expect(regions.Parameters.length).toBe(10);
    expect(regions.NextToken).toBeDefined();
    expect(
      (
        await call(server, 'GetParameter', {
          Name: '/aws/service/global-infrastructure/regions/us-east-1/services/ssm/endpoint',
        })
      ).Parameter.Value,
    ).toBe('ssm.us-east-1.amazonaws.com');
    expect(
      (
        await call(server, 'GetParameter', {
          Name: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base',
        })
      ).Parameter.Value,
    ).toMatch(/^ami-/);
  });
  it('refuse writes and deletes', async () => {
    expect(
      await fail(server, 'PutParameter', { Name: '/aws/service/x', Value: 'v', Type: 'String' }),
    ).toMatchObject({
      type: 'AccessDeniedException',
      message: 'No access to reserved parameter name: aws/service/x.',
    });
    expect(
      (await fail(server, 'DeleteParameter', { Name: '/aws/service/global-infrastructure/version' })).type,
    ).toBe('AccessDeniedException');
  });
});

describe('resource policies (sharing)', () => {
  const OTHER = '444455556666';
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: OTHER },
        Action: ['ssm:GetParameter', 'ssm:DescribeParameters'],
        Resource: '*',
      },
    ],
  });
  const arn = 'arn:aws:ssm:us-east-1:000000000000:parameter/shared/cfg';

  it('share an advanced parameter with another account', async () => {
    await call(server, 'PutParameter', { Name: '/shared/cfg', Value: 'v', Type: 'String', Tier: 'Advanced' });
    const other = server.client({ accessKeyId: OTHER });
    const before = await other.send(new GetParameterCommand({ Name: arn })).catch((e) => e);
    expect(before.name).toBe('AccessDeniedException');
    const put = await call(server, 'PutResourcePolicy', { ResourceArn: arn, Policy: policy });
    expect(put).toEqual({ PolicyId: expect.any(String), PolicyHash: expect.any(String) });
    expect((await other.send(new GetParameterCommand({ Name: arn }))).Parameter).toMatchObject({
      Value: 'v',
      ARN: arn,
    });
    const shared = await server.raw('AmazonSSM.DescribeParameters', JSON.stringify({ Shared: true }), {
      authorization: `AWS4-HMAC-SHA256 Credential=${OTHER}/20261126/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    });
    expect(shared.json.Parameters.map((p: any) => p.ARN)).toEqual([arn]);
    expect((await call(server, 'GetResourcePolicies', { ResourceArn: arn })).Policies).toEqual([
      { ...put, Policy: policy },
    ]);
    await call(server, 'DeleteResourcePolicy', {
      ResourceArn: arn,
      PolicyId: put.PolicyId,
      PolicyHash: put.PolicyHash,
    });
    expect((await other.send(new GetParameterCommand({ Name: arn })).catch((e) => e)).name).toBe(
      'AccessDeniedException',
    );
  });

  it('errors', async () => {
    await call(server, 'PutParameter', { Name: '/shared/std', Value: 'v', Type: 'String' });
    await call(server, 'PutParameter', { Name: '/shared/cfg', Value: 'v', Type: 'String', Tier: 'Advanced' });
    expect(
      await fail(server, 'PutResourcePolicy', {
        ResourceArn: 'arn:aws:ssm:us-east-1:000000000000:parameter/none',
        Policy: policy,
      }),
    ).toMatchObject({
      type: 'ResourceNotFoundException',
      message:
        'The specified parameter to be shared could not be found: arn:aws:ssm:us-east-1:000000000000:parameter/none',
    });
    expect(
      await fail(server, 'PutResourcePolicy', {
        ResourceArn: 'arn:aws:ssm:us-east-1:000000000000:parameter/shared/std',
        Policy: policy,
      }),
    ).toMatchObject({
      type: 'ResourcePolicyInvalidParameterException',
      message:
        "Parameter /shared/std can't be shared: only parameters in the advanced-parameter tier can be shared.",
      body: { ParameterNames: ['ResourceArn'] },
    });
    expect(await fail(server, 'PutResourcePolicy', { ResourceArn: arn, Policy: '{not json' })).toMatchObject({
      type: 'MalformedResourcePolicyDocumentException',
      message:
        'The policy document is malformed: it must be a JSON IAM policy whose Allow statements name principals by account id or ARN.',
    });
    expect(
      await fail(server, 'PutResourcePolicy', {
        ResourceArn: arn,
        Policy: JSON.stringify({ Statement: [], Pad: 'x'.repeat(1100) }),
      }),
    ).toMatchObject({
      type: 'ResourcePolicyLimitExceededException',
      message: "A policy can't be greater than 1024 bytes in size.",
      body: { Limit: 1024, LimitType: 'PolicySize' },
    });
    const put = await call(server, 'PutResourcePolicy', { ResourceArn: arn, Policy: policy });
    expect(
      await fail(server, 'PutResourcePolicy', {
        ResourceArn: arn,
        Policy: policy,
        PolicyId: put.PolicyId,
        PolicyHash: 'stale',
      }),
    ).toMatchObject({
      type: 'ResourcePolicyConflictException',
      message:
        "The hash provided in the call doesn't match the stored hash. Get the current policy with GetResourcePolicies and try again.",
    });
    expect(
      await fail(server, 'DeleteResourcePolicy', { ResourceArn: arn, PolicyId: 'nope', PolicyHash: 'x' }),
    ).toMatchObject({
      type: 'ResourcePolicyNotFoundException',
      message: 'No policies with policy ID nope and the specified hash could be found.',
    });
    expect(
      (
        await fail(server, 'GetResourcePolicies', {
          ResourceArn: 'arn:aws:ssm:us-east-1:000000000000:parameter/none',
        })
      ).type,
    ).toBe('ResourceNotFoundException');
  });
});
