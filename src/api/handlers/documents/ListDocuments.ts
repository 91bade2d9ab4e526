import {
  AMAZON_OWNER,
  catalogDocuments,
  catalogSeek,
  DEFAULT_LIST_PAGE,
  type CatalogDocument,
} from '../../../engine/documents/index.js';
import type { DocumentListFilters, DocumentListRecord } from '../../../store/repositories/documents.js';
import { decodeToken, encodeToken } from '../../../store/pagination.js';
import { InvalidFilterKey, InvalidNextToken } from '../../../model/generated/errors.js';
import type { DocumentIdentifier, ListDocumentsRequest } from '../../../model/generated/types.js';
import { defineHandler, type RequestContext } from '../../protocol/handler.js';
import { catalogVersion } from './document-access.js';
import { documentIdentifier } from './document-view.js';

type Cursor = { name: string; owner: string };
type Source = 'Self' | 'Amazon' | 'Private' | 'Public';
interface Item {
  key: Cursor;
  out: () => DocumentIdentifier;
}

// ListDocuments API reference: Owner is Self, Amazon, Private, Public, ThirdParty or All; without it,
// the caller sees its own documents, AWS's, and those shared with it privately.
const DEFAULT_SOURCES: Source[] = ['Self', 'Amazon', 'Private'];
const LEGACY_KEYS = new Set(['Name', 'Owner', 'PlatformTypes', 'DocumentType']);
const KEYS = new Set(['Name', 'Owner', 'PlatformTypes', 'DocumentType', 'SearchKeyword']);

export default defineHandler('ListDocuments', (input, ctx) => {
  const { sources, filters } = readFilters(input);
  const limit = input.MaxResults ?? DEFAULT_LIST_PAGE;
  let after: Cursor | undefined;
  if (input.NextToken !== undefined) {
    const k = decodeToken<[string, string]>(input.NextToken);
    if (!Array.isArray(k) || typeof k[0] !== 'string' || typeof k[1] !== 'string') {
      throw new InvalidNextToken("The specified token isn't valid.");
    }
    after = { name: k[0], owner: k[1] };
  }
  // Each source is already in (name, owner) order from an index seek; merge the first limit+1 of them.
  const items: Item[] = [];
  for (const s of sources) items.push(...fetch(ctx, s, after, limit + 1, filters));
  items.sort((a, b) => compare(a.key, b.key));
  const page = items.slice(0, limit);
  return {
    DocumentIdentifiers: page.map((i) => i.out()),
    NextToken:
      items.length > limit
        ? encodeToken([page[page.length - 1].key.name, page[page.length - 1].key.owner])
        : undefined,
  };
});

function fetch(
  ctx: RequestContext,
  source: Source,
  after: Cursor | undefined,
  n: number,
  f: DocumentListFilters,
): Item[] {
  const repo = ctx.services.store.documents;
  const fromRecord = (r: DocumentListRecord): Item => ({
    key: { name: r.head.name, owner: r.head.account },
    out: () =>
      documentIdentifier(
        {
          name: r.head.name,
          owner: r.head.account,
          documentType: r.head.documentType,
          createdMs: r.head.createdMs,
        },
        r.version,
        r.head.account === ctx.account
          ? ctx.services.store.tags
              .list(ctx.account, ctx.region, 'Document', r.head.name)
              .map((t) => ({ Key: t.key, Value: t.value }))
          : [],
      ),
  });
  switch (source) {
    case 'Self':
      return repo.listOwn(ctx.account, ctx.region, after, n, f).map(fromRecord);
    case 'Private':
      return repo.listSharedWith(ctx.account, ctx.account, ctx.region, after, n, f).map(fromRecord);
    case 'Public':
      return repo.listSharedWith('all', ctx.account, ctx.region, after, n, f).map(fromRecord);
    case 'Amazon':
      return fetchCatalog(ctx, after, n, f);
  }
}

/** The catalog is sorted in memory: a binary search finds the cursor, then at most n matches are read. */
function fetchCatalog(
  ctx: RequestContext,
  after: Cursor | undefined,
  n: number,
  f: DocumentListFilters,
): Item[] {
  const docs = catalogDocuments();
  const out: Item[] = [];
  if (f.tags) return out; // AWS-owned documents carry no tags of the caller's
  // (name, 'Amazon') follows the cursor when the name is greater, or equal with a smaller owner key.
  let i = catalogSeek(after?.name, after !== undefined && AMAZON_OWNER > after.owner);
  for (; i < docs.length && out.length < n; i++) {
    const c = docs[i];
    if (!catalogMatches(c, f)) continue;
    // The account's own copy (session preferences) replaces AWS's in its lists.
    if (c.accountCopy && ctx.services.store.documents.getHead(ctx.account, ctx.region, c.name)) continue;
    const v = catalogVersion(c);
    out.push({
      key: { name: c.name, owner: AMAZON_OWNER },
      out: () =>
        documentIdentifier(
          { name: c.name, owner: AMAZON_OWNER, documentType: c.documentType, createdMs: c.createdMs },
          v,
          [],
        ),
    });
  }
  return out;
}

function catalogMatches(c: CatalogDocument, f: DocumentListFilters): boolean {
  if (f.types && !f.types.includes(c.documentType)) return false;
  if (f.platforms && !f.platforms.some((p) => (c.metadata.platformTypes as string[]).includes(p)))
    return false;
  if (f.namePrefixes && !f.namePrefixes.some((p) => c.name.startsWith(p))) return false;
  if (f.keyword) {
    const k = f.keyword.toLowerCase();
    if (!c.name.toLowerCase().includes(k) && !(c.metadata.description ?? '').toLowerCase().includes(k))
      return false;
  }
  return true;
}

function compare(a: Cursor, b: Cursor): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0;
}

function readFilters(input: ListDocumentsRequest): { sources: Source[]; filters: DocumentListFilters } {
  const f: DocumentListFilters = {};
  let owners: string[] | undefined;
  const add = (key: string, values: string[]) => {
    if (key.startsWith('tag:')) {
      (f.tags ??= []).push({ k: key.slice(4), v: values.length ? values : undefined });
      return;
    }
    switch (key) {
      case 'Name':
        (f.namePrefixes ??= []).push(...values);
        break;
      case 'Owner':
        (owners ??= []).push(...values);
        break;
      case 'PlatformTypes':
        (f.platforms ??= []).push(...values);
        break;
      case 'DocumentType':
        (f.types ??= []).push(...values);
        break;
      case 'SearchKeyword':
        f.keyword = values[0];
        break;
    }
  };
  for (const d of input.DocumentFilterList ?? []) {
    if (!LEGACY_KEYS.has(d.key))
      throw new InvalidFilterKey('').because(`unknown DocumentFilterList key ${d.key}`);
    add(d.key, [d.value]);
  }
  for (const d of input.Filters ?? []) {
    const key = d.Key ?? '';
    if (!KEYS.has(key) && !/^tag:.+/.test(key))
      throw new InvalidFilterKey('').because(`unknown filter key ${key}`);
    add(key, d.Values ?? []);
  }
  if (!owners) return { sources: DEFAULT_SOURCES, filters: f };
  const sources = new Set<Source>();
  for (const o of owners) {
    if (o === 'All') ['Self', 'Amazon', 'Private', 'Public'].forEach((s) => sources.add(s as Source));
    else if (o === 'Self' || o === 'Amazon' || o === 'Private' || o === 'Public') sources.add(o);
    // ThirdParty (partner documents) has none here.
  }
  return { sources: [...sources], filters: f };
}
