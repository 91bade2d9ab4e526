import { defineHandler } from '../../protocol/handler.js';
import { requireDocument, requireVersion } from './document-access.js';
import { describeDocument } from './document-view.js';

export default defineHandler('DescribeDocument', (input, ctx) => {
  const doc = requireDocument(ctx, input.Name);
  const v = requireVersion(ctx, doc, input.DocumentVersion, input.VersionName);
  return { Document: describeDocument(ctx, doc, v) };
});
