import { catalogAt, currentPatches } from '../../../patch-catalog/catalog.js';
import { evaluatePatch } from '../../../patch-catalog/rules.js';
import { encodeToken } from '../../../store/pagination.js';
import { UnsupportedOperatingSystem } from '../../../model/generated/errors.js';
import type { EffectivePatch } from '../../../model/generated/types.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireBaseline } from './baseline-access.js';
import { DEFAULT_BASELINE_PAGE, tokenKey } from './patch-paging.js';
import { patchView } from './patch-view.js';

const isIndex = (k: unknown): k is number => typeof k === 'number' && Number.isInteger(k) && k >= 0;

// "Applies to patch baselines for Windows only": Linux baselines are decided on each node, against its repos.
export default defineHandler('DescribeEffectivePatchesForPatchBaseline', (input, ctx) => {
  const r = requireBaseline(ctx, input.BaselineId, 'invalid');
  if (r.baseline.operatingSystem !== 'WINDOWS') {
    // UnsupportedOperatingSystem's documentation in the model.
    throw new UnsupportedOperatingSystem(
      "The operating systems you specified isn't supported, or the operation isn't supported for the operating system.",
    );
  }
  const now = ctx.services.clock.nowMs();
  const limit = input.MaxResults ?? DEFAULT_BASELINE_PAGE;
  const patches = currentPatches(catalogAt('WINDOWS', now).patches);
  const out: EffectivePatch[] = [];
  let i = (tokenKey(input.NextToken, isIndex) ?? -1) + 1;
  let last = -1;
  for (; i < patches.length && out.length < limit; i++) {
    const a = evaluatePatch(r.baseline, patches[i], now);
    if (!a) continue;
    out.push({
      Patch: patchView(patches[i]),
      PatchStatus: {
        DeploymentStatus: a.status,
        ComplianceLevel: a.complianceLevel,
        ApprovalDate: a.approvalMs === undefined ? undefined : new Date(a.approvalMs),
      },
    });
    last = i;
  }
  const more = patches.slice(i).some((p) => evaluatePatch(r.baseline, p, now) !== undefined);
  return { EffectivePatches: out, NextToken: more ? encodeToken(last) : undefined };
});
