import { beforeEach, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { call, fail } from '../parameters/helpers.js';

const server = useServer({ resetEach: true });
beforeEach(async () => {
  await call(server, 'PutParameter', {
    Name: '/with-slash',
    Value: 'v',
    Type: 'String',
    Tags: [{ Key: 'a', Value: '1' }],
  });
});

const tags = async (ResourceId: string) =>
  (await call(server, 'ListTagsForResource', { ResourceType: 'Parameter', ResourceId })).TagList;

describe('AddTagsToResource', () => {
  describe('serialization', () => {
    it('answers {}', async () => {
      expect(
        await call(server, 'AddTagsToResource', {
          ResourceType: 'Parameter',
          ResourceId: 'with-slash',
          Tags: [{ Key: 'b', Value: '2' }],
        }),
      ).toEqual({});
    });
  });
  describe('validation', () => {
    it('InvalidResourceId, InvalidResourceType, TooManyTagsError (no message members)', async () => {
      expect(
        (
          await fail(server, 'AddTagsToResource', {
            ResourceType: 'Parameter',
            ResourceId: 'nope',
            Tags: [{ Key: 'k', Value: 'v' }],
          })
        ).body,
      ).toEqual({
        __type: 'InvalidResourceId',
      });
      expect(
        (
          await fail(server, 'AddTagsToResource', {
            ResourceType: 'Document',
            ResourceId: 'nope',
            Tags: [{ Key: 'k', Value: 'v' }],
          })
        ).body,
      ).toEqual({
        __type: 'InvalidResourceId',
      });
      expect(
        (
          await fail(server, 'AddTagsToResource', {
            ResourceType: 'ManagedInstance',
            ResourceId: 'i-0123456789abcdef0',
            Tags: [{ Key: 'k', Value: 'v' }],
          })
        ).body,
      ).toEqual({ __type: 'InvalidResourceType' });
      const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      expect(
        (
          await fail(server, 'AddTagsToResource', {
            ResourceType: 'Parameter',
            ResourceId: 'with-slash',
            Tags: many,
          })
        ).body,
      ).toEqual({
        __type: 'TooManyTagsError',
      });
    });
    it('model checks ResourceType', async () => {
      expect(
        await fail(server, 'AddTagsToResource', { ResourceType: 'Bogus', ResourceId: 'x', Tags: [] }),
      ).toMatchObject({ type: 'ValidationException' });
    });
  });
  describe('functionality', () => {
    it('adds and overwrites, with or without the leading slash', async () => {
      await call(server, 'AddTagsToResource', {
        ResourceType: 'Parameter',
        ResourceId: 'with-slash',
        Tags: [
          { Key: 'a', Value: 'x' },
          { Key: 'b', Value: '2' },
        ],
      });
      expect(await tags('/with-slash')).toEqual([
        { Key: 'a', Value: 'x' },
        { Key: 'b', Value: '2' },
      ]);
    });
  });
});

describe('ListTagsForResource', () => {
  describe('serialization', () => {
    it('answers TagList', async () => {
      expect(
        await call(server, 'ListTagsForResource', { ResourceType: 'Parameter', ResourceId: '/with-slash' }),
      ).toEqual({ TagList: [{ Key: 'a', Value: '1' }] });
    });
  });
  describe('validation', () => {
    it('InvalidResourceId', async () => {
      expect(
        (await fail(server, 'ListTagsForResource', { ResourceType: 'Parameter', ResourceId: '/missing' }))
          .type,
      ).toBe('InvalidResourceId');
    });
  });
  describe('functionality', () => {
    it('tags are per account/region', async () => {
      const res = await server.raw(
        'AmazonSSM.ListTagsForResource',
        JSON.stringify({ ResourceType: 'Parameter', ResourceId: '/with-slash' }),
        {
          authorization: `AWS4-HMAC-SHA256 Credential=AKIA/20261126/eu-west-1/ssm/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
        },
      );
      expect(res.json).toEqual({ __type: 'InvalidResourceId' });
    });
  });
});

describe('RemoveTagsFromResource', () => {
  describe('serialization', () => {
    it('answers {}', async () => {
      expect(
        await call(server, 'RemoveTagsFromResource', {
          ResourceType: 'Parameter',
          ResourceId: 'with-slash',
          TagKeys: ['a'],
        }),
      ).toEqual({});
    });
  });
  describe('validation', () => {
    it('InvalidResourceId', async () => {
      expect(
        (
          await fail(server, 'RemoveTagsFromResource', {
            ResourceType: 'Parameter',
            ResourceId: 'x',
            TagKeys: ['a'],
          })
        ).type,
      ).toBe('InvalidResourceId');
    });
  });
  describe('functionality', () => {
    it('removes only the named keys', async () => {
      await call(server, 'AddTagsToResource', {
        ResourceType: 'Parameter',
        ResourceId: 'with-slash',
        Tags: [{ Key: 'b', Value: '2' }],
      });
      await call(server, 'RemoveTagsFromResource', {
        ResourceType: 'Parameter',
        ResourceId: 'with-slash',
        TagKeys: ['a', 'zzz'],
      });
      expect(await tags('with-slash')).toEqual([{ Key: 'b', Value: '2' }]);
    });
  });
});
