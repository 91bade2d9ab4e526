import { defineHandler } from '../../protocol/handler.js';
import { InvalidNextToken } from '../../../model/generated/errors.js';
import type { ComplianceSummaryItem } from '../../../model/generated/types.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import { DEFAULT_COMPLIANCE_PAGE, SEVERITIES } from '../../../engine/compliance/limits.js';
import { severitySummary } from '../../../engine/compliance/engine.js';
import { conditionsOf } from './compliance-view.js';
import { SUMMARY_COLUMNS } from './ListResourceComplianceSummaries.js';

// Per compliance type: how many resources are compliant and not, each counted at its overall severity.
export default defineHandler('ListComplianceSummaries', (input, ctx) => {
  const after = input.NextToken === undefined ? '' : decodeToken<string>(input.NextToken);
  if (typeof after !== 'string') throw new InvalidNextToken("The specified token isn't valid.");
  const rows = ctx.services.store.compliance.countByType(
    ctx.account,
    ctx.region,
    conditionsOf(input.Filters, SUMMARY_COLUMNS),
  );
  const byType = new Map<string, { ok: Record<string, number>; bad: Record<string, number> }>();
  for (const r of rows) {
    if (r.complianceType <= after) continue;
    let t = byType.get(r.complianceType);
    if (!t) {
      const zero = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
      byType.set(r.complianceType, (t = { ok: zero(), bad: zero() }));
    }
    (r.status === 'COMPLIANT' ? t.ok : t.bad)[r.severity] += r.n;
  }
  const size = input.MaxResults ?? DEFAULT_COMPLIANCE_PAGE;
  const types = [...byType.keys()].sort();
  const items: ComplianceSummaryItem[] = types.slice(0, size).map((type) => {
    const { ok, bad } = byType.get(type)!;
    const sum = (c: Record<string, number>) => Object.values(c).reduce((n, x) => n + x, 0);
    return {
      ComplianceType: type,
      CompliantSummary: { CompliantCount: sum(ok), SeveritySummary: severitySummary(ok) },
      NonCompliantSummary: { NonCompliantCount: sum(bad), SeveritySummary: severitySummary(bad) },
    };
  });
  const NextToken = types.length > size ? encodeToken(types[size - 1]) : undefined;
  return { ComplianceSummaryItems: items, NextToken };
});
