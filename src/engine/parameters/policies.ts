// Parameter policies (UG parameter-store-policies): parsing, AWS's validation errors, and when each one fires.
import {
  IncompatiblePolicyException,
  InvalidPolicyAttributeException,
  InvalidPolicyTypeException,
  PoliciesLimitExceededException,
} from '../../model/generated/errors.js';
import { MAX_POLICIES } from './limits.js';

export type PolicyType = 'Expiration' | 'ExpirationNotification' | 'NoChangeNotification';
export type PolicyStatus = 'Pending' | 'Finished' | 'Failed' | 'InProgress';

export interface StoredPolicy {
  /** Compact JSON of the policy item, as DescribeParameters returns it in PolicyText (cli-ex). */
  text: string;
  type: PolicyType;
  status: PolicyStatus;
}

// AWS's real texts for these errors are not published; these are the model's descriptions of each error.
const TYPE_MESSAGE =
  "The policy type isn't supported. Parameter Store supports the following policy types: Expiration, ExpirationNotification, and NoChangeNotification.";
const ATTRIBUTE_MESSAGE = 'A policy attribute or its value is invalid.';
const INCOMPATIBLE_MESSAGE =
  "There is a conflict in the policies specified for this parameter. You can't, for example, specify two Expiration policies for a parameter. Review your policies, and try again.";
const LIMIT_MESSAGE =
  'You specified more than the maximum number of allowed policies for the parameter. The maximum is 10.';

const TYPES: PolicyType[] = ['Expiration', 'ExpirationNotification', 'NoChangeNotification'];
const UNIT_MS: Record<string, number> = { Days: 86_400_000, Hours: 3_600_000 };

/** Parses the Policies string; `[{}]` means "remove all policies" (UG), returned as an empty list. */
export function parsePolicies(json: string): StoredPolicy[] {
  let items: unknown;
  try {
    items = JSON.parse(json);
  } catch {
    throw new InvalidPolicyAttributeException(ATTRIBUTE_MESSAGE);
  }
  if (!Array.isArray(items)) throw new InvalidPolicyAttributeException(ATTRIBUTE_MESSAGE);
  if (items.length === 1 && isEmptyObject(items[0])) return [];
  if (items.length > MAX_POLICIES) throw new PoliciesLimitExceededException(LIMIT_MESSAGE);
  const out: StoredPolicy[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InvalidPolicyAttributeException(ATTRIBUTE_MESSAGE);
    }
    const p = item as Record<string, unknown>;
    if (typeof p.Type !== 'string' || !TYPES.includes(p.Type as PolicyType)) {
      throw new InvalidPolicyTypeException(TYPE_MESSAGE);
    }
    const type = p.Type as PolicyType;
    if (p.Version !== '1.0' || typeof p.Attributes !== 'object' || p.Attributes === null) {
      throw new InvalidPolicyAttributeException(ATTRIBUTE_MESSAGE);
    }
    checkAttributes(type, p.Attributes as Record<string, unknown>);
    out.push({ text: JSON.stringify(p), type, status: 'Pending' });
  }
  const count = (t: PolicyType) => out.filter((p) => p.type === t).length;
  // UG: several ExpirationNotification policies are fine; two Expiration (or NoChange) policies conflict.
  if (count('Expiration') > 1 || count('NoChangeNotification') > 1) {
    throw new IncompatiblePolicyException(INCOMPATIBLE_MESSAGE);
  }
  return out;
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

function checkAttributes(type: PolicyType, a: Record<string, unknown>): void {
  if (type === 'Expiration') {
    if (typeof a.Timestamp !== 'string' || Number.isNaN(parseTimestamp(a.Timestamp))) {
      throw new InvalidPolicyAttributeException(ATTRIBUTE_MESSAGE);
    }
    return;
  }
  const amount = type === 'ExpirationNotification' ? a.Before : a.After;
  if (
    typeof amount !== 'string' ||
    !/^[1-9][0-9]{0,5}$/.test(amount) ||
    typeof a.Unit !== 'string' ||
    !UNIT_MS[a.Unit]
  ) {
    throw new InvalidPolicyAttributeException(ATTRIBUTE_MESSAGE);
  }
}

/** ISO_INSTANT or ISO_OFFSET_DATE_TIME (UG); the UG's own example `+10:30:00` carries seconds in the offset. */
export function parseTimestamp(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2}(?::\d{2})?)$/.exec(
    s,
  );
  if (!m) return NaN;
  const offset = m[2] === 'Z' ? 'Z' : m[2].slice(0, 6);
  const frac = m[1].replace(/(\.\d{3})\d+$/, '$1');
  return Date.parse(frac + offset);
}

export function policyAttributes(p: StoredPolicy): Record<string, string> {
  return (JSON.parse(p.text) as { Attributes: Record<string, string> }).Attributes;
}

/** When a pending policy fires, given the parameter's last modification; undefined if it never does. */
export function dueAt(p: StoredPolicy, all: StoredPolicy[], lastModifiedMs: number): number | undefined {
  const a = policyAttributes(p);
  if (p.type === 'Expiration') return parseTimestamp(a.Timestamp);
  if (p.type === 'NoChangeNotification') return lastModifiedMs + Number(a.After) * UNIT_MS[a.Unit];
  const expiration = all.find((x) => x.type === 'Expiration');
  if (!expiration) return undefined;
  return parseTimestamp(policyAttributes(expiration).Timestamp) - Number(a.Before) * UNIT_MS[a.Unit];
}

export function encodePolicies(list: StoredPolicy[]): string | undefined {
  return list.length ? JSON.stringify(list) : undefined;
}

export function decodePolicies(json: string | undefined): StoredPolicy[] {
  return json ? (JSON.parse(json) as StoredPolicy[]) : [];
}
