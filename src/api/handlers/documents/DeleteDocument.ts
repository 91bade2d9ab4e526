import { InvalidDocumentOperation } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireOwnDocument, requireVersion } from './document-access.js';

export default defineHandler('DeleteDocument', (input, ctx) => {
  const doc = requireOwnDocument(ctx, input.Name, 'delete');
  const repo = ctx.services.store.documents;
  if (repo.permissions.count(ctx.account, ctx.region, doc.name) > 0) {
    // Model documentation of InvalidDocumentOperation.
    throw new InvalidDocumentOperation(
      'You attempted to delete a document while it is still shared. You must stop sharing the document before you can delete it.',
    );
  }
  if (input.DocumentVersion === undefined && input.VersionName === undefined) {
    ctx.services.store.transaction(() => {
      repo.deleteDocument(ctx.account, ctx.region, doc.name);
      ctx.services.store.tags.removeAll(ctx.account, ctx.region, 'Document', doc.name);
    });
    return {};
  }
  const v = requireVersion(ctx, doc, input.DocumentVersion, input.VersionName);
  if (v.version === doc.defaultVersion) {
    // DeleteDocument API reference: the default version can only go with the whole document.
    throw new InvalidDocumentOperation(
      "The default version of a document can't be deleted. Set another version as the default, or delete the whole document.",
    );
  }
  ctx.services.store.transaction(() => {
    repo.versions.delete(ctx.account, ctx.region, doc.name, v.version);
    if (v.version === doc.latestVersion) {
      const remaining = repo.versions.list(ctx.account, ctx.region, doc.name, 0, Number.MAX_SAFE_INTEGER);
      const latest = remaining[remaining.length - 1].version;
      repo.updateHead(ctx.account, ctx.region, doc.name, {
        latest,
        default: doc.defaultVersion,
        next: doc.head.nextVersion,
      });
    }
  });
  return {};
});
