// loadDocument: what Run Command, Automation and Session Manager call to get a parsed document by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../../../src/engine/documents/index.js';
import { Store } from '../../../src/store/index.js';

const OWNER = { account: '111111111111', region: 'us-east-1' };
const FRIEND = { account: '222222222222', region: 'us-east-1' };
const CONTENT = (d: string) =>
  JSON.stringify({
    schemaVersion: '2.2',
    description: d,
    mainSteps: [{ action: 'aws:runShellScript', name: 'a' }],
  });
let store: Store;

beforeAll(() => {
  store = Store.open({ dataDir: '', inMemory: true });
  const repo = store.documents;
  repo.insertHead(OWNER.account, OWNER.region, {
    name: 'Mine',
    documentType: 'Command',
    createdMs: 1,
    latestVersion: 2,
    defaultVersion: 1,
    nextVersion: 3,
  });
  for (const v of [1, 2]) {
    repo.versions.insert(OWNER.account, OWNER.region, {
      name: 'Mine',
      version: v,
      versionName: `v${v}`,
      content: CONTENT(`version ${v}`),
      format: 'JSON',
      sha256: String(v),
      parameters: [],
      platformTypes: ['Linux'],
      status: 'Active',
      createdMs: v,
    });
  }
  repo.permissions.put(OWNER.account, OWNER.region, 'Mine', FRIEND.account, '$DEFAULT');
});
afterAll(() => store.close());

describe('loadDocument', () => {
  it('loads the default version, $LATEST, a number or a version name, parsed', () => {
    const pick = (v?: string, n?: string) => {
      const d = loadDocument(store, OWNER, 'Mine', v, n);
      return d?.version ? d.parsed.description : undefined;
    };
    expect(pick()).toBe('version 1');
    expect(pick('$LATEST')).toBe('version 2');
    expect(pick('2')).toBe('version 2');
    expect(pick(undefined, 'v2')).toBe('version 2');
    expect(pick('3')).toBeUndefined();
  });

  it('loads AWS-owned documents and shared ones by ARN, and nothing else', () => {
    const shell = loadDocument(store, FRIEND, 'AWS-RunShellScript');
    expect(shell?.ref.owner).toBe('Amazon');
    expect(shell?.version ? shell.parsed.kind : undefined).toBe('Command');
    const shared = loadDocument(store, FRIEND, 'arn:aws:ssm:us-east-1:111111111111:document/Mine');
    expect(shared?.ref).toMatchObject({ owner: OWNER.account, own: false });
    expect(loadDocument(store, FRIEND, 'Mine')).toBeUndefined();
    expect(
      loadDocument(
        store,
        { account: '333333333333', region: 'us-east-1' },
        'arn:aws:ssm:us-east-1:111111111111:document/Mine',
      ),
    ).toBeUndefined();
  });
});
