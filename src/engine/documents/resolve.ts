// Finds a document the way SendCommand, StartAutomationExecution and StartSession name one: by name (own,
// then AWS-owned) or by ARN (shared by another account), at `$DEFAULT`, `$LATEST`, a number or a version name.
import type { Store } from '../../store/index.js';
import type { DocumentHead } from '../../store/repositories/documents.js';
import type { DocumentVersionRecord } from '../../store/repositories/document-versions.js';
import { AMAZON_OWNER, catalogDocument, type CatalogDocument } from './catalog/index.js';
import type { ContentFormat } from './format.js';
import type { ParsedDocument } from './parsed.js';
import { parseDocument } from './validate.js';

export interface DocumentScope {
  account: string;
  region: string;
}

export interface DocumentRef {
  name: string;
  /** Account id of the owner, or 'Amazon'. */
  owner: string;
  /** True when the calling account owns it. */
  own: boolean;
  documentType: string;
  createdMs: number;
  latestVersion: number;
  defaultVersion: number;
  head?: DocumentHead;
  catalog?: CatalogDocument;
}

/** The document a caller may use by this name or ARN, or undefined. */
export function findDocumentRef(
  store: Store,
  scope: DocumentScope,
  nameOrArn: string,
): DocumentRef | undefined {
  const repo = store.documents;
  const arn = /^arn:aws[a-z-]*:ssm:([^:]*):(\d{12}):document\/(.+)$/.exec(nameOrArn);
  if (arn) {
    const [, region, owner, name] = arn;
    if (region && region !== scope.region) return undefined;
    const head = repo.getHead(owner, scope.region, name);
    if (!head) return undefined;
    const visible =
      owner === scope.account ||
      repo.permissions.get(owner, scope.region, name, scope.account) !== undefined ||
      repo.permissions.get(owner, scope.region, name, 'all') !== undefined;
    return visible ? fromHead(head, owner === scope.account) : undefined;
  }
  const head = repo.getHead(scope.account, scope.region, nameOrArn);
  if (head) return fromHead(head, true);
  const c = catalogDocument(nameOrArn);
  if (!c) return undefined;
  return {
    name: c.name,
    owner: AMAZON_OWNER,
    own: false,
    documentType: c.documentType,
    createdMs: c.createdMs,
    latestVersion: 1,
    defaultVersion: 1,
    catalog: c,
  };
}

/** A version by `$LATEST`, `$DEFAULT`, number or version name; the default version when neither is given. */
export function findDocumentVersion(
  store: Store,
  scope: DocumentScope,
  ref: DocumentRef,
  documentVersion?: string,
  versionName?: string,
): DocumentVersionRecord | undefined {
  if (documentVersion !== undefined) {
    const n =
      documentVersion === '$LATEST'
        ? ref.latestVersion
        : documentVersion === '$DEFAULT'
          ? ref.defaultVersion
          : Number(documentVersion);
    const v = versionOf(store, scope, ref, n);
    return v && versionName !== undefined && v.versionName !== versionName ? undefined : v;
  }
  if (versionName !== undefined) {
    return ref.catalog
      ? undefined
      : store.documents.versions.getByName(ref.owner, scope.region, ref.name, versionName);
  }
  return versionOf(store, scope, ref, ref.defaultVersion);
}

function versionOf(
  store: Store,
  scope: DocumentScope,
  ref: DocumentRef,
  n: number,
): DocumentVersionRecord | undefined {
  if (ref.catalog) return n === 1 ? catalogVersion(ref.catalog) : undefined;
  return store.documents.versions.get(ref.owner, scope.region, ref.name, n);
}

export function catalogVersion(c: CatalogDocument): DocumentVersionRecord {
  return {
    name: c.name,
    version: 1,
    content: c.content,
    format: c.format,
    sha256: c.metadata.sha256,
    schemaVersion: c.metadata.schemaVersion,
    description: c.metadata.description,
    parameters: c.metadata.parameters,
    platformTypes: c.metadata.platformTypes,
    targetType: c.targetType,
    status: 'Active',
    createdMs: c.createdMs,
  };
}

export interface LoadedDocument {
  ref: DocumentRef;
  version: DocumentVersionRecord;
  parsed: ParsedDocument;
}

/**
 * What an engine runs: the document and version a request names, parsed. Undefined when either is
 * unknown; engines answer with their own error (InvalidDocument, AutomationDefinitionNotFoundException, ...).
 */
export function loadDocument(
  store: Store,
  scope: DocumentScope,
  nameOrArn: string,
  documentVersion?: string,
  versionName?: string,
): LoadedDocument | { ref: DocumentRef; version: undefined } | undefined {
  const ref = findDocumentRef(store, scope, nameOrArn);
  if (!ref) return undefined;
  const version = findDocumentVersion(store, scope, ref, documentVersion, versionName);
  if (!version) return { ref, version: undefined };
  const parsed = ref.catalog
    ? ref.catalog.parsed
    : parseDocument(version.content, {
        documentType: ref.documentType,
        format: version.format as ContentFormat,
      });
  return { ref, version, parsed };
}

function fromHead(head: DocumentHead, own: boolean): DocumentRef {
  return {
    name: head.name,
    owner: head.account,
    own,
    documentType: head.documentType,
    createdMs: head.createdMs,
    latestVersion: head.latestVersion,
    defaultVersion: head.defaultVersion,
    head,
  };
}
