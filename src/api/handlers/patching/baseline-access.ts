// Shared by the Patch Manager handlers: a BaselineId to the baseline it names, with AWS's errors.
import type { StoredBaseline } from '../../../patch-catalog/baseline.js';
import {
  findBaseline,
  parseBaselineRef,
  type ResolvedBaseline,
  type Scope,
} from '../../../engine/patching/resolve.js';
import { DoesNotExistException, InvalidResourceId } from '../../../model/generated/errors.js';
import type { RequestContext } from '../../protocol/handler.js';

/** AWS's text for a baseline id that names nothing (quoted in hashicorp/terraform#18099). */
export const BASELINE_NOT_FOUND = 'Patch Baseline to be retrieved does not exist.';

export function scopeOf(ctx: RequestContext): Scope {
  return { account: ctx.account, region: ctx.region };
}

/**
 * The baseline a BaselineId names: InvalidResourceId when the text is no baseline id or ARN (for operations
 * that model it), DoesNotExistException when nothing has that id.
 */
export function requireBaseline(
  ctx: RequestContext,
  id: string,
  malformed: 'invalid' | 'missing',
): ResolvedBaseline {
  const ref = parseBaselineRef(scopeOf(ctx), id);
  if (!ref && malformed === 'invalid')
    throw new InvalidResourceId('').because(`${id} is not a patch baseline id`);
  const found = ref && findBaseline(ctx.services.store, scopeOf(ctx), ref);
  if (!found) throw new DoesNotExistException(BASELINE_NOT_FOUND);
  return found;
}

/** The account's own baseline (UpdatePatchBaseline): AWS's predefined baselines can't be changed. */
export function requireOwnBaseline(ctx: RequestContext, id: string): StoredBaseline {
  const r = requireBaseline(ctx, id, 'missing');
  if (r.owner !== 'Self') throw new DoesNotExistException(BASELINE_NOT_FOUND);
  return r.baseline;
}
