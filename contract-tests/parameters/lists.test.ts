import { beforeEach, describe, expect, it } from 'vitest';
import { paginateDescribeParameters, paginateGetParametersByPath } from '@aws-sdk/client-ssm';
import { useServer } from '../helpers/server.js';
import { call, fail } from './helpers.js';

const server = useServer({ resetEach: true });
beforeEach(async () => {
  for (const [Name, Type] of [
    ['/site/newyork/department/a', 'String'],
    ['/site/newyork/department/b', 'SecureString'],
    ['/site/newyork/department/deep/c', 'StringList'],
    ['/site/newyorkish', 'String'],
    ['/site/x', 'String'],
    ['top', 'String'],
  ]) {
    await call(server, 'PutParameter', { Name, Value: 'v', Type });
  }
});

describe('GetParametersByPath', () => {
  describe('serialization', () => {
    it('returns Parameter shapes and no NextToken on the last page', async () => {
      const r = await call(server, 'GetParametersByPath', { Path: '/site/newyork/department/' });
      expect(r.NextToken).toBeUndefined();
      expect(r.Parameters.map((p: any) => p.Name)).toEqual([
        '/site/newyork/department/a',
        '/site/newyork/department/b',
      ]);
      expect(Object.keys(r.Parameters[0]).sort()).toEqual([
        'ARN',
        'DataType',
        'LastModifiedDate',
        'Name',
        'Type',
        'Value',
        'Version',
      ]);
    });
  });
  describe('validation', () => {
    it.each(['site', '/site//x', '/a@b', '/ssm/x'])('bad path %s', async (Path) => {
      expect(await fail(server, 'GetParametersByPath', { Path })).toMatchObject({
        type: 'ValidationException',
        message:
          'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with \\"aws\\" or \\"ssm\\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.',
      });
    });
    it('MaxResults 1-10', async () => {
      expect(await fail(server, 'GetParametersByPath', { Path: '/', MaxResults: 11 })).toMatchObject({
        type: 'ValidationException',
        message:
          "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
      });
    });
    it('filter errors', async () => {
      expect(
        await fail(server, 'GetParametersByPath', {
          Path: '/',
          ParameterFilters: [{ Key: 'Name', Values: ['x'] }],
        }),
      ).toMatchObject({
        type: 'InvalidFilterKey',
        message:
          'The following filter key is not valid: Name. Valid filter keys include: [Type, KeyId, Label].',
      });
      expect(
        await fail(server, 'GetParametersByPath', {
          Path: '/',
          ParameterFilters: [{ Key: 'Label', Option: 'BeginsWith', Values: ['x'] }],
        }),
      ).toMatchObject({
        type: 'InvalidFilterOption',
        message: 'The following filter option is not valid: BeginsWith. Valid options include: [Equals].',
      });
      expect(
        await fail(server, 'GetParametersByPath', { Path: '/', ParameterFilters: [{ Key: 'Type' }] }),
      ).toMatchObject({
        type: 'InvalidFilterValue',
        message: 'The following filter values are missing : null for filter key Type.',
      });
      expect(await fail(server, 'GetParametersByPath', { Path: '/', NextToken: 'garbage' })).toMatchObject({
        type: 'InvalidNextToken',
        message: "The specified token isn't valid.",
      });
    });
  });
  describe('functionality', () => {
    it('one level vs recursive, the path itself never returned', async () => {
      const one = await call(server, 'GetParametersByPath', { Path: '/site' });
      expect(one.Parameters.map((p: any) => p.Name)).toEqual(['/site/newyorkish', '/site/x']);
      const names: string[] = [];
      for await (const page of paginateGetParametersByPath(
        { client: server.ssm, pageSize: 2 },
        { Path: '/site/newyork', Recursive: true },
      )) {
        expect(page.Parameters!.length).toBeLessThanOrEqual(2);
        names.push(...page.Parameters!.map((p) => p.Name!));
      }
      expect(names).toEqual([
        '/site/newyork/department/a',
        '/site/newyork/department/b',
        '/site/newyork/department/deep/c',
      ]);
      const root = await call(server, 'GetParametersByPath', { Path: '/' });
      expect(root.Parameters.map((p: any) => p.Name)).toEqual(['top']);
    });
    it('filters by Type and returns the labelled version with Label', async () => {
      const r = await call(server, 'GetParametersByPath', {
        Path: '/site',
        Recursive: true,
        ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }],
        WithDecryption: true,
      });
      expect(r.Parameters).toMatchObject([{ Name: '/site/newyork/department/b', Value: 'v' }]);
      await call(server, 'PutParameter', { Name: '/site/x', Value: 'v2', Overwrite: true });
      await call(server, 'LabelParameterVersion', { Name: '/site/x', ParameterVersion: 1, Labels: ['prod'] });
      const l = await call(server, 'GetParametersByPath', {
        Path: '/site',
        ParameterFilters: [{ Key: 'Label', Values: ['prod'] }],
      });
      expect(l.Parameters).toMatchObject([{ Name: '/site/x', Version: 1, Value: 'v' }]);
    });
  });
});

describe('DescribeParameters', () => {
  describe('serialization', () => {
    it('metadata without Value, Policies always present, in name order', async () => {
      const r = await call(server, 'DescribeParameters', {});
      expect(r.Parameters.map((p: any) => p.Name)).toEqual([
        '/site/newyork/department/a',
        '/site/newyork/department/b',
        '/site/newyork/department/deep/c',
        '/site/newyorkish',
        '/site/x',
        'top',
      ]);
      const b = r.Parameters[1];
      expect(Object.keys(b).sort()).toEqual(
        [
          'ARN',
          'DataType',
          'KeyId',
          'LastModifiedDate',
          'LastModifiedUser',
          'Name',
          'Policies',
          'Tier',
          'Type',
          'Version',
        ].sort(),
      );
      expect(b).toMatchObject({
        KeyId: 'alias/aws/ssm',
        Policies: [],
        Tier: 'Standard',
        LastModifiedUser: 'arn:aws:iam::000000000000:root',
      });
    });
  });
  describe('validation', () => {
    it.each([
      [
        { Filters: [{ Key: 'Name', Values: ['a'] }], ParameterFilters: [{ Key: 'Name', Values: ['a'] }] },
        'ValidationException',
        'You can use either Filters or ParameterFilters in a single request.',
      ],
      [
        { ParameterFilters: [{ Key: 'Label', Values: ['a'] }] },
        'InvalidFilterKey',
        'The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier].',
      ],
      [
        {
          ParameterFilters: [
            { Key: 'Name', Values: ['a'] },
            { Key: 'Name', Values: ['b'] },
          ],
        },
        'InvalidFilterKey',
        'The following filter is duplicated in the request: Name. A request can contain only one occurrence of a specific filter.',
      ],
      [
        { ParameterFilters: [{ Key: 'Path', Option: 'Equals', Values: ['/a'] }] },
        'InvalidFilterOption',
        'The following filter option is not valid: Equals. Valid options include: [Recursive, OneLevel].',
      ],
      [
        { ParameterFilters: [{ Key: 'Type', Values: ['test'] }] },
        'InvalidFilterValue',
        'The following filter value is not valid: test. Valid values include: [String, StringList, SecureString].',
      ],
      [
        { ParameterFilters: [{ Key: 'Name' }] },
        'InvalidFilterValue',
        'The following filter values are missing : null for filter key Name.',
      ],
      [
        { ParameterFilters: [{ Key: 'Path', Values: ['/aws/x'] }] },
        'ValidationException',
        'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.',
      ],
      [{ NextToken: 'nope' }, 'InvalidNextToken', "The specified token isn't valid."],
      [
        { ParameterFilters: [{ Key: 'Bogus', Values: ['a'] }] },
        'ValidationException',
        "1 validation error detected: Value 'Bogus' at 'parameterFilters.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$",
      ],
    ])('%j -> %s', async (body, type, message) => {
      expect(await fail(server, 'DescribeParameters', body)).toMatchObject({ type, message });
    });
  });
  describe('functionality', () => {
    const names = async (body: any) => {
      const out: string[] = [];
      for await (const page of paginateDescribeParameters({ client: server.ssm, pageSize: 2 }, body))
        out.push(...page.Parameters!.map((p) => p.Name!));
      return out;
    };
    it('Name Equals / BeginsWith / Contains and legacy Filters', async () => {
      expect(await names({ ParameterFilters: [{ Key: 'Name', Values: ['/top', '/site/x'] }] })).toEqual([
        '/site/x',
        'top',
      ]);
      expect(
        await names({ ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/site/newyork'] }] }),
      ).toHaveLength(4);
      expect(
        await names({ ParameterFilters: [{ Key: 'Name', Option: 'Contains', Values: ['deep'] }] }),
      ).toEqual(['/site/newyork/department/deep/c']);
      expect(await names({ Filters: [{ Key: 'Type', Values: ['StringList'] }] })).toEqual([
        '/site/newyork/department/deep/c',
      ]);
    });
    it('Path OneLevel / Recursive, Type, Tier, KeyId, DataType, tags', async () => {
      expect(await names({ ParameterFilters: [{ Key: 'Path', Values: ['/site'] }] })).toEqual([
        '/site/newyorkish',
        '/site/x',
      ]);
      expect(
        await names({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/site/newyork'] }] }),
      ).toHaveLength(3);
      expect(await names({ ParameterFilters: [{ Key: 'KeyId', Values: ['alias/aws/ssm'] }] })).toEqual([
        '/site/newyork/department/b',
      ]);
      expect(await names({ ParameterFilters: [{ Key: 'Tier', Values: ['Advanced'] }] })).toEqual([]);
      expect(await names({ ParameterFilters: [{ Key: 'DataType', Values: ['text'] }] })).toHaveLength(6);
      await call(server, 'AddTagsToResource', {
        ResourceType: 'Parameter',
        ResourceId: 'top',
        Tags: [{ Key: 'env', Value: 'prod' }],
      });
      expect(await names({ ParameterFilters: [{ Key: 'tag:env', Values: ['prod'] }] })).toEqual(['top']);
      expect(await names({ ParameterFilters: [{ Key: 'tag:env' }] })).toEqual(['top']);
      expect(await names({ ParameterFilters: [{ Key: 'tag:env', Values: ['dev'] }] })).toEqual([]);
    });
    it('pages by MaxResults with keyset tokens', async () => {
      const first = await call(server, 'DescribeParameters', { MaxResults: 4 });
      expect(first.Parameters).toHaveLength(4);
      const second = await call(server, 'DescribeParameters', { MaxResults: 4, NextToken: first.NextToken });
      expect(second.Parameters.map((p: any) => p.Name)).toEqual(['/site/x', 'top']);
      expect(second.NextToken).toBeUndefined();
    });
    it('finds public parameters with Name BeginsWith /aws/service/', async () => {
      const r = await call(server, 'DescribeParameters', {
        ParameterFilters: [
          { Key: 'Name', Option: 'BeginsWith', Values: ['/aws/service/ami-amazon-linux-latest/al2023'] },
        ],
      });
      expect(r.Parameters.length).toBeGreaterThan(3);
      expect(r.Parameters[0].ARN).toMatch(
        /^arn:aws:ssm:us-east-1::parameter\/aws\/service\/ami-amazon-linux-latest\/al2023/,
      );
    });
  });
});
