import { InvalidDocumentOperation } from '../../../model/generated/errors.js';
import { defineHandler } from '../../protocol/handler.js';
import { requireOwnDocument, requireVersion } from '../documents/document-access.js';

// UpdateDocumentMetadata API reference: reviews of Change Manager templates; the action sets the review status.
const STATUS_AFTER: Record<string, string | undefined> = {
  SendForReview: 'PENDING',
  Approve: 'APPROVED',
  Reject: 'REJECTED',
  UpdateReview: undefined,
};

export default defineHandler('UpdateDocumentMetadata', (input, ctx) => {
  const doc = requireOwnDocument(ctx, input.Name, 'review');
  if (doc.documentType !== 'Automation.ChangeTemplate') {
    throw new InvalidDocumentOperation(
      'Document reviews are supported only for change templates (document type Automation.ChangeTemplate).',
    );
  }
  const v = requireVersion(ctx, doc, input.DocumentVersion ?? '$LATEST');
  const action = input.DocumentReviews.Action;
  const status = STATUS_AFTER[action] ?? v.reviewStatus ?? 'NOT_REVIEWED';
  const repo = ctx.services.store.documents;
  ctx.services.store.transaction(() => {
    repo.reviews.add(ctx.account, ctx.region, doc.name, v.version, {
      reviewStatus: status,
      comment: input.DocumentReviews.Comment?.[0]?.Content,
      reviewer: ctx.callerArn,
      createdMs: ctx.services.clock.nowMs(),
    });
    repo.versions.setReviewStatus(ctx.account, ctx.region, doc.name, v.version, status);
  });
  return {};
});
