// Shared by the Parameter Store handlers: finding a parameter for a read (selectors, ARNs, public and
// shared parameters) and building the API shapes from a stored record.
import type {
  Parameter,
  ParameterHistory,
  ParameterInlinePolicy,
  ParameterMetadata,
} from '../../../model/generated/types.js';
import {
  AccessDeniedException,
  ParameterNotFound,
  ParameterVersionNotFound,
  ValidationException,
} from '../../../model/generated/errors.js';
import type { RequestContext } from '../../protocol/handler.js';
import type { ParameterRecord } from '../../../store/repositories/parameters.js';
import { decodePolicies } from '../../../engine/parameters/policies.js';
import { getPublic, type PublicParameter } from '../../../engine/parameters/public/catalogue.js';
import {
  isPublicKey,
  isReservedAws,
  parameterArn,
  parseRef,
  reservedNameError,
  selectorVersion,
  type ParameterRef,
} from '../../../engine/parameters/names.js';

const SECRETS_PREFIX = '/aws/reference/secretsmanager/';

export interface Found {
  record: ParameterRecord;
  account: string;
  region: string;
  selector?: string;
  /** Public parameters have an ARN with an empty account (UG parameter-store-public-parameters). */
  arnAccount: string;
}

/** Resolves a name, `name:selector` or ARN for GetParameter(s); throws AWS's not-found errors. */
export function findForRead(ctx: RequestContext, input: string, withDecryption: boolean | undefined): Found {
  const ref = parseRef(input, ctx, true);
  if (ref.key.startsWith(SECRETS_PREFIX)) secretsManagerReference(ref, withDecryption);
  if (isPublicKey(ref.key)) return findPublic(ctx, ref);
  if (isReservedAws(ref.key)) throw reservedNameError(ref.name);
  checkCrossAccount(ctx, ref, 'GetParameter');
  const repo = ctx.services.store.parameters;
  let record: ParameterRecord | undefined;
  if (ref.selector === undefined) record = repo.get(ref.account, ref.region, ref.key);
  else {
    const current = repo.get(ref.account, ref.region, ref.key);
    if (!current) throw new ParameterNotFound('');
    const version = selectorVersion(ref.selector);
    if (version !== undefined) {
      record =
        version === current.version ? current : repo.getVersion(ref.account, ref.region, ref.key, version);
      if (!record) throw versionNotFound(ref.name, ref.selector);
    } else record = repo.getByLabel(ref.account, ref.region, ref.key, ref.selector);
  }
  // AWS sends ParameterNotFound with no message at all (research params.md section 0.1).
  if (!record) throw new ParameterNotFound('');
  return {
    record,
    account: ref.account,
    region: ref.region,
    selector: ref.selector === undefined ? undefined : `:${ref.selector}`,
    arnAccount: ref.account,
  };
}

/** moto PR #3977, built from real AWS output. */
export function versionNotFound(name: string, version: string | number): ParameterVersionNotFound {
  return new ParameterVersionNotFound(
    `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
  );
}

function secretsManagerReference(ref: ParameterRef, withDecryption: boolean | undefined): never {
  // sous-chefs/aws#419 quotes AWS's check; past it, the reference would need Secrets Manager.
  if (!withDecryption)
    throw new ValidationException('WithDecryption flag must be True for retrieving a Secret Manager secret.');
  throw new ParameterNotFound(
    `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${ref.key.slice(SECRETS_PREFIX.length)} not found. ssm-emulator does not emulate AWS Secrets Manager, so /aws/reference/secretsmanager/ names cannot be resolved.`,
  );
}

function findPublic(ctx: RequestContext, ref: ParameterRef): Found {
  const p = getPublic(ref.key, ref.region);
  if (!p) throw new ParameterNotFound('');
  if (ref.selector !== undefined && selectorVersion(ref.selector) !== p.version) {
    if (selectorVersion(ref.selector) !== undefined) throw versionNotFound(ref.name, ref.selector);
    throw new ParameterNotFound('');
  }
  return {
    record: publicRecord(p),
    account: '',
    region: ref.region,
    selector: ref.selector === undefined ? undefined : `:${ref.selector}`,
    arnAccount: '',
  };
}

export function publicRecord(p: PublicParameter): ParameterRecord {
  return {
    key: p.key,
    name: p.key,
    type: 'String',
    value: p.value,
    version: p.version,
    tier: 'Standard',
    dataType: 'text',
    lastModifiedMs: p.lastModifiedMs,
    lastModifiedUser: 'arn:aws:iam::aws:root',
  };
}

/** Another account's parameter is readable only by full ARN and when its resource policy shares it (UG). */
export function checkCrossAccount(ctx: RequestContext, ref: ParameterRef, action: string): void {
  if (ref.account === ctx.account && ref.region === ctx.region) return;
  const arn = parameterArn(ref.region, ref.account, ref.key);
  if (
    ref.region === ctx.region &&
    ctx.services.store.resourcePolicies.isSharedWith(ref.account, ref.region, arn, ctx.account)
  ) {
    return;
  }
  throw notAuthorized(ctx, arn, action);
}

/**
 * A write names only the caller's own account and region: shared parameters are read-only to other accounts
 * (UG parameter-store-shared-parameters: RAM's permission sets grant read actions only), and a request is
 * served by one region's endpoint, so an ARN of another region is refused the same way.
 */
export function checkOwnPartition(ctx: RequestContext, ref: ParameterRef, action: string): void {
  if (ref.account === ctx.account && ref.region === ctx.region) return;
  throw notAuthorized(ctx, parameterArn(ref.region, ref.account, ref.key), action);
}

function notAuthorized(ctx: RequestContext, arn: string, action: string): AccessDeniedException {
  return new AccessDeniedException(
    `User: ${ctx.callerArn} is not authorized to perform: ssm:${action} on resource: ${arn} because no resource-based policy allows the ssm:${action} action`,
  );
}

export function plainValue(
  ctx: RequestContext,
  account: string,
  region: string,
  r: ParameterRecord,
  decrypt: boolean,
): string {
  if (r.type !== 'SecureString' || !decrypt) return r.value;
  return ctx.services.parameters.keys.decrypt(
    account,
    region,
    r.value,
    encryptionContext(account, region, r.key),
  );
}

export function encryptionContext(account: string, region: string, key: string): string {
  return parameterArn(region, account, key);
}

export function toParameter(ctx: RequestContext, f: Found, withDecryption: boolean | undefined): Parameter {
  const r = f.record;
  return {
    Name: r.name,
    Type: r.type as Parameter['Type'],
    Value: plainValue(ctx, f.account, f.region, r, withDecryption === true),
    Version: r.version,
    Selector: f.selector,
    LastModifiedDate: new Date(r.lastModifiedMs),
    ARN: parameterArn(f.region, f.arnAccount, r.key),
    DataType: r.dataType,
  };
}

export function toPolicies(json: string | undefined): ParameterInlinePolicy[] {
  return decodePolicies(json).map((p) => ({
    PolicyText: p.text,
    PolicyType: p.type,
    PolicyStatus: p.status,
  }));
}

export function toMetadata(r: ParameterRecord, account: string, region: string): ParameterMetadata {
  return {
    Name: r.name,
    ARN: parameterArn(region, account, r.key),
    Type: r.type as ParameterMetadata['Type'],
    KeyId: r.type === 'SecureString' ? r.keyId : undefined,
    LastModifiedDate: new Date(r.lastModifiedMs),
    LastModifiedUser: r.lastModifiedUser,
    Description: r.description,
    AllowedPattern: r.allowedPattern,
    Version: r.version,
    Tier: r.tier as ParameterMetadata['Tier'],
    Policies: toPolicies(r.policies),
    DataType: r.dataType,
  };
}

export function toHistory(
  ctx: RequestContext,
  r: ParameterRecord,
  labels: string[],
  account: string,
  region: string,
  withDecryption: boolean | undefined,
): ParameterHistory {
  return {
    Name: r.name,
    Type: r.type as ParameterHistory['Type'],
    KeyId: r.type === 'SecureString' ? r.keyId : undefined,
    LastModifiedDate: new Date(r.lastModifiedMs),
    LastModifiedUser: r.lastModifiedUser,
    Description: r.description,
    Value: plainValue(ctx, account, region, r, withDecryption === true),
    AllowedPattern: r.allowedPattern,
    Version: r.version,
    Labels: labels,
    Tier: r.tier as ParameterHistory['Tier'],
    Policies: toPolicies(r.policies),
    DataType: r.dataType,
  };
}

/** Resolves a name (or own ARN) for a write or history read; reserved names give AccessDenied. */
export function findOwn(ctx: RequestContext, input: string): { ref: ParameterRef; record: ParameterRecord } {
  const ref = parseRef(input, ctx, false);
  if (isReservedAws(ref.key)) throw reservedNameError(ref.name);
  const record =
    ref.account === ctx.account && ref.region === ctx.region
      ? ctx.services.store.parameters.get(ctx.account, ctx.region, ref.key)
      : undefined;
  if (!record) throw new ParameterNotFound('');
  return { ref, record };
}
