// Page sizes and NextToken handling shared by the Patch Manager lists.
import { decodeToken } from '../../../store/pagination.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import type { PatchOrchestratorFilter } from '../../../model/generated/types.js';

/** Page sizes when MaxResults is absent (AWS does not publish them; the model's maximum for the compliance lists). */
export const DEFAULT_BASELINE_PAGE = 50;
export const DEFAULT_PROPERTIES_PAGE = 50;
export const DEFAULT_COMPLIANCE_PAGE = 50;

/** The key a NextToken carries, checked by `valid`; InvalidNextToken otherwise. */
export function tokenKey<K>(token: string | undefined, valid: (k: unknown) => k is K): K | undefined {
  if (token === undefined) return undefined;
  const k = decodeToken<unknown>(token);
  if (k === undefined || !valid(k)) throw new InvalidNextToken('The specified token is not valid.');
  return k;
}

/** Values of every filter with this key (filters without values are ignored, as AWS ignores them). */
export function filterValues(
  filters: PatchOrchestratorFilter[] | undefined,
  key: string,
): string[] | undefined {
  const values = (filters ?? []).filter((f) => f.Key === key).flatMap((f) => f.Values ?? []);
  return values.length ? values : undefined;
}
