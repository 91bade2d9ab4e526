// The document an association's node runs, as DescribeEffectiveInstanceAssociations returns it: the
// content with the association's parameters (and the document's defaults) in place, as JSON text.
import type { Store } from '../../../store/index.js';
import type { StoredAssociation } from '../../../store/repositories/associations.js';
import {
  interpolate,
  loadDocument,
  parseContent,
  resolveParameters,
  type ContentFormat,
} from '../../../engine/documents/index.js';

export function effectiveContent(
  store: Store,
  scope: { account: string; region: string },
  a: StoredAssociation,
): string | undefined {
  const loaded = loadDocument(store, scope, a.config.Name, a.config.DocumentVersion);
  if (!loaded?.version) return undefined;
  const { version, parsed } = loaded;
  try {
    const values = resolveParameters(parsed.parameters, a.config.Parameters);
    const content = interpolate(parseContent(version.content, version.format as ContentFormat), {
      parameters: values,
    });
    // describe-effective-instance-associations CLI example: the content as indented JSON text.
    return `${JSON.stringify(content, null, 4)}\n`;
  } catch {
    // Parameters that no longer fit the document: the content as stored.
    return version.content;
  }
}
