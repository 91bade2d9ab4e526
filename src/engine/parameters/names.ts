// Parameter names, ARNs, selectors, paths and labels as AWS parses and checks them (UG
// sysman-parameter-name-constraints; the messages are AWS's, as quoted in public issue threads: docs/fidelity.md).
import {
  AccessDeniedException,
  HierarchyLevelLimitExceededException,
  ValidationException,
} from '../../model/generated/errors.js';
import { MAX_HIERARCHY_LEVELS, MAX_NAME_WITH_ARN } from './limits.js';

/** Real AWS text for any malformed name; it really mentions only "ssm" (boto/boto3#1499, aws/aws-sdk-php#1952). */
export const BAD_NAME_MESSAGE =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
const RESERVED_PREFIX_MESSAGE = 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).';
/** Real AWS text (aws-samples/resource-autotagger#1): note the backslash-quotes around aws/ssm only. */
export const BAD_PATH_MESSAGE =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with \\"aws\\" or \\"ssm\\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';
const HIERARCHY_MESSAGE =
  'A hierarchy can have a maximum of 15 levels. For more information, see About requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.';

const SEGMENT = '[a-zA-Z0-9_.\\-]+';
const NAME_RE = new RegExp(`^(?:${SEGMENT}|(?:/${SEGMENT})+)$`);
const PATH_RE = new RegExp(`^(?:/${SEGMENT})*/?$`);
const ARN_RE = /^arn:aws[a-z-]*:ssm:([a-z0-9-]*):(\d*):parameter(\/.*)$/;
const LABEL_RE = /^[a-zA-Z0-9_.-]+$/;

export interface ParameterRef {
  /** Lookup key, always starting with `/`. */
  key: string;
  /** The name as the caller wrote it, without ARN prefix or selector. */
  name: string;
  /** Owner partition: the caller's, or the one an ARN names. */
  account: string;
  region: string;
  selector?: string;
  /** The input exactly as passed (GetParameters echoes it in InvalidParameters). */
  input: string;
  viaArn: boolean;
}

export function keyOf(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}

export function parameterArn(region: string, account: string, key: string): string {
  return `arn:aws:ssm:${region}:${account}:parameter${key}`;
}

/** Splits `name[:selector]` or an ARN into a reference; throws AWS's name errors for malformed names. */
export function parseRef(
  input: string,
  scope: { account: string; region: string },
  allowSelector: boolean,
): ParameterRef {
  let rest = input;
  let account = scope.account;
  let region = scope.region;
  let viaArn = false;
  if (input.startsWith('arn:')) {
    const m = ARN_RE.exec(input);
    if (!m) throw new ValidationException(BAD_NAME_MESSAGE);
    region = m[1] || scope.region;
    account = m[2]; // empty account = public parameter ARN (UG parameter-store-public-parameters)
    rest = m[3];
    viaArn = true;
  }
  let selector: string | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0 && allowSelector) {
    selector = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!NAME_RE.test(rest)) throw new ValidationException(BAD_NAME_MESSAGE);
  return { key: keyOf(rest), name: rest, account, region, selector, input, viaArn };
}

/** True for names in the AWS-owned namespace (`aws...`, `/aws...`, any case). */
export function isReservedAws(key: string): boolean {
  return /^\/aws/i.test(key);
}

export function isPublicKey(key: string): boolean {
  return key.startsWith('/aws/');
}

export function reservedNameError(name: string): AccessDeniedException {
  // The console shows `/aws/test` as `aws/test` (aws-cloudformation/cfn-lint#4089).
  return new AccessDeniedException(`No access to reserved parameter name: ${name.replace(/^\//, '')}.`);
}

/** Rules a name must meet to be created (PutParameter). */
export function checkWritableName(ref: ParameterRef): void {
  const hierarchical = ref.name.startsWith('/') && ref.name.indexOf('/', 1) > 0;
  if (isReservedAws(ref.key)) {
    // Paths under /aws are AWS's public namespace (AccessDenied); plain `aws...` names fail validation (moto, aws_verified).
    if (hierarchical || ref.name.startsWith('/')) throw reservedNameError(ref.name);
    throw new ValidationException(RESERVED_PREFIX_MESSAGE);
  }
  if (/^\/?ssm/i.test(ref.name)) {
    throw new ValidationException(hierarchical ? BAD_NAME_MESSAGE : RESERVED_PREFIX_MESSAGE);
  }
  if (depthOf(ref.key) > MAX_HIERARCHY_LEVELS)
    throw new HierarchyLevelLimitExceededException(HIERARCHY_MESSAGE);
  const arnPrefix = `arn:aws:ssm:${ref.region}:${ref.account}:parameter/`;
  if (arnPrefix.length + ref.key.length - 1 > MAX_NAME_WITH_ARN) {
    // AWS's wording for this limit is not published; this names the documented rule.
    throw new ValidationException(
      `Parameter name: the name, counted together with its ARN prefix (${arnPrefix}), must be at most ${MAX_NAME_WITH_ARN} characters.`,
    );
  }
}

export function depthOf(key: string): number {
  return key.split('/').length - 1;
}

/** Normalises a GetParametersByPath / Path-filter value to a key prefix without trailing slash (`` for `/`). */
export function parsePath(path: string): string {
  if (!PATH_RE.test(path)) throw new ValidationException(BAD_PATH_MESSAGE);
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  if (/^\/(aws|ssm)/i.test(trimmed) && !trimmed.startsWith('/aws/') && trimmed !== '/aws') {
    throw new ValidationException(BAD_PATH_MESSAGE);
  }
  return trimmed;
}

/** UG sysman-paramstore-labels: letters, digits, `.-_`; not starting with a digit, `aws` or `ssm`. */
export function isValidLabel(label: string): boolean {
  return LABEL_RE.test(label) && !/^[0-9]/.test(label) && !/^(aws|ssm)/i.test(label);
}

/** A selector is a version when it is all digits, else a label. */
export function selectorVersion(selector: string): number | undefined {
  return /^[0-9]+$/.test(selector) ? Number(selector) : undefined;
}
