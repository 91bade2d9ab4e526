import { definitionFrom, mergeDefinition, type StoredBaseline } from '../../../patch-catalog/baseline.js';
import { validateBaseline } from '../../../engine/patching/validate-baseline.js';
import { ValidationException } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { NOT_NULL, summary, violation } from '../../protocol/validation-text.js';
import { requireOwnBaseline } from './baseline-access.js';
import { definitionView } from './baseline-view.js';

export default defineHandler('UpdatePatchBaseline', (input, ctx) => {
  const current = requireOwnBaseline(ctx, input.BaselineId);
  let definition;
  if (input.Replace) {
    // Replace: "all fields that are required by CreatePatchBaseline are also required" (Name), and the
    // optional ones left out are reset; the operating system can't change.
    if (input.Name === undefined) throw new ValidationException(summary([violation(null, 'name', NOT_NULL)]));
    definition = definitionFrom({ ...input, OperatingSystem: current.operatingSystem });
  } else definition = mergeDefinition(current, input);
  validateBaseline(definition);
  const updated: StoredBaseline = {
    ...current,
    ...definition,
    modifiedMs: ctx.services.clock.nowMs(),
  };
  if (input.Replace) {
    if (definition.description === undefined) delete updated.description;
    if (definition.availableSecurityUpdatesComplianceStatus === undefined)
      delete updated.availableSecurityUpdatesComplianceStatus;
  }
  ctx.services.store.patchBaselines.put(ctx.account, ctx.region, { ...updated });
  return {
    BaselineId: updated.baselineId,
    ...definitionView(updated),
    CreatedDate: new Date(updated.createdMs),
    ModifiedDate: new Date(updated.modifiedMs),
  };
});
