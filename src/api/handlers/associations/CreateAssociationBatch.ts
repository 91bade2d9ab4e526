import { defineHandler } from '../../protocol/handler.js';
import { ServiceError } from '../../../model/service-error.js';
import type { AssociationDescription, FailedCreateAssociation } from '../../../model/generated/types.js';
import { newConfig } from '../../../engine/associations/config.js';
import { toDescription } from './association-view.js';

// Each entry succeeds or fails on its own: a failed entry is listed with its error, the others are created.
export default defineHandler('CreateAssociationBatch', (input, ctx) => {
  const Successful: AssociationDescription[] = [];
  const Failed: FailedCreateAssociation[] = [];
  for (const entry of input.Entries) {
    try {
      const config = newConfig({
        ...entry,
        AssociationDispatchAssumeRole: input.AssociationDispatchAssumeRole,
      });
      Successful.push(toDescription(ctx.services.associations.create(ctx, config)));
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      // FailedCreateAssociation: Fault is Client for the caller's mistakes; the message names the error when
      // AWS's error has no text of its own (AssociationAlreadyExists, AssociationLimitExceeded).
      Failed.push({
        Entry: entry,
        Message: err.message || err.type,
        Fault: err.isClientError ? 'Client' : 'Server',
      });
    }
  }
  return { Successful, Failed };
});
