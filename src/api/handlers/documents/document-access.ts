// Shared by the document handlers: find a document the caller may see (own, shared with it, or AWS-owned)
// and one of its versions, with the errors AWS returns when either does not exist.
import {
  catalogVersion,
  findDocumentRef,
  findDocumentVersion,
  type DocumentRef,
} from '../../../engine/documents/index.js';
import type { DocumentHead } from '../../../store/repositories/documents.js';
import type { DocumentVersionRecord } from '../../../store/repositories/document-versions.js';
import {
  InvalidDocument,
  InvalidDocumentOperation,
  InvalidDocumentVersion,
} from '../../../model/generated/errors.js';
import type { RequestContext } from '../../protocol/handler.js';

export { catalogVersion };

// AWS (and the model's InvalidDocument documentation): the document is unknown to the caller.
export const NO_SUCH_DOCUMENT = 'The specified document does not exist.';
export const NO_SUCH_VERSION = 'The document version is not valid or does not exist.';

export type FoundDocument = DocumentRef;

/** Name, or `arn:aws:ssm:REGION:ACCOUNT:document/NAME` for a document another account shares. */
export function findDocument(ctx: RequestContext, nameOrArn: string): FoundDocument | undefined {
  return findDocumentRef(ctx.services.store, ctx, nameOrArn);
}

export function requireDocument(ctx: RequestContext, nameOrArn: string): FoundDocument {
  const doc = findDocument(ctx, nameOrArn);
  if (!doc) throw new InvalidDocument(NO_SUCH_DOCUMENT);
  return doc;
}

/** The caller's own document, for operations only the owner may perform. */
export function requireOwnDocument(
  ctx: RequestContext,
  nameOrArn: string,
  action: string,
): FoundDocument & { head: DocumentHead } {
  const doc = requireDocument(ctx, nameOrArn);
  if (!doc.own || !doc.head) {
    // AWS-owned and shared documents are read-only for the caller.
    throw new InvalidDocumentOperation(`You can't ${action} a document that your account doesn't own.`);
  }
  return doc as FoundDocument & { head: DocumentHead };
}

export function requireVersion(
  ctx: RequestContext,
  doc: FoundDocument,
  documentVersion?: string,
  versionName?: string,
): DocumentVersionRecord {
  const v = findDocumentVersion(ctx.services.store, ctx, doc, documentVersion, versionName);
  if (!v) throw new InvalidDocumentVersion(NO_SUCH_VERSION);
  return v;
}
