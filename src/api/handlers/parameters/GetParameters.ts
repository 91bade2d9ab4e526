import { defineHandler } from '../../protocol/handler.js';
import type { Parameter } from '../../../model/generated/types.js';
import { ServiceError } from '../../../model/service-error.js';
import { findForRead, toParameter } from './parameter-view.js';

// What GetParameters reports in InvalidParameters instead of failing (API reference; cli-ex).
const UNRESOLVABLE = new Set(['ParameterNotFound', 'ParameterVersionNotFound', 'AccessDeniedException']);

export default defineHandler('GetParameters', (input, ctx) => {
  const found: Parameter[] = [];
  const invalid: string[] = [];
  for (const name of new Set(input.Names)) {
    try {
      found.push(toParameter(ctx, findForRead(ctx, name, input.WithDecryption), input.WithDecryption));
    } catch (err) {
      const malformedName =
        err instanceof ServiceError &&
        err.type === 'ValidationException' &&
        !name.startsWith('/aws/reference/');
      if (
        err instanceof ServiceError &&
        (UNRESOLVABLE.has(err.type) || malformedName) &&
        !isSecretsReference(name)
      ) {
        invalid.push(name);
      } else throw err;
    }
  }
  // cli-ex get-parameters lists the found parameters in name order, not request order.
  found.sort((a, b) => (a.Name! < b.Name! ? -1 : a.Name! > b.Name! ? 1 : 0));
  return { Parameters: found, InvalidParameters: invalid };
});

function isSecretsReference(name: string): boolean {
  return name.startsWith('/aws/reference/secretsmanager/');
}
