// The AWS-owned documents (Owner "Amazon"): read-only, the same in every account and Region. Each data
// file beside this module is a document's content; this table adds what AWS reports about it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentMetadata, ParsedDocument } from '../parsed.js';
import { documentMetadata, parseDocument } from '../validate.js';

export const AMAZON_OWNER = 'Amazon';

interface CatalogEntry {
  documentType: string;
  /** When AWS published the version we copy (shown as CreatedDate). */
  created: string;
  targetType?: string;
  /** Session preferences: AWS keeps a copy in each account that the account may update. */
  accountCopy?: boolean;
}

const ENTRIES: Record<string, CatalogEntry> = {
  'AWS-RunShellScript': { documentType: 'Command', created: '2017-08-30T21:33:44.432Z' },
  'AWS-RunPowerShellScript': { documentType: 'Command', created: '2017-08-31T00:00:00Z' },
  'AWS-RunRemoteScript': { documentType: 'Command', created: '2018-01-25T00:00:00Z' },
  'AWS-RunDocument': { documentType: 'Command', created: '2018-04-10T00:00:00Z' },
  'AWS-UpdateSSMAgent': { documentType: 'Command', created: '2017-08-31T00:00:00Z' },
  'AWS-ConfigureAWSPackage': { documentType: 'Command', created: '2018-08-13T00:00:00Z' },
  'AWS-RunPatchBaseline': { documentType: 'Command', created: '2017-12-01T00:00:00Z' },
  'AWS-RunPatchBaselineWithHooks': { documentType: 'Command', created: '2020-11-12T00:00:00Z' },
  'AWS-RunPatchBaselineAssociation': { documentType: 'Command', created: '2020-04-23T00:00:00Z' },
  'AWS-Noop': { documentType: 'Command', created: '2020-11-12T00:00:00Z' },
  'AWS-ExportPatchReportToS3': { documentType: 'Automation', created: '2021-11-09T00:00:00Z' },
  'AWS-GatherSoftwareInventory': { documentType: 'Policy', created: '2017-08-31T00:00:00Z' },
  'AWS-CreateImage': {
    documentType: 'Automation',
    created: '2017-08-31T00:00:00Z',
    targetType: '/AWS::EC2::Instance',
  },
  'AWS-RestartEC2Instance': {
    documentType: 'Automation',
    created: '2017-08-31T00:00:00Z',
    targetType: '/AWS::EC2::Instance',
  },
  'AWS-StopEC2Instance': {
    documentType: 'Automation',
    created: '2017-08-31T00:00:00Z',
    targetType: '/AWS::EC2::Instance',
  },
  'AWS-StartEC2Instance': {
    documentType: 'Automation',
    created: '2017-08-31T00:00:00Z',
    targetType: '/AWS::EC2::Instance',
  },
  'AWS-DetachEBSVolume': {
    documentType: 'Automation',
    created: '2017-08-31T00:00:00Z',
    targetType: '/AWS::EC2::Volume',
  },
  'AWS-DeleteSnapshot': {
    documentType: 'Automation',
    created: '2017-08-31T00:00:00Z',
    targetType: '/AWS::EC2::Snapshot',
  },
  'SSM-SessionManagerRunShell': {
    documentType: 'Session',
    created: '2018-09-11T00:00:00Z',
    accountCopy: true,
  },
  'AWS-StartPortForwardingSession': { documentType: 'Session', created: '2018-11-16T00:00:00Z' },
  'AWS-StartPortForwardingSessionToRemoteHost': { documentType: 'Session', created: '2022-05-27T00:00:00Z' },
  'AWS-StartSSHSession': { documentType: 'Session', created: '2019-07-09T00:00:00Z' },
  'AWS-StartInteractiveCommand': { documentType: 'Session', created: '2020-08-14T00:00:00Z' },
  'AWS-StartNonInteractiveCommand': { documentType: 'Session', created: '2020-08-14T00:00:00Z' },
};

export interface CatalogDocument {
  name: string;
  documentType: string;
  format: 'JSON' | 'YAML';
  content: string;
  createdMs: number;
  targetType?: string;
  accountCopy: boolean;
  parsed: ParsedDocument;
  metadata: DocumentMetadata;
}

let sorted: CatalogDocument[] | undefined;
let byName: Map<string, CatalogDocument> | undefined;

/** Catalog documents sorted by name (the order ListDocuments pages in). */
export function catalogDocuments(): readonly CatalogDocument[] {
  if (!sorted) load();
  return sorted!;
}

export function catalogDocument(name: string): CatalogDocument | undefined {
  if (!byName) load();
  return byName!.get(name);
}

/** Index of the first catalog document named after `name` (or at it, when inclusive): a binary search. */
export function catalogSeek(name: string | undefined, inclusive = false): number {
  const docs = catalogDocuments();
  if (name === undefined) return 0;
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid].name < name || (!inclusive && docs[mid].name === name)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function load(): void {
  const dir = catalogDir();
  const docs: CatalogDocument[] = [];
  for (const [name, e] of Object.entries(ENTRIES)) {
    const yamlFile = join(dir, `${name}.yaml`);
    const format = existsSync(yamlFile) ? 'YAML' : 'JSON';
    const content = readFileSync(format === 'YAML' ? yamlFile : join(dir, `${name}.json`), 'utf8');
    const parsed = parseDocument(content, { documentType: e.documentType, format });
    docs.push({
      name,
      documentType: e.documentType,
      format,
      content,
      createdMs: Date.parse(e.created),
      targetType: e.targetType,
      accountCopy: e.accountCopy ?? false,
      parsed,
      metadata: documentMetadata(parsed, content, e.documentType),
    });
  }
  docs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  sorted = docs;
  byName = new Map(docs.map((d) => [d.name, d]));
}

/** The data files sit beside this module (scripts/copy-assets.mjs copies them into dist/); the bundled
 * CLI, dist/ssm-emulator.cjs, finds them under dist/src/engine/documents/catalog. */
function catalogDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, join(here, 'src', 'engine', 'documents', 'catalog')]) {
    if (existsSync(join(dir, 'AWS-RunShellScript.json'))) return dir;
  }
  throw new Error(`document catalog not found next to ${here}; run npm run build`);
}
