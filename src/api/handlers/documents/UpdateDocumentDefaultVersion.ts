import { InvalidDocumentSchemaVersion } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireOwnDocument, requireVersion } from './document-access.js';

export default defineHandler('UpdateDocumentDefaultVersion', (input, ctx) => {
  const doc = requireOwnDocument(ctx, input.Name, 'change the default version of');
  const v = requireVersion(ctx, doc, input.DocumentVersion);
  if (v.schemaVersion === '1.2') {
    // User guide "Schema features": default versions exist from schema 2.0 on.
    throw new InvalidDocumentSchemaVersion(
      'The default version can only be set to a version of schema 2.0 or later.',
    );
  }
  ctx.services.store.documents.updateHead(ctx.account, ctx.region, doc.name, {
    latest: doc.latestVersion,
    default: v.version,
    next: doc.head.nextVersion,
  });
  return {
    Description: { Name: doc.name, DefaultVersion: String(v.version), DefaultVersionName: v.versionName },
  };
});
