// identify(): account and region from the SigV4 credential scope; well-formed headers go through a cache
// keyed by the credential, which must answer exactly what parsing the header answers.
import { describe, expect, it } from 'vitest';
import { identify } from '../../../src/api/protocol/identity.js';
import { IncompleteSignatureException } from '../../../src/api/protocol/ssm-error.js';

const D = { account: '000000000000', region: 'us-east-1' };
const header = (credential: string, sep = ', ') =>
  `AWS4-HMAC-SHA256 Credential=${credential}${sep}SignedHeaders=host;x-amz-date${sep}Signature=${'a'.repeat(64)}`;

describe('identify', () => {
  it('reads account and region from the credential scope, the same on every call', () => {
    const h = header('123456789012/20261126/eu-west-1/ssm/aws4_request');
    const want = { account: '123456789012', region: 'eu-west-1', accessKeyId: '123456789012' };
    expect(identify(h, D)).toEqual(want);
    expect(identify(h, D)).toEqual(want);
    expect(identify(header('123456789012/20261126/eu-west-1/ssm/aws4_request', ','), D)).toEqual(want);
  });

  it('uses the defaults given for a key that is not an account, per call', () => {
    const h = header('AKIAIOSFODNN7EXAMPLE/20261126/not-a-region/ssm/aws4_request');
    expect(identify(h, D)).toEqual({ ...D, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    const other = { account: '111122223333', region: 'ap-south-1' };
    expect(identify(h, other)).toEqual({ ...other, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  });

  it('gives each caller its own object', () => {
    const h = header('123456789012/20261126/eu-west-1/ssm/aws4_request');
    identify(h, D).account = 'changed';
    expect(identify(h, D).account).toBe('123456789012');
  });

  it('refuses a credential scope without 5 parts every time', () => {
    const h = header('AKIAIOSFODNN7EXAMPLE/20261126/us-east-1/ssm');
    for (let i = 0; i < 2; i++) {
      expect(() => identify(h, D)).toThrow(IncompleteSignatureException);
      expect(() => identify(h, D)).toThrow(/Credential must have exactly 5 slash-delimited elements/);
    }
  });
});
