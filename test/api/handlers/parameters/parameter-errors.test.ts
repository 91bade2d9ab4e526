// Engine errors of the Parameter Store reach the wire as the modelled error of the same name and text.
import { describe, expect, it } from 'vitest';
import { ParameterError, type ParameterErrorCode } from '../../../../src/engine/parameters/errors.js';
import { ServiceError } from '../../../../src/model/service-error.js';
import { mapEngineErrors, toApiError } from '../../../../src/api/handlers/parameters/parameter-errors.js';
import type { RequestContext } from '../../../../src/api/protocol/handler.js';

const CODES: ParameterErrorCode[] = [
  'ValidationException',
  'AccessDeniedException',
  'HierarchyLevelLimitExceededException',
  'InvalidKeyId',
  'InvalidPolicyAttributeException',
  'InvalidPolicyTypeException',
  'IncompatiblePolicyException',
  'PoliciesLimitExceededException',
];

describe('toApiError', () => {
  it.each(CODES)('maps %s to its modelled error with the same message', (code) => {
    const err = toApiError(new ParameterError(code, `text of ${code}`));
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).toBody()).toMatchObject({ __type: code });
    expect((err as ServiceError).message).toBe(`text of ${code}`);
  });

  it('passes any other error through unchanged', () => {
    const other = new Error('boom');
    expect(toApiError(other)).toBe(other);
  });
});

describe('mapEngineErrors', () => {
  const ctx = {} as RequestContext;
  it('maps what a handler throws, and what its promise rejects with', async () => {
    const sync = mapEngineErrors<'GetParameter'>(() => {
      throw new ParameterError('ValidationException', 'bad');
    });
    expect(() => sync({ Name: 'x' }, ctx)).toThrow(ServiceError);
    const async = mapEngineErrors<'GetParameter'>(() =>
      Promise.reject(new ParameterError('InvalidKeyId', 'gone')),
    );
    await expect(async({ Name: 'x' }, ctx)).rejects.toMatchObject({ type: 'InvalidKeyId', message: 'gone' });
  });
});
