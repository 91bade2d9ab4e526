import { defineHandler } from '../../protocol/handler.js';
import { StatusUnchanged } from '../../../model/generated/errors.js';
import { findAssociation, toDescription } from './association-view.js';

// API reference: used by the agent to report a legacy (InstanceId) association's status.
export default defineHandler('UpdateAssociationStatus', (input, ctx) => {
  const { store } = ctx.services;
  const a = findAssociation(ctx, { Name: input.Name, InstanceId: input.InstanceId });
  const s = input.AssociationStatus;
  // StatusUnchanged has no message member: AWS sends the bare type.
  if (a.status?.name === s.Name) throw new StatusUnchanged('');
  a.status = { dateMs: s.Date.getTime(), name: s.Name, message: s.Message, additionalInfo: s.AdditionalInfo };
  store.associations.put(a);
  return { AssociationDescription: toDescription(a) };
});
