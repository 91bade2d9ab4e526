// ONE generic input check driven by the model: JSON types (SerializationException, fatal) and
// constraints (collected into one ValidationException with AWS's text). Handlers never re-check these.
import { randomUUID } from 'node:crypto';
import { MODEL } from '../model/index.js';
import type { Shape } from '../model/types.js';
import { ValidationException } from '../../model/generated/errors.js';
import { SerializationException } from './ssm-error.js';
import * as text from './validation-text.js';

/** Checks one value; returns it converted (timestamps to Date, blobs to Buffer). Pushes constraint failures. */
type Walker = (value: unknown, path: string, errors: string[]) => unknown;

const walkers = new Map<string, Walker>();

function walkerFor(shapeName: string): Walker {
  let w = walkers.get(shapeName);
  if (!w) {
    // Placeholder first: recursive shapes (none in SSM today) would otherwise loop while compiling.
    walkers.set(shapeName, (v, p, e) => walkers.get(shapeName)!(v, p, e));
    w = compile(MODEL.shapes[shapeName], shapeName);
    walkers.set(shapeName, w);
  }
  return w;
}

function compile(s: Shape, name: string): Walker {
  switch (s.type) {
    case 'structure':
      return compileStructure(s);
    case 'list':
      return compileList(s, name);
    case 'map':
      return compileMap(s, name);
    case 'string':
      return compileString(s);
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return compileNumber(s);
    case 'boolean':
      return (v) => {
        if (typeof v !== 'boolean') throw new SerializationException(text.wrongType(v, 'Boolean'));
        return v;
      };
    case 'timestamp':
      return (v) => toDate(v);
    case 'blob':
      return (v, path, errors) => {
        if (typeof v !== 'string') throw new SerializationException(text.wrongType(v, 'Blob'));
        const bytes = Buffer.from(v, 'base64');
        const shown = s.sensitive ? text.SENSITIVE : v;
        if (s.min !== undefined && bytes.length < s.min)
          errors.push(text.violation(shown, path, text.minLength(s.min)));
        if (s.max !== undefined && bytes.length > s.max)
          errors.push(text.violation(shown, path, text.maxLength(s.max)));
        return bytes;
      };
    default:
      throw new Error(`shape ${name} has an unsupported type ${String(s.type)}`);
  }
}

function compileStructure(s: Shape): Walker {
  const required = new Set(s.required ?? []);
  const members = Object.entries(s.members ?? {}).map(([name, ref]) => ({
    name,
    wire: text.memberPathName(name),
    required: required.has(name),
    idempotencyToken: ref.idempotencyToken === true,
    shape: ref.shape,
    walk: undefined as Walker | undefined,
  }));
  return (v, path, errors) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new SerializationException(text.wrongType(v, 'Structure'));
    }
    const obj = v as Record<string, unknown>;
    for (const m of members) {
      let value = obj[m.name];
      if (value === null) delete obj[m.name]; // JSON null is an absent member, as AWS treats it
      if (value === undefined || value === null) {
        // SDKs fill idempotency tokens; raw callers get the same service-side default.
        if (m.idempotencyToken) obj[m.name] = value = randomUUID();
        else {
          if (m.required) errors.push(text.violation(null, childPath(path, m.wire), text.NOT_NULL));
          continue;
        }
      }
      m.walk ??= walkerFor(m.shape);
      obj[m.name] = m.walk(value, childPath(path, m.wire), errors);
    }
    return obj;
  };
}

function compileList(s: Shape, name: string): Walker {
  const itemShape = s.member!;
  const scalarItems = isScalar(MODEL.shapes[itemShape]);
  let item: Walker | undefined;
  return (v, path, errors) => {
    if (!Array.isArray(v)) throw new SerializationException(text.wrongType(v, 'List'));
    item ??= walkerFor(itemShape);
    // Elements are type-checked before the list is rendered into a message: a wrong type wins, and
    // a hostile, deeply nested value never reaches the renderer. The list's own errors still come first.
    const own = errors.length;
    let failed: string[] | undefined;
    if (scalarItems) failed = checkScalars(v, itemShape, item);
    else {
      for (let i = 0; i < v.length; i++) {
        const p = text.listItemPath(path, i);
        if (v[i] === null || v[i] === undefined) errors.push(text.violation(null, p, text.NOT_NULL));
        else v[i] = item(v[i], p, errors);
      }
    }
    const mine = sizeViolations(s, name, v.length, v, path);
    // Scalars inside a list are reported once, on the list, with every constraint of the element shape.
    if (failed) mine.push(text.violation(v, path, text.listElements(failed), name));
    errors.splice(own, 0, ...mine);
    return v;
  };
}

function compileMap(s: Shape, name: string): Walker {
  const scalarValues = isScalar(MODEL.shapes[s.value!]);
  let key: Walker | undefined;
  let value: Walker | undefined;
  return (v, path, errors) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new SerializationException(text.wrongType(v, 'Map'));
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    key ??= walkerFor(s.key!);
    value ??= walkerFor(s.value!);
    const own = errors.length;
    const badKeys = checkScalars(keys, s.key!, key);
    let badValues: string[] | undefined;
    if (scalarValues) {
      const values = keys.map((k) => obj[k]);
      badValues = checkScalars(values, s.value!, value);
      keys.forEach((k, i) => (obj[k] = values[i]));
    } else {
      for (const k of keys) {
        const p = text.mapValuePath(path, k);
        if (obj[k] === null) errors.push(text.violation(null, p, text.NOT_NULL));
        else obj[k] = value(obj[k], p, errors);
      }
    }
    const mine = sizeViolations(s, name, keys.length, obj, path);
    if (badKeys) mine.push(text.violation(obj, path, text.mapKeys(badKeys), name));
    if (badValues) mine.push(text.violation(obj, path, text.mapValues(badValues), name));
    errors.splice(own, 0, ...mine);
    return obj;
  };
}

function isScalar(s: Shape): boolean {
  return s.type !== 'structure' && s.type !== 'list' && s.type !== 'map';
}

/** Type-checks scalar elements; returns the element shape's constraints when any element breaks one. */
function checkScalars(values: unknown[], shapeName: string, walk: Walker): string[] | undefined {
  let bad = false;
  let hasNull = false;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) {
      hasNull = true;
      continue;
    }
    const local: string[] = [];
    values[i] = walk(values[i], '', local);
    if (local.length) bad = true;
  }
  if (!bad && !hasNull) return undefined;
  // Inside the brackets AWS writes max, then min, then pattern (and enum), with not-null last.
  const s = MODEL.shapes[shapeName];
  const numeric = s.type !== 'string' && s.type !== 'blob';
  const out: string[] = [];
  if (s.max !== undefined) out.push(numeric ? text.maxValue(s.max) : text.maxLength(s.max));
  if (s.min !== undefined) out.push(numeric ? text.minValue(s.min) : text.minLength(s.min));
  if (s.pattern !== undefined) out.push(text.patternText(s.pattern));
  if (s.enum) out.push(text.enumText(s.enum));
  if (hasNull) out.push(text.NOT_NULL);
  return out;
}

function compileString(s: Shape): Walker {
  const pattern = s.pattern !== undefined ? compilePattern(s.pattern) : undefined;
  const allowed = s.enum ? new Set(s.enum) : undefined;
  const sensitive = s.sensitive === true;
  return (v, path, errors) => {
    if (typeof v !== 'string') throw new SerializationException(text.wrongType(v, 'String'));
    const shown = sensitive ? text.SENSITIVE : v;
    // Within one member AWS reports the pattern before the length.
    if (pattern && !pattern.test(v)) errors.push(text.violation(shown, path, text.patternText(s.pattern!)));
    if (s.min !== undefined && v.length < s.min)
      errors.push(text.violation(shown, path, text.minLength(s.min)));
    if (s.max !== undefined && v.length > s.max)
      errors.push(text.violation(shown, path, text.maxLength(s.max)));
    if (allowed && !allowed.has(v)) errors.push(text.violation(shown, path, text.enumText(s.enum!)));
    return v;
  };
}

function compileNumber(s: Shape): Walker {
  const integral = s.type === 'integer' || s.type === 'long';
  return (v, path, errors) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new SerializationException(
        text.wrongType(v, s.type === 'long' ? 'Long' : integral ? 'Integer' : 'Double'),
      );
    const n = integral ? Math.trunc(v) : v; // Jackson truncates a fractional number bound to an integer member
    if (s.min !== undefined && n < s.min) errors.push(text.violation(n, path, text.minValue(s.min)));
    if (s.max !== undefined && n > s.max) errors.push(text.violation(n, path, text.maxValue(s.max)));
    return n;
  };
}

function sizeViolations(s: Shape, name: string, size: number, v: unknown, path: string): string[] {
  const out: string[] = [];
  if (s.min !== undefined && size < s.min) out.push(text.violation(v, path, text.minLength(s.min), name));
  if (s.max !== undefined && size > s.max) out.push(text.violation(v, path, text.maxLength(s.max), name));
  return out;
}

function toDate(v: unknown): Date {
  // JS v3 sends fractional epoch seconds, botocore whole seconds; ISO strings are accepted as AWS's parser does.
  // Beyond JS's date range (e.g. 1e20) is as unreadable as a wrong type.
  const d =
    typeof v === 'number'
      ? new Date(Math.round(v * 1000))
      : typeof v === 'string'
        ? /^-?\d+(\.\d+)?$/.test(v)
          ? new Date(Math.round(Number(v) * 1000))
          : new Date(v)
        : undefined;
  if (d && !Number.isNaN(d.getTime())) return d;
  throw new SerializationException(text.wrongType(v, 'Timestamp'));
}

function compilePattern(pattern: string): RegExp {
  // Java's Matcher.matches() means the whole value must match; most model patterns need the `u` flag for \p{..}.
  // A leading Java inline flag `(?i)` (AccountId: `(?i)all|[0-9]{12}`) becomes the JS `i` flag.
  const caseless = pattern.startsWith('(?i)');
  const body = caseless ? pattern.slice(4) : pattern;
  const flags = caseless ? 'i' : '';
  try {
    return new RegExp(`^(?:${body})$`, `u${flags}`);
  } catch {
    return new RegExp(`^(?:${body})$`, flags);
  }
}

function childPath(parent: string, member: string): string {
  return parent ? `${parent}.${member}` : member;
}

/**
 * Checks and converts an operation's input in place. Throws SerializationException on a wrong JSON
 * type and ValidationException listing every constraint that failed.
 */
export function validateInput(
  inputShape: string | undefined,
  body: Record<string, unknown>,
): Record<string, unknown> {
  if (!inputShape) return body;
  const errors: string[] = [];
  walkerFor(inputShape)(body, '', errors);
  if (errors.length) throw new ValidationException(text.summary(errors));
  return body;
}

/** Every model pattern compiles (checked by a unit test, so a model update cannot break requests at run time). */
export function compileAllPatterns(): string[] {
  const failed: string[] = [];
  for (const [name, s] of Object.entries(MODEL.shapes)) {
    if (s.pattern === undefined) continue;
    try {
      compilePattern(s.pattern);
    } catch {
      failed.push(name);
    }
  }
  return failed;
}
