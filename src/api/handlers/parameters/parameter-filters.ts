// ParameterStringFilter checks and matching, with the texts AWS's validators use (moto quotes them;
// no real capture found, see research params.md section 4).
import {
  InvalidFilterKey,
  InvalidFilterOption,
  InvalidFilterValue,
  ValidationException,
} from '../../../model/generated/errors.js';
import type { ParameterStringFilter } from '../../../model/generated/types.js';
import type { ParameterRecord } from '../../../store/repositories/parameters.js';
import type { TagRecord } from '../../../store/repositories/tags.js';
import { keyOf, parsePath } from '../../../engine/parameters/names.js';

const TYPES = ['String', 'StringList', 'SecureString'];
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];

interface KeyRule {
  options: string[];
  defaultOption: string;
  values?: string[];
}

const DESCRIBE_RULES: Record<string, KeyRule> = {
  Name: { options: ['BeginsWith', 'Equals', 'Contains'], defaultOption: 'Equals' },
  Path: { options: ['Recursive', 'OneLevel'], defaultOption: 'OneLevel' },
  Type: { options: ['BeginsWith', 'Equals'], defaultOption: 'Equals', values: TYPES },
  KeyId: { options: ['BeginsWith', 'Equals'], defaultOption: 'Equals' },
  Tier: { options: ['Equals'], defaultOption: 'Equals', values: TIERS },
  DataType: { options: ['Equals'], defaultOption: 'Equals', values: DATA_TYPES },
};

const BY_PATH_RULES: Record<string, KeyRule> = {
  Type: { options: ['BeginsWith', 'Equals'], defaultOption: 'Equals', values: TYPES },
  KeyId: { options: ['BeginsWith', 'Equals'], defaultOption: 'Equals' },
  Label: { options: ['Equals'], defaultOption: 'Equals' },
};

export interface CheckedFilter {
  key: string;
  option: string;
  values: string[];
}

export function checkFilters(filters: ParameterStringFilter[] | undefined, byPath: boolean): CheckedFilter[] {
  const rules = byPath ? BY_PATH_RULES : DESCRIBE_RULES;
  const seen = new Set<string>();
  const out: CheckedFilter[] = [];
  for (const f of filters ?? []) {
    const isTag = f.Key.startsWith('tag:');
    const rule = isTag && !byPath ? { options: ['Equals'], defaultOption: 'Equals' } : rules[f.Key];
    if (!rule) {
      const valid = byPath ? '[Type, KeyId, Label]' : '[Path, Name, Type, KeyId, Tier]';
      throw new InvalidFilterKey(
        `The following filter key is not valid: ${f.Key}. Valid filter keys include: ${valid}.`,
      );
    }
    if (seen.has(f.Key)) {
      throw new InvalidFilterKey(
        `The following filter is duplicated in the request: ${f.Key}. A request can contain only one occurrence of a specific filter.`,
      );
    }
    seen.add(f.Key);
    const option = f.Option ?? rule.defaultOption;
    if (!rule.options.includes(option)) {
      throw new InvalidFilterOption(
        `The following filter option is not valid: ${option}. Valid options include: [${rule.options.join(', ')}].`,
      );
    }
    const values = f.Values ?? [];
    if (!values.length && !isTag) {
      throw new InvalidFilterValue(`The following filter values are missing : null for filter key ${f.Key}.`);
    }
    if (rule.values && option === 'Equals') {
      const bad = values.find((v) => !rule.values!.includes(v));
      if (bad !== undefined) {
        throw new InvalidFilterValue(
          `The following filter value is not valid: ${bad}. Valid values include: [${rule.values.join(', ')}].`,
        );
      }
    }
    if (f.Key === 'Path') {
      for (const v of values) {
        if (/^\/?(aws|ssm)/i.test(v)) {
          throw new ValidationException(
            'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.',
          );
        }
        parsePath(v);
      }
    }
    out.push({ key: f.Key, option, values });
  }
  return out;
}

function matchString(actual: string | undefined, option: string, values: string[]): boolean {
  if (actual === undefined) return false;
  return values.some((v) =>
    option === 'BeginsWith'
      ? actual.startsWith(v)
      : option === 'Contains'
        ? actual.includes(v)
        : actual === v,
  );
}

/** True when a record passes every filter; `tags` is called only when a tag filter needs it. */
export function matches(r: ParameterRecord, filters: CheckedFilter[], tags: () => TagRecord[]): boolean {
  for (const f of filters) {
    switch (f.key) {
      case 'Name': {
        const ok =
          f.option === 'Equals'
            ? f.values.some((v) => keyOf(v) === r.key)
            : f.option === 'BeginsWith'
              ? f.values.some((v) => r.key.startsWith(keyOf(v)))
              : matchString(r.name, f.option, f.values);
        if (!ok) return false;
        break;
      }
      case 'Path':
        if (!f.values.some((v) => inPath(r.key, parsePath(v), f.option === 'Recursive'))) return false;
        break;
      case 'Type':
        if (!matchString(r.type, f.option, f.values)) return false;
        break;
      case 'KeyId':
        if (r.type !== 'SecureString' || !matchString(r.keyId, f.option, f.values)) return false;
        break;
      case 'Tier':
        if (!f.values.includes(r.tier)) return false;
        break;
      case 'DataType':
        if (!f.values.includes(r.dataType)) return false;
        break;
      case 'Label':
        break; // GetParametersByPath swaps in the labelled version before filtering
      default: {
        const tagKey = f.key.slice('tag:'.length);
        const tag = tags().find((t) => t.key === tagKey);
        // A tag filter without values matches any parameter that has the key (aws/aws-cli#2850).
        if (!tag || (f.values.length && !f.values.includes(tag.value))) return false;
      }
    }
  }
  return true;
}

export function inPath(key: string, path: string, recursive: boolean): boolean {
  if (!key.startsWith(`${path}/`)) return false;
  return recursive || key.lastIndexOf('/') === path.length;
}
