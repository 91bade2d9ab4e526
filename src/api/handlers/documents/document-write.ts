// Shared by CreateDocument and UpdateDocument: check content and build the version record to store.
import { documentMetadata, parseDocument, type ContentFormat } from '../../../engine/documents/index.js';
import type { AttachmentsSource, DocumentRequires } from '../../../model/generated/types.js';
import type { DocumentVersionRecord } from '../../../store/repositories/document-versions.js';

export interface NewVersionInput {
  name: string;
  version: number;
  documentType: string;
  content: string;
  format: ContentFormat;
  versionName?: string;
  displayName?: string;
  targetType?: string;
  requires?: DocumentRequires[];
  attachments?: AttachmentsSource[];
  createdMs: number;
}

/** Parses and checks the content (throws the AWS error) and returns the version to store. */
export function buildVersion(input: NewVersionInput): DocumentVersionRecord {
  const parsed = parseDocument(input.content, { documentType: input.documentType, format: input.format });
  const metadata = documentMetadata(parsed, input.content, input.documentType);
  return {
    name: input.name,
    version: input.version,
    versionName: input.versionName,
    displayName: input.displayName,
    content: input.content,
    format: input.format,
    sha256: metadata.sha256,
    schemaVersion: metadata.schemaVersion,
    description: metadata.description,
    parameters: metadata.parameters,
    platformTypes: metadata.platformTypes,
    targetType: input.targetType,
    requires: input.requires?.length ? input.requires : undefined,
    attachments: input.attachments?.length ? attachmentNames(input.attachments) : undefined,
    status: 'Active',
    createdMs: input.createdMs,
  };
}

/** AttachmentsInformation lists each attachment by its Name, else by the file name of its URL. */
function attachmentNames(sources: AttachmentsSource[]): { Name: string }[] {
  const out: { Name: string }[] = [];
  for (const s of sources) {
    if (s.Name) out.push({ Name: s.Name });
    else for (const v of s.Values ?? []) out.push({ Name: v.split('/').pop() ?? v });
  }
  return out;
}
