// AWS's exact wording for ValidationException and SerializationException (AWS's Coral framework),
// in one file so that the golden test pins every phrase. Sources: real captures quoted in docs/fidelity.md.
import { MODEL } from '../model/index.js';

export const NOT_NULL = 'Member must not be null';
export const minLength = (n: number) => `Member must have length greater than or equal to ${n}`;
export const maxLength = (n: number) => `Member must have length less than or equal to ${n}`;
export const minValue = (n: number) => `Member must have value greater than or equal to ${n}`;
export const maxValue = (n: number) => `Member must have value less than or equal to ${n}`;
export const patternText = (p: string) => `Member must satisfy regular expression pattern: ${p}`;
// SSM lists enum values in the reverse of the published model order: `[SecureString, StringList, String]`.
export const enumText = (values: string[]) =>
  `Member must satisfy enum value set: [${[...values].reverse().join(', ')}]`;

/** Elements of a list of scalars, and map keys and values, are reported once on the whole collection. */
export const listElements = (constraints: string[]) =>
  `Member must satisfy constraint: [${constraints.join(', ')}]`;
export const mapKeys = (constraints: string[]) =>
  `Map keys must satisfy constraint: [${constraints.join(', ')}]`;
export const mapValues = (constraints: string[]) =>
  `Map value must satisfy constraint: [${constraints.join(', ')}]`;

/** AWS lists at most this many violations, and the count in the prefix is the listed count. */
export const MAX_REPORTED_ERRORS = 10;

/** Values of shapes the model marks sensitive (parameter values, command parameters) are left out. */
export const SENSITIVE = Symbol('sensitive');

/** Member names appear lower-camel-cased in paths: `ParameterFilters` is written `parameterFilters`. */
export function memberPathName(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** A structure inside a list is written `parameterFilters.1.member.key` (1-based). */
export function listItemPath(path: string, index: number): string {
  return `${path}.${index + 1}.member`;
}

/** A structure inside a map is written `map.KEY.member.field`, the key raw. */
export function mapValuePath(path: string, key: string): string {
  return `${path}.${key}.member`;
}

/**
 * Renders a value as Java's toString does inside Coral's message: lists `[a, b]`, maps `{k=v}`,
 * structures Lombok-style with every member in model order, `Target(key=tag:a, values=[1])`.
 */
export function renderValue(v: unknown, shapeName?: string): string {
  const s = shapeName ? MODEL.shapes[shapeName] : undefined;
  if (Array.isArray(v)) return `[${v.map((x) => renderValue(x, s?.member)).join(', ')}]`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v !== null) {
    const obj = v as Record<string, unknown>;
    if (s?.type === 'structure') {
      const fields = Object.entries(s.members ?? {}).map(
        ([m, ref]) =>
          `${memberPathName(m)}=${obj[m] === undefined ? 'null' : renderValue(obj[m], ref.shape)}`,
      );
      return `${shapeName}(${fields.join(', ')})`;
    }
    return `{${Object.entries(obj)
      .map(([k, x]) => `${k}=${renderValue(x, s?.value)}`)
      .join(', ')}}`;
  }
  return String(v);
}

export function violation(value: unknown, path: string, constraint: string, shapeName?: string): string {
  if (value === SENSITIVE || (shapeName !== undefined && MODEL.shapes[shapeName]?.sensitive))
    return `Value at '${path}' failed to satisfy constraint: ${constraint}`;
  const shown = value === null ? 'null' : `'${renderValue(value, shapeName)}'`;
  return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

export function summary(errors: string[]): string {
  const listed = errors.slice(0, MAX_REPORTED_ERRORS);
  const n = listed.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${listed.join('; ')}`;
}

/** SerializationException text for a JSON value of the wrong kind (newer Coral wording). */
export function wrongType(
  value: unknown,
  expected:
    | 'String'
    | 'Integer'
    | 'Long'
    | 'Double'
    | 'Boolean'
    | 'Timestamp'
    | 'Blob'
    | 'List'
    | 'Map'
    | 'Structure',
): string {
  if (Array.isArray(value)) return 'Start of list found where not expected';
  if (typeof value === 'object' && value !== null)
    return 'Start of structure or map found where not expected.';
  if (expected === 'List') return 'Expected list or null';
  if (expected === 'Map') return 'Expected map or null';
  if (expected === 'Structure') return 'Expected null';
  const kind =
    typeof value === 'number'
      ? 'NUMBER_VALUE'
      : typeof value === 'boolean'
        ? value
          ? 'TRUE_VALUE'
          : 'FALSE_VALUE'
        : 'STRING_VALUE';
  return `${kind} can not be converted to ${/^[AEIOU]/.test(expected) ? 'an' : 'a'} ${expected}`;
}
