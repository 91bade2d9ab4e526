import { defineHandler } from '../../protocol/handler.js';
import { InvalidAssociationVersion } from '../../../model/generated/errors.js';
import { findAssociation, toDescription } from './association-view.js';

export default defineHandler('DescribeAssociation', (input, ctx) => {
  const a = findAssociation(ctx, input);
  const wanted = input.AssociationVersion;
  if (wanted === undefined || wanted === '$LATEST' || wanted === String(a.version))
    return { AssociationDescription: toDescription(a) };
  const v = ctx.services.store.associations.getVersion(
    ctx.account,
    ctx.region,
    a.associationId,
    Number(wanted),
  );
  if (!v)
    throw new InvalidAssociationVersion(
      "The version you specified isn't valid. Use ListAssociationVersions to view all versions of an association according to the association ID. Or, use the $LATEST parameter to view the latest version of the association.",
    );
  return { AssociationDescription: toDescription(a, v) };
});
