import { MAX_PUBLIC_DOCUMENTS, MAX_SHARED_ACCOUNTS } from '../../../engine/documents/index.js';
import {
  DocumentLimitExceeded,
  DocumentPermissionLimit,
  InvalidPermissionType,
} from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireOwnDocument } from './document-access.js';

export default defineHandler('ModifyDocumentPermission', (input, ctx) => {
  if (input.PermissionType !== 'Share') {
    // Model documentation of InvalidPermissionType.
    throw new InvalidPermissionType(
      "The permission type isn't supported. Share is the only supported permission type.",
    );
  }
  const doc = requireOwnDocument(ctx, input.Name, 'share');
  // The model allows $DEFAULT, $LATEST or $ALL; AWS shares the default version when none is given.
  const sharedVersion = input.SharedDocumentVersion ?? '$DEFAULT';
  // Account ids are stored as given; "All" (any case) means public and is stored as "all", as AWS reports it.
  const norm = (id: string) => (id.toLowerCase() === 'all' ? 'all' : id);
  const add = [...new Set((input.AccountIdsToAdd ?? []).map(norm))];
  const remove = [...new Set((input.AccountIdsToRemove ?? []).map(norm))];
  const repo = ctx.services.store.documents;
  const existing = repo.permissions.count(ctx.account, ctx.region, doc.name);
  const newOnes = add.filter(
    (a) => !remove.includes(a) && repo.permissions.get(ctx.account, ctx.region, doc.name, a) === undefined,
  );
  if (existing + newOnes.length > MAX_SHARED_ACCOUNTS) {
    throw new DocumentPermissionLimit(
      `The document can't be shared with more than ${MAX_SHARED_ACCOUNTS} Amazon Web Services accounts.`,
    );
  }
  if (
    newOnes.includes('all') &&
    repo.permissions.countPublic(ctx.account, ctx.region) >= MAX_PUBLIC_DOCUMENTS
  ) {
    throw new DocumentLimitExceeded(`You can publicly share at most ${MAX_PUBLIC_DOCUMENTS} documents.`);
  }
  ctx.services.store.transaction(() => {
    for (const a of add)
      if (!remove.includes(a)) repo.permissions.put(ctx.account, ctx.region, doc.name, a, sharedVersion);
    for (const r of remove) repo.permissions.remove(ctx.account, ctx.region, doc.name, r);
  });
  return {};
});
