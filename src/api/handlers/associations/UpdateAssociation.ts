import { defineHandler } from '../../protocol/handler.js';
import { configMembers } from '../../../engine/associations/config.js';
import { toDescription } from './association-view.js';

// A new version of the association; it runs at once unless ApplyOnlyAtCronInterval (API reference).
export default defineHandler('UpdateAssociation', (input, ctx) => {
  const { AssociationId, AssociationVersion, ...members } = input;
  const a = ctx.services.associations.update(ctx, AssociationId, configMembers(members), AssociationVersion);
  return { AssociationDescription: toDescription(a) };
});
