import { catalogDocument, MAX_DOCUMENT_VERSIONS } from '../../../engine/documents/index.js';
import {
  DocumentVersionLimitExceeded,
  DuplicateDocumentContent,
  DuplicateDocumentVersionName,
  InvalidDocumentSchemaVersion,
  InvalidDocumentVersion,
} from '../../../model/generated/errors.js';
import { defineHandler, type RequestContext } from '../../protocol/handler.js';
import { catalogVersion, NO_SUCH_VERSION, requireOwnDocument } from './document-access.js';
import { describeDocument } from './document-view.js';
import { buildVersion } from './document-write.js';

export default defineHandler('UpdateDocument', (input, ctx) => {
  materializeAccountCopy(ctx, input.Name);
  const doc = requireOwnDocument(ctx, input.Name, 'update');
  const repo = ctx.services.store.documents;
  const wanted = input.DocumentVersion;
  // UpdateDocument API reference: only the latest version can be updated ($LATEST or its number).
  if (wanted !== undefined && wanted !== '$LATEST' && wanted !== String(doc.latestVersion)) {
    throw new InvalidDocumentVersion(NO_SUCH_VERSION);
  }
  const latest = repo.versions.get(ctx.account, ctx.region, doc.name, doc.latestVersion)!;
  const version = buildVersion({
    name: doc.name,
    version: doc.head.nextVersion,
    documentType: doc.documentType,
    content: input.Content,
    format: input.DocumentFormat ?? 'JSON',
    versionName: input.VersionName,
    displayName: input.DisplayName ?? latest.displayName,
    targetType: input.TargetType ?? latest.targetType,
    requires: latest.requires as never,
    attachments: input.Attachments,
    createdMs: ctx.services.clock.nowMs(),
  });
  if (version.schemaVersion === '1.2') {
    // User guide "Schema features": documents of schema 1.2 can't be edited, only saved under a new name.
    throw new InvalidDocumentSchemaVersion(
      'Documents of schema version 1.2 cannot be updated. Use schema version 2.2.',
    );
  }
  if (repo.versions.findByHash(ctx.account, ctx.region, doc.name, version.sha256) !== undefined) {
    // Model documentation of DuplicateDocumentContent (the text AWS returns).
    throw new DuplicateDocumentContent(
      'The content of the association document matches another document. Change the content of the document and try again.',
    );
  }
  if (
    input.VersionName !== undefined &&
    repo.versions.getByName(ctx.account, ctx.region, doc.name, input.VersionName)
  ) {
    throw new DuplicateDocumentVersionName(
      'The version name has already been used in this document. Specify a different version name, and then try again.',
    );
  }
  if (repo.versions.count(ctx.account, ctx.region, doc.name) >= MAX_DOCUMENT_VERSIONS) {
    throw new DocumentVersionLimitExceeded(
      'The document has too many versions. Delete one or more document versions and try again.',
    );
  }
  ctx.services.store.transaction(() => {
    repo.versions.insert(ctx.account, ctx.region, version);
    repo.updateHead(ctx.account, ctx.region, doc.name, {
      latest: version.version,
      default: doc.defaultVersion,
      next: version.version + 1,
    });
  });
  const updated = { ...doc, latestVersion: version.version };
  return { DocumentDescription: describeDocument(ctx, updated, version, 'Updating') };
});

/** Session preferences live in each account: the first update turns AWS's copy into the account's version 1. */
function materializeAccountCopy(ctx: RequestContext, name: string): void {
  const c = catalogDocument(name);
  const repo = ctx.services.store.documents;
  if (!c?.accountCopy || repo.getHead(ctx.account, ctx.region, name)) return;
  const now = ctx.services.clock.nowMs();
  ctx.services.store.transaction(() => {
    repo.insertHead(ctx.account, ctx.region, {
      name,
      documentType: c.documentType,
      createdMs: now,
      latestVersion: 1,
      defaultVersion: 1,
      nextVersion: 2,
    });
    repo.versions.insert(ctx.account, ctx.region, { ...catalogVersion(c), createdMs: now });
  });
}
