import { describe, expect, it } from 'vitest';
import { dueAt, parsePolicies, parseTimestamp } from '../../../src/engine/parameters/policies.js';

const exp = (ts: string) => ({ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: ts } });
const note = (before: string, unit = 'Days') => ({
  Type: 'ExpirationNotification',
  Version: '1.0',
  Attributes: { Before: before, Unit: unit },
});

function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).name;
  }
  return 'none';
}

describe('parsePolicies', () => {
  it('keeps compact policy text and Pending status', () => {
    const [p] = parsePolicies(JSON.stringify([exp('2030-01-01T00:00:00Z')]));
    expect(p).toEqual({
      text: '{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00Z"}}',
      type: 'Expiration',
      status: 'Pending',
    });
  });
  it('reads [{}] as "remove all"', () => expect(parsePolicies('[{}]')).toEqual([]));
  it('raises each modelled error', () => {
    expect(err(() => parsePolicies('[{"Type":"Nope","Version":"1.0","Attributes":{}}]'))).toBe(
      'InvalidPolicyTypeException',
    );
    expect(err(() => parsePolicies(JSON.stringify([note('x')])))).toBe('InvalidPolicyAttributeException');
    expect(err(() => parsePolicies(JSON.stringify([exp('tomorrow')])))).toBe(
      'InvalidPolicyAttributeException',
    );
    expect(err(() => parsePolicies('not json'))).toBe('InvalidPolicyAttributeException');
    expect(
      err(() => parsePolicies(JSON.stringify([exp('2030-01-01T00:00:00Z'), exp('2031-01-01T00:00:00Z')]))),
    ).toBe('IncompatiblePolicyException');
    expect(err(() => parsePolicies(JSON.stringify(Array.from({ length: 11 }, () => note('1')))))).toBe(
      'PoliciesLimitExceededException',
    );
  });
  it('accepts both ISO_INSTANT and ISO_OFFSET_DATE_TIME', () => {
    expect(parseTimestamp('2018-12-02T21:34:33.000Z')).toBe(Date.UTC(2018, 11, 2, 21, 34, 33));
    expect(parseTimestamp('2019-11-01T22:13:48.87+10:30:00')).toBe(
      Date.parse('2019-11-01T22:13:48.870+10:30'),
    );
  });
  it('computes when each policy fires', () => {
    const list = parsePolicies(
      JSON.stringify([
        exp('2030-01-10T00:00:00Z'),
        note('2'),
        { Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '3', Unit: 'Hours' } },
      ]),
    );
    expect(dueAt(list[0], list, 0)).toBe(Date.UTC(2030, 0, 10));
    expect(dueAt(list[1], list, 0)).toBe(Date.UTC(2030, 0, 8));
    expect(dueAt(list[2], list, 1000)).toBe(1000 + 3 * 3600_000);
  });
});
