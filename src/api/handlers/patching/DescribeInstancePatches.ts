import type { InstancePatchFilters } from '../../../store/repositories/patch-states.js';
import { encodeToken } from '../../../store/pagination.js';
import { InvalidFilter, InvalidInstanceId } from '../../../model/generated/errors.js';
import type { PatchOrchestratorFilter } from '../../../model/generated/types.js';
import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_COMPLIANCE_PAGE, tokenKey } from './patch-paging.js';
import { patchDataView } from './state-view.js';

const isSeq = (k: unknown): k is number => typeof k === 'number' && Number.isInteger(k) && k >= 0;
// The enum spelling of the model is accepted for the wire spelling AWS uses: INSTALLED_OTHER -> InstalledOther.
const wireState = (v: string) =>
  /^[A-Z_]+$/.test(v) ? v.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()) : v;

// DescribeInstancePatches reference: Classification, KBId, Severity and State are the keys.
function readFilters(filters: PatchOrchestratorFilter[] | undefined): InstancePatchFilters {
  const f: InstancePatchFilters = {};
  for (const { Key, Values = [] } of filters ?? []) {
    switch (Key) {
      case 'Classification':
        (f.classifications ??= []).push(...Values);
        break;
      case 'KBId':
        (f.kbIds ??= []).push(...Values);
        break;
      case 'Severity':
        (f.severities ??= []).push(...Values);
        break;
      case 'State':
        (f.states ??= []).push(...Values.map(wireState));
        break;
      default:
        throw new InvalidFilter(`The filter key ${Key ?? ''} is not valid.`);
    }
  }
  return f;
}

// A managed node that has not been scanned has no patches to report: an empty list, not an error.
export default defineHandler('DescribeInstancePatches', (input, ctx) => {
  ctx.services.patching.flush(); // reports that arrived this turn
  if (!ctx.services.store.nodes.get(ctx.account, ctx.region, input.InstanceId))
    throw new InvalidInstanceId('').because(
      `no managed node ${input.InstanceId} in ${ctx.account}/${ctx.region}`,
    );
  const filters = readFilters(input.Filters);
  const limit = input.MaxResults ?? DEFAULT_COMPLIANCE_PAGE;
  const rows = ctx.services.store.patchStates.listPatches(
    ctx.account,
    ctx.region,
    input.InstanceId,
    tokenKey(input.NextToken, isSeq),
    limit + 1,
    filters,
  );
  const page = rows.slice(0, limit);
  return {
    Patches: page.map((r) => patchDataView(r.patch)),
    NextToken: rows.length > limit ? encodeToken(page[page.length - 1].seq) : undefined,
  };
});
