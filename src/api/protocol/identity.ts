// Account and region from the SigV4 credential scope (signatures are not checked: DESIGN.md section 2).
import { IncompleteSignatureException, MissingAuthenticationTokenException } from './ssm-error.js';

export interface Identity {
  account: string;
  region: string;
  accessKeyId: string | undefined;
}

const ACCOUNT_KEY = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ALGORITHM = 'AWS4-HMAC-SHA256';

// What SDKs and the CLIs send; such a header is read through the cache below instead of parsed part by part.
const WELL_FORMED = /^AWS4-HMAC-SHA256 Credential=([^\s,]+), ?SignedHeaders=[^\s,]*, ?Signature=[^\s,]*$/;
/** Identities by credential scope: a client signs every request with the same one (per key and day). */
const byCredential = new Map<string, Identity>();
const MAX_CACHED_CREDENTIALS = 1000;

export function identify(
  authorization: string | undefined,
  defaults: { account: string; region: string },
): Identity {
  // No Authorization at all is `aws --no-sign-request`: the defaults serve, as the README says.
  if (authorization === undefined || authorization.trim() === '') {
    return { account: defaults.account, region: defaults.region, accessKeyId: undefined };
  }
  const credential = WELL_FORMED.exec(authorization)?.[1];
  if (credential === undefined) return parse(authorization, defaults);
  const key = `${credential} ${defaults.account} ${defaults.region}`;
  let id = byCredential.get(key);
  if (!id) {
    id = parse(authorization, defaults);
    if (byCredential.size >= MAX_CACHED_CREDENTIALS) byCredential.clear();
    byCredential.set(key, id);
  }
  return { ...id };
}

function parse(authorization: string, defaults: { account: string; region: string }): Identity {
  // AWS's front end: a header that is not SigV4 at all is a missing token.
  if (!authorization.startsWith('AWS4-')) throw new MissingAuthenticationTokenException();
  const parts = new Map<string, string>();
  for (const raw of authorization.slice(authorization.indexOf(' ') + 1).split(',')) {
    const part = raw.trim();
    if (!part || !authorization.includes(' ')) continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      throw new IncompleteSignatureException(
        `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
      );
    }
    parts.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders']
    .filter((k) => !parts.has(k))
    .map((k) => `Authorization header requires '${k}' parameter. `)
    .join('');
  if (missing) throw new IncompleteSignatureException(`${missing}Authorization=${authorization}`);
  const algorithm = authorization.slice(0, authorization.indexOf(' '));
  if (algorithm !== ALGORITHM) {
    throw new IncompleteSignatureException(
      `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `,
    );
  }
  const scope = parts.get('Credential')!.split('/');
  if (scope.length !== 5) {
    throw new IncompleteSignatureException(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.get('Credential')}'`,
    );
  }
  const [accessKeyId, , region] = scope;
  return {
    accessKeyId,
    account: ACCOUNT_KEY.test(accessKeyId) ? accessKeyId : defaults.account,
    region: REGION.test(region) ? region : defaults.region,
  };
}
