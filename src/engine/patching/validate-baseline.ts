// Cross-field checks of a baseline against its operating system, beyond what the model's validator checks:
// filter keys and values per OS, one approval delay per rule, patch ids in the OS's formats. Each failure is
// AWS's ValidationException; nothing is stored when one is thrown.
import { ValidationException } from '../../model/generated/errors.js';
import type { PatchFilter, PatchRule } from '../../model/generated/types.js';
import type { BaselineDefinition } from '../../patch-catalog/baseline.js';
import { osProfile, type OsProfile } from '../../patch-catalog/operating-systems.js';
import { invalidPatchIds } from '../../patch-catalog/patch-ids.js';
import { untilDateEndMs } from '../../patch-catalog/rules.js';

function checkFilters(filters: readonly PatchFilter[], profile: OsProfile): void {
  for (const f of filters) {
    if (!profile.filterKeys.includes(f.Key)) {
      // Worded as AWS words the value error below; the key error's own text is not published.
      throw new ValidationException(
        `Invalid Filter Key: ${f.Key}, valid keys are: ${profile.filterKeys.join(', ')}`,
      );
    }
    const valid = profile.values[f.Key];
    if (!valid) continue;
    for (const v of f.Values) {
      if (v === '*' || valid.includes(v)) continue;
      // AWS's text, quoted in terraform-provider-aws#18359: the list leaves out the `*` wildcard.
      throw new ValidationException(
        `Invalid Filter Value: ${v} for Key: ${f.Key}, valid values are: ${valid.join(', ')}`,
      );
    }
  }
}

function checkRule(rule: PatchRule, profile: OsProfile): void {
  checkFilters(rule.PatchFilterGroup.PatchFilters, profile);
  const hasDays = rule.ApproveAfterDays !== undefined;
  const hasDate = rule.ApproveUntilDate !== undefined;
  // PatchRule reference: "your request must include a value for either ApproveAfterDays or ApproveUntilDate",
  // one of them; neither applies on Debian/Ubuntu, whose repositories have no release dates.
  if (hasDays && hasDate)
    throw new ValidationException('Only one of ApproveAfterDays or ApproveUntilDate can be specified.');
  if (!hasDays && !hasDate && profile.releaseDates)
    throw new ValidationException('Either ApproveAfterDays or ApproveUntilDate must be specified.');
  if (hasDate && untilDateEndMs(rule.ApproveUntilDate!) === undefined)
    throw new ValidationException(
      `Invalid ApproveUntilDate: ${rule.ApproveUntilDate}. Enter dates in the format YYYY-MM-DD.`,
    );
}

function checkPatchIds(ids: readonly string[], profile: OsProfile, list: 'approved' | 'rejected'): void {
  const bad = invalidPatchIds(ids, profile.family, list);
  if (bad.length)
    throw new ValidationException(
      `Invalid ${list === 'approved' ? 'ApprovedPatches' : 'RejectedPatches'} for operating system ${profile.os}: ${bad.join(', ')}`,
    );
}

/** Throws AWS's ValidationException when the baseline does not fit its operating system. */
export function validateBaseline(d: BaselineDefinition): void {
  const profile = osProfile(d.operatingSystem);
  checkFilters(d.globalFilters, profile);
  for (const r of d.approvalRules) checkRule(r, profile);
  checkPatchIds(d.approvedPatches, profile, 'approved');
  checkPatchIds(d.rejectedPatches, profile, 'rejected');
}
