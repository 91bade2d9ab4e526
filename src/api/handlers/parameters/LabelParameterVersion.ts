import { defineHandler } from '../../protocol/handler.js';
import { ParameterVersionLabelLimitExceeded } from '../../../model/generated/errors.js';
import { isValidLabel } from '../../../engine/parameters/names.js';
import { MAX_LABELS_PER_VERSION } from '../../../engine/parameters/limits.js';
import { findOwn, versionNotFound } from './parameter-view.js';

export default defineHandler('LabelParameterVersion', (input, ctx) => {
  const { store, clock } = ctx.services;
  const { record } = findOwn(ctx, input.Name);
  const version = input.ParameterVersion ?? record.version;
  if (
    version !== record.version &&
    !store.parameters.getVersion(ctx.account, ctx.region, record.key, version)
  ) {
    throw versionNotFound(record.name, version);
  }
  const labels = [...new Set(input.Labels)];
  const invalid = labels.filter((l) => !isValidLabel(l));
  const valid = labels.filter((l) => isValidLabel(l));
  const present = store.parameters.labelsOf(ctx.account, ctx.region, record.key, version);
  const added = valid.filter((l) => !present.includes(l));
  if (present.length + added.length > MAX_LABELS_PER_VERSION) {
    // The model's description; AWS's exact text is not published.
    throw new ParameterVersionLabelLimitExceeded('A parameter version can have a maximum of ten labels.');
  }
  if (valid.length) {
    store.transaction(() => {
      // A label lives on one version at a time: setting it moves it (UG sysman-paramstore-labels).
      for (const l of added)
        store.parameters.setLabel(ctx.account, ctx.region, record.key, l, version, clock.nowMs());
    });
    ctx.services.parameters.emitChange(ctx.account, ctx.region, record, 'LabelParameterVersion');
  }
  return { InvalidLabels: invalid, ParameterVersion: version };
});
