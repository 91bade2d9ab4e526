import { describe, expect, it } from 'vitest';
import {
  BAD_NAME_MESSAGE,
  BAD_PATH_MESSAGE,
  checkWritableName,
  isValidLabel,
  keyOf,
  parameterArn,
  parsePath,
  parseRef,
} from '../../../src/engine/parameters/names.js';

const scope = { account: '111122223333', region: 'us-east-1' };

function thrown(fn: () => unknown): { name: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('parseRef', () => {
  it('treats /x and x as the same key', () => {
    expect(parseRef('x', scope, false).key).toBe('/x');
    expect(parseRef('/x', scope, false).key).toBe('/x');
    expect(keyOf('/a/b')).toBe('/a/b');
  });

  it('splits selectors and ARNs', () => {
    const r = parseRef('arn:aws:ssm:eu-west-1:444455556666:parameter/a/b:3', scope, true);
    expect(r).toMatchObject({
      key: '/a/b',
      account: '444455556666',
      region: 'eu-west-1',
      selector: '3',
      viaArn: true,
    });
    expect(parseRef('/a/b:prod', scope, true).selector).toBe('prod');
    expect(parameterArn('us-east-1', '1', '/x')).toBe('arn:aws:ssm:us-east-1:1:parameter/x');
  });

  it.each(['a b', 'smpt/support', 'a/b', '/a//b', '/a/', 'x@y', '{test}-test'])(
    'rejects %s with the real AWS text',
    (n) => {
      expect(thrown(() => parseRef(n, scope, false))).toMatchObject({
        name: 'ValidationException',
        message: BAD_NAME_MESSAGE,
      });
    },
  );
});

describe('checkWritableName', () => {
  const check = (n: string) => () => checkWritableName(parseRef(n, scope, false));
  it('allows 15 levels and refuses 16', () => {
    const fifteen = '/' + Array.from({ length: 15 }, (_, i) => `l${i}`).join('/');
    expect(check(fifteen)).not.toThrow();
    expect(thrown(check(`${fifteen}/x`)).name).toBe('HierarchyLevelLimitExceededException');
  });
  it('reserves aws and ssm prefixes', () => {
    expect(thrown(check('/aws/test'))).toMatchObject({
      name: 'AccessDeniedException',
      message: 'No access to reserved parameter name: aws/test.',
    });
    expect(thrown(check('AWS_TEST'))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    });
    expect(thrown(check('/ssm/x')).message).toBe(BAD_NAME_MESSAGE);
  });
  it('counts the ARN prefix in the 1011 character limit', () => {
    const prefix = 'arn:aws:ssm:us-east-1:111122223333:parameter/'.length;
    expect(check('/' + 'a'.repeat(1011 - prefix))).not.toThrow();
    expect(thrown(check('/' + 'a'.repeat(1012 - prefix))).name).toBe('ValidationException');
  });
});

describe('paths and labels', () => {
  it('normalises paths', () => {
    expect(parsePath('/')).toBe('');
    expect(parsePath('/a/b/')).toBe('/a/b');
    expect(parsePath('/aws/service')).toBe('/aws/service');
    expect(thrown(() => parsePath('a/b')).message).toBe(BAD_PATH_MESSAGE);
    expect(thrown(() => parsePath('/ssm/x')).message).toBe(BAD_PATH_MESSAGE);
  });
  it('checks label syntax', () => {
    expect(['prod', 'Prod-1', '_x', '.a'].every(isValidLabel)).toBe(true);
    expect(['awsabc', 'SSMabc', '9abc', 'abc/123', 'a b'].some(isValidLabel)).toBe(false);
  });
});
