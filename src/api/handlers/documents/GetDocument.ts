import { parseContent, renderContent, type ContentFormat } from '../../../engine/documents/index.js';
import type {
  DocumentFormat,
  DocumentRequires,
  DocumentStatus,
  DocumentType,
  ReviewStatus,
} from '../../../model/generated/types.js';
import { ValidationException } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireDocument, requireVersion } from './document-access.js';

export default defineHandler('GetDocument', (input, ctx) => {
  const doc = requireDocument(ctx, input.Name);
  const v = requireVersion(ctx, doc, input.DocumentVersion, input.VersionName);
  let content = v.content;
  let format = v.format as ContentFormat;
  const wanted = input.DocumentFormat;
  if (wanted && wanted !== format) {
    // JSON and YAML convert into each other; TEXT does not (AWS: "Invalid document format JSON").
    if (wanted === 'TEXT' || format === 'TEXT')
      throw new ValidationException(`Invalid document format ${wanted}`);
    content = renderContent(parseContent(content, format), wanted);
    format = wanted;
  }
  return {
    Name: doc.name,
    CreatedDate: new Date(v.createdMs),
    DisplayName: v.displayName,
    VersionName: v.versionName,
    DocumentVersion: String(v.version),
    Status: v.status as DocumentStatus,
    Content: content,
    DocumentType: doc.documentType as DocumentType,
    DocumentFormat: format as DocumentFormat,
    Requires: v.requires as DocumentRequires[] | undefined,
    AttachmentsContent: v.attachments?.length
      ? (v.attachments as { Name: string }[]).map((a) => ({ Name: a.Name }))
      : undefined,
    ReviewStatus: v.reviewStatus as ReviewStatus | undefined,
  };
});
