// The API shapes of a document: DocumentDescription, DocumentIdentifier, DocumentVersionInfo.
import type {
  AttachmentInformation,
  DocumentDescription,
  DocumentFormat,
  DocumentIdentifier,
  DocumentParameterType,
  DocumentRequires,
  DocumentStatus,
  DocumentType,
  DocumentVersionInfo,
  PlatformType,
  ReviewStatus,
  Tag,
} from '../../../model/generated/types.js';
import type { RequestContext } from '../../protocol/handler.js';
import type { DocumentVersionRecord } from '../../../store/repositories/document-versions.js';
import type { FoundDocument } from './document-access.js';

export function documentTags(ctx: RequestContext, doc: { own: boolean; owner: string; name: string }): Tag[] {
  if (!doc.own) return [];
  return ctx.services.store.tags
    .list(doc.owner, ctx.region, 'Document', doc.name)
    .map((t) => ({ Key: t.key, Value: t.value }));
}

export function describeDocument(
  ctx: RequestContext,
  doc: FoundDocument,
  v: DocumentVersionRecord,
  status?: DocumentStatus,
): DocumentDescription {
  return {
    Hash: v.sha256,
    HashType: 'Sha256',
    Name: doc.name,
    DisplayName: v.displayName,
    VersionName: v.versionName,
    Owner: doc.owner,
    CreatedDate: new Date(v.createdMs),
    Status: status ?? (v.status as DocumentStatus),
    DocumentVersion: String(v.version),
    Description: v.description,
    Parameters: v.parameters.map((p) => ({ ...p, Type: p.Type as DocumentParameterType })),
    PlatformTypes: v.platformTypes as PlatformType[],
    DocumentType: doc.documentType as DocumentType,
    SchemaVersion: v.schemaVersion,
    LatestVersion: String(doc.latestVersion),
    DefaultVersion: String(doc.defaultVersion),
    DocumentFormat: v.format as DocumentFormat,
    TargetType: v.targetType,
    Tags: documentTags(ctx, doc),
    AttachmentsInformation: v.attachments as AttachmentInformation[] | undefined,
    Requires: v.requires as DocumentRequires[] | undefined,
    ReviewStatus: v.reviewStatus as ReviewStatus | undefined,
  };
}

export function documentIdentifier(
  doc: { name: string; owner: string; documentType: string; createdMs: number },
  v: DocumentVersionRecord,
  tags: Tag[],
): DocumentIdentifier {
  return {
    Name: doc.name,
    CreatedDate: new Date(doc.createdMs),
    DisplayName: v.displayName,
    Owner: doc.owner,
    VersionName: v.versionName,
    PlatformTypes: v.platformTypes as PlatformType[],
    DocumentVersion: String(v.version),
    DocumentType: doc.documentType as DocumentType,
    SchemaVersion: v.schemaVersion,
    DocumentFormat: v.format as DocumentFormat,
    TargetType: v.targetType,
    Tags: tags,
    Requires: v.requires as DocumentRequires[] | undefined,
    ReviewStatus: v.reviewStatus as ReviewStatus | undefined,
  };
}

export function versionInfo(doc: FoundDocument, v: DocumentVersionRecord): DocumentVersionInfo {
  return {
    Name: doc.name,
    DisplayName: v.displayName,
    DocumentVersion: String(v.version),
    VersionName: v.versionName,
    CreatedDate: new Date(v.createdMs),
    IsDefaultVersion: v.version === doc.defaultVersion,
    DocumentFormat: v.format as DocumentFormat,
    Status: v.status as DocumentStatus,
    ReviewStatus: v.reviewStatus as ReviewStatus | undefined,
  };
}
