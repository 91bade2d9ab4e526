import { MAX_DOCUMENTS_PER_ACCOUNT, RESERVED_NAME_PREFIXES } from '../../../engine/documents/index.js';
import {
  DocumentAlreadyExists,
  DocumentLimitExceeded,
  ValidationException,
} from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { describeDocument } from './document-view.js';
import { buildVersion } from './document-write.js';

export default defineHandler('CreateDocument', (input, ctx) => {
  const lower = input.Name.toLowerCase();
  if (RESERVED_NAME_PREFIXES.some((p) => lower.startsWith(p))) {
    // CreateDocument API reference: aws, amazon and amzn are reserved prefixes (ValidationException, as AWS answers).
    throw new ValidationException(
      `Invalid document name ${input.Name}. Document names can't begin with "aws", "amazon" or "amzn".`,
    );
  }
  const repo = ctx.services.store.documents;
  if (repo.getHead(ctx.account, ctx.region, input.Name)) {
    // Real AWS text (no final period), quoted in public logs of `aws ssm create-document`.
    throw new DocumentAlreadyExists(`Document with same name ${input.Name} already exists`);
  }
  const documentType = input.DocumentType ?? 'Command';
  const now = ctx.services.clock.nowMs();
  const version = buildVersion({
    name: input.Name,
    version: 1,
    documentType,
    content: input.Content,
    format: input.DocumentFormat ?? (documentType === 'ChangeCalendar' ? 'TEXT' : 'JSON'),
    versionName: input.VersionName,
    displayName: input.DisplayName,
    targetType: input.TargetType,
    requires: input.Requires,
    attachments: input.Attachments,
    createdMs: now,
  });
  if (repo.countDocuments(ctx.account, ctx.region) >= MAX_DOCUMENTS_PER_ACCOUNT) {
    throw new DocumentLimitExceeded(
      `You can have at most ${MAX_DOCUMENTS_PER_ACCOUNT} active SSM documents.`,
    );
  }
  const head = {
    name: input.Name,
    documentType,
    createdMs: now,
    latestVersion: 1,
    defaultVersion: 1,
    nextVersion: 2,
  };
  ctx.services.store.transaction(() => {
    repo.insertHead(ctx.account, ctx.region, head);
    repo.versions.insert(ctx.account, ctx.region, version);
    if (input.Tags?.length) {
      ctx.services.store.tags.put(
        ctx.account,
        ctx.region,
        'Document',
        input.Name,
        input.Tags.map((t) => ({ key: t.Key, value: t.Value })),
      );
    }
  });
  const doc = { ...head, owner: ctx.account, own: true, head: { ...head, account: ctx.account } };
  // AWS answers while the document is still being created; it is Active by the next call.
  return { DocumentDescription: describeDocument(ctx, doc, version, 'Creating') };
});
