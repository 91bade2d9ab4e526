// Shared by the resource-policy handlers: the parameter a ResourceArn names, and what a policy shares.
// AWS publishes no texts for these errors for parameters; the messages below describe the documented rules
// (UG parameter-store-shared-parameters).
import { createHash } from 'node:crypto';
import {
  MalformedResourcePolicyDocumentException,
  ResourceNotFoundException,
  ResourcePolicyConflictException,
  ResourcePolicyInvalidParameterException,
  ResourcePolicyNotFoundException,
} from '../../../model/generated/errors.js';
import type { RequestContext } from '../../protocol/handler.js';
import type { ParameterRecord } from '../../../store/repositories/parameters.js';
import type { ResourcePolicyRecord } from '../../../store/repositories/resource-policies.js';
import { parameterArn } from '../../../engine/parameters/names.js';
import { DEFAULT_KEY_ALIAS } from '../../../engine/parameters/kms.js';

const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter(\/.+)$/;

export function targetParameter(
  ctx: RequestContext,
  resourceArn: string,
): { record: ParameterRecord; arn: string } {
  const m = PARAMETER_ARN.exec(resourceArn);
  if (!m) {
    throw new ResourcePolicyInvalidParameterException(
      `The resource ARN ${resourceArn} isn't valid. Specify the ARN of a parameter.`,
      {
        ParameterNames: ['ResourceArn'],
      },
    );
  }
  const [, region, account, key] = m;
  const record =
    region === ctx.region && account === ctx.account
      ? ctx.services.store.parameters.get(account, region, key)
      : undefined;
  if (!record)
    throw new ResourceNotFoundException(
      `The specified parameter to be shared could not be found: ${resourceArn}`,
    );
  return { record, arn: parameterArn(region, account, key) };
}

/** UG: only advanced parameters, and SecureStrings encrypted with a customer managed key, can be shared. */
export function checkShareable(record: ParameterRecord): void {
  if (record.tier !== 'Advanced') {
    throw new ResourcePolicyInvalidParameterException(
      `Parameter ${record.name} can't be shared: only parameters in the advanced-parameter tier can be shared.`,
      { ParameterNames: ['ResourceArn'] },
    );
  }
  if (record.type === 'SecureString' && (!record.keyId || record.keyId === DEFAULT_KEY_ALIAS)) {
    throw new ResourcePolicyInvalidParameterException(
      `Parameter ${record.name} can't be shared: a SecureString parameter must be encrypted with a customer managed key to be shared.`,
      { ParameterNames: ['ResourceArn'] },
    );
  }
}

/** Accounts a policy's Allow statements name as principals (account ids or account root/user ARNs, or `*`). */
export function granteesOf(policy: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw malformed();
  }
  if (typeof doc !== 'object' || doc === null) throw malformed();
  const raw = (doc as { Statement?: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : undefined;
  if (!statements) throw malformed();
  const out = new Set<string>();
  for (const s of statements as Array<{ Effect?: unknown; Principal?: unknown }>) {
    if (typeof s !== 'object' || s === null || (s.Effect !== 'Allow' && s.Effect !== 'Deny'))
      throw malformed();
    if (s.Effect !== 'Allow') continue;
    const principal = s.Principal;
    const list =
      principal === '*'
        ? ['*']
        : typeof principal === 'object' && principal
          ? (principal as { AWS?: unknown }).AWS
          : undefined;
    for (const p of Array.isArray(list) ? list : list === undefined ? [] : [list]) {
      if (typeof p !== 'string') throw malformed();
      const account =
        p === '*' ? '*' : /^\d{12}$/.test(p) ? p : /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(p)?.[1];
      if (!account) throw malformed();
      out.add(account);
    }
  }
  return [...out];
}

function malformed(): MalformedResourcePolicyDocumentException {
  return new MalformedResourcePolicyDocumentException(
    'The policy document is malformed: it must be a JSON IAM policy whose Allow statements name principals by account id or ARN.',
  );
}

export function policyHash(policy: string): string {
  return createHash('sha256').update(policy).digest('hex');
}

/** PolicyId and PolicyHash must name the stored policy, and the hash must be the current one. */
export function existingPolicy(
  ctx: RequestContext,
  arn: string,
  policyId: string,
  hash: string | undefined,
): ResourcePolicyRecord {
  const found = ctx.services.store.resourcePolicies.get(ctx.account, ctx.region, arn, policyId);
  if (!found)
    throw new ResourcePolicyNotFoundException(
      `No policies with policy ID ${policyId} and the specified hash could be found.`,
    );
  if (hash !== found.policyHash) {
    throw new ResourcePolicyConflictException(
      "The hash provided in the call doesn't match the stored hash. Get the current policy with GetResourcePolicies and try again.",
    );
  }
  return found;
}
