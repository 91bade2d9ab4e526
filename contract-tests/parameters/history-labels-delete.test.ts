import { beforeEach, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { call, fail } from './helpers.js';

const server = useServer({ resetEach: true });
beforeEach(async () => {
  for (let i = 1; i <= 3; i++)
    await call(server, 'PutParameter', { Name: 'p', Value: `v${i}`, Type: 'String', Overwrite: i > 1 });
});

describe('GetParameterHistory', () => {
  describe('serialization', () => {
    it('oldest first, Labels and Policies always present, no ARN', async () => {
      const r = await call(server, 'GetParameterHistory', { Name: 'p' });
      expect(r.Parameters.map((h: any) => h.Version)).toEqual([1, 2, 3]);
      expect(Object.keys(r.Parameters[0]).sort()).toEqual(
        [
          'DataType',
          'LastModifiedDate',
          'LastModifiedUser',
          'Labels',
          'Name',
          'Policies',
          'Tier',
          'Type',
          'Value',
          'Version',
        ].sort(),
      );
    });
  });
  describe('validation', () => {
    it('ParameterNotFound with no message; InvalidNextToken', async () => {
      expect((await fail(server, 'GetParameterHistory', { Name: 'nope' })).body).toEqual({
        __type: 'ParameterNotFound',
      });
      expect(await fail(server, 'GetParameterHistory', { Name: 'p', NextToken: 'x' })).toMatchObject({
        type: 'InvalidNextToken',
        message: "The specified token isn't valid.",
      });
    });
  });
  describe('functionality', () => {
    it('pages and shows labels', async () => {
      await call(server, 'LabelParameterVersion', { Name: 'p', ParameterVersion: 2, Labels: ['a', 'b'] });
      const first = await call(server, 'GetParameterHistory', { Name: 'p', MaxResults: 2 });
      expect(first.Parameters.map((h: any) => h.Version)).toEqual([1, 2]);
      expect([...first.Parameters[1].Labels].sort()).toEqual(['a', 'b']);
      const second = await call(server, 'GetParameterHistory', {
        Name: 'p',
        MaxResults: 2,
        NextToken: first.NextToken,
      });
      expect(second.Parameters.map((h: any) => h.Version)).toEqual([3]);
      expect(second.NextToken).toBeUndefined();
    });
  });
});

describe('LabelParameterVersion', () => {
  describe('serialization', () => {
    it('answers InvalidLabels and ParameterVersion (latest by default)', async () => {
      expect(await call(server, 'LabelParameterVersion', { Name: 'p', Labels: ['prod'] })).toEqual({
        InvalidLabels: [],
        ParameterVersion: 3,
      });
    });
  });
  describe('validation', () => {
    it('ParameterNotFound, ParameterVersionNotFound, label limit', async () => {
      expect((await fail(server, 'LabelParameterVersion', { Name: 'nope', Labels: ['a'] })).type).toBe(
        'ParameterNotFound',
      );
      expect(
        await fail(server, 'LabelParameterVersion', { Name: 'p', ParameterVersion: 9, Labels: ['a'] }),
      ).toMatchObject({
        type: 'ParameterVersionNotFound',
        message: 'Systems Manager could not find version 9 of p. Verify the version and try again.',
      });
      await call(server, 'LabelParameterVersion', {
        Name: 'p',
        Labels: Array.from({ length: 10 }, (_, i) => `l${i}`),
      });
      expect(await fail(server, 'LabelParameterVersion', { Name: 'p', Labels: ['one-more'] })).toMatchObject({
        type: 'ParameterVersionLabelLimitExceeded',
        message: 'A parameter version can have a maximum of ten labels.',
      });
    });
    it('at most 10 labels per call, each at most 100 characters (model)', async () => {
      const e = await fail(server, 'LabelParameterVersion', {
        Name: 'p',
        Labels: Array.from({ length: 11 }, (_, i) => `l${i}`),
      });
      expect(e.type).toBe('ValidationException');
      expect(e.message).toMatch(
        /^1 validation error detected: Value '\[l0, .*\]' at 'labels' failed to satisfy constraint: Member must have length less than or equal to 10$/,
      );
    });
  });
  describe('functionality', () => {
    it('returns bad labels in InvalidLabels and moves labels between versions', async () => {
      const r = await call(server, 'LabelParameterVersion', {
        Name: 'p',
        ParameterVersion: 1,
        Labels: ['awsabc', 'ssmabc', '9abc', 'abc/123', 'ok'],
      });
      expect(r).toEqual({ InvalidLabels: ['awsabc', 'ssmabc', '9abc', 'abc/123'], ParameterVersion: 1 });
      await call(server, 'LabelParameterVersion', { Name: 'p', ParameterVersion: 2, Labels: ['ok'] });
      expect((await call(server, 'GetParameter', { Name: 'p:ok' })).Parameter).toMatchObject({
        Version: 2,
        Value: 'v2',
        Selector: ':ok',
      });
      const h = await call(server, 'GetParameterHistory', { Name: 'p' });
      expect(h.Parameters.map((x: any) => x.Labels)).toEqual([[], ['ok'], []]);
    });
  });
});

describe('UnlabelParameterVersion', () => {
  describe('serialization', () => {
    it('answers RemovedLabels and InvalidLabels', async () => {
      await call(server, 'LabelParameterVersion', { Name: 'p', ParameterVersion: 2, Labels: ['a'] });
      expect(
        await call(server, 'UnlabelParameterVersion', { Name: 'p', ParameterVersion: 2, Labels: ['a', 'b'] }),
      ).toEqual({
        RemovedLabels: ['a'],
        InvalidLabels: ['b'],
      });
    });
  });
  describe('validation', () => {
    it('ParameterVersion is required; not-found errors', async () => {
      expect(await fail(server, 'UnlabelParameterVersion', { Name: 'p', Labels: ['a'] })).toMatchObject({
        type: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'parameterVersion' failed to satisfy constraint: Member must not be null",
      });
      expect(
        (await fail(server, 'UnlabelParameterVersion', { Name: 'x', ParameterVersion: 1, Labels: ['a'] }))
          .type,
      ).toBe('ParameterNotFound');
      expect(
        (await fail(server, 'UnlabelParameterVersion', { Name: 'p', ParameterVersion: 7, Labels: ['a'] }))
          .type,
      ).toBe('ParameterVersionNotFound');
    });
  });
  describe('functionality', () => {
    it('a removed label no longer selects', async () => {
      await call(server, 'LabelParameterVersion', { Name: 'p', ParameterVersion: 1, Labels: ['old'] });
      await call(server, 'UnlabelParameterVersion', { Name: 'p', ParameterVersion: 1, Labels: ['old'] });
      expect((await fail(server, 'GetParameter', { Name: 'p:old' })).type).toBe('ParameterNotFound');
    });
  });
});

describe('DeleteParameter', () => {
  describe('serialization', () => {
    it('answers {} and ParameterNotFound with no message', async () => {
      expect(await call(server, 'DeleteParameter', { Name: 'p' })).toEqual({});
      expect((await fail(server, 'DeleteParameter', { Name: 'p' })).body).toEqual({
        __type: 'ParameterNotFound',
      });
    });
  });
  describe('validation', () => {
    it('reserved names', async () => {
      expect(await fail(server, 'DeleteParameter', { Name: 'aws-cdk-playground' })).toMatchObject({
        type: 'AccessDeniedException',
        message: 'No access to reserved parameter name: aws-cdk-playground.',
      });
    });
  });
  describe('functionality', () => {
    it('removes versions, labels and tags; the name can be reused from version 1', async () => {
      await call(server, 'LabelParameterVersion', { Name: 'p', Labels: ['x'] });
      await call(server, 'AddTagsToResource', {
        ResourceType: 'Parameter',
        ResourceId: 'p',
        Tags: [{ Key: 'k', Value: 'v' }],
      });
      await call(server, 'DeleteParameter', { Name: '/p' });
      expect((await call(server, 'PutParameter', { Name: 'p', Value: 'new', Type: 'String' })).Version).toBe(
        1,
      );
      expect(
        (await call(server, 'ListTagsForResource', { ResourceType: 'Parameter', ResourceId: 'p' })).TagList,
      ).toEqual([]);
      expect((await fail(server, 'GetParameter', { Name: 'p:x' })).type).toBe('ParameterNotFound');
    });
  });
});

describe('DeleteParameters', () => {
  describe('serialization', () => {
    it('answers DeletedParameters and InvalidParameters as passed', async () => {
      expect(await call(server, 'DeleteParameters', { Names: ['/p', 'missing'] })).toEqual({
        DeletedParameters: ['/p'],
        InvalidParameters: ['missing'],
      });
    });
  });
  describe('validation', () => {
    it('1-10 names', async () => {
      expect(await fail(server, 'DeleteParameters', { Names: [] })).toMatchObject({
        type: 'ValidationException',
        message:
          "1 validation error detected: Value '[]' at 'names' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });
  });
  describe('functionality', () => {
    it('deletes several', async () => {
      await call(server, 'PutParameter', { Name: 'q', Value: 'v', Type: 'String' });
      await call(server, 'DeleteParameters', { Names: ['p', 'q'] });
      expect((await call(server, 'DescribeParameters', {})).Parameters).toEqual([]);
    });
  });
});
