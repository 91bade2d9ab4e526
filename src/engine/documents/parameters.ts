// Checks the parameters a caller supplies (SendCommand, StartAutomationExecution, StartSession, ...)
// against the document's declarations and returns typed values with defaults applied.
import { InvalidParametersError, type ParameterIssue } from './errors.js';
import { interpolate, type SsmResolver } from './interpolate.js';
import type { ParameterDeclaration } from './schemas.js';

export interface ResolveParametersOptions {
  /** Resolves `{{ ssm:name }}` in defaults and values; without it those stay as text. */
  resolveSsm?: SsmResolver;
  /** Automation allows undeclared parameters nowhere; set true only to ignore extra keys. */
  ignoreUndeclared?: boolean;
}

/**
 * Supplied values are what the API carries (map of string lists, e.g. `{"commands": ["ls"]}`) or
 * already typed values. Returns typed values: String -> string, StringList -> string[], Integer -> number,
 * Boolean -> boolean, StringMap -> object, MapList -> object[]. Throws InvalidParametersError with every issue.
 */
export function resolveParameters(
  declarations: Record<string, ParameterDeclaration>,
  supplied: Record<string, unknown> | undefined,
  opts: ResolveParametersOptions = {},
): Record<string, unknown> {
  const issues: ParameterIssue[] = [];
  const values: Record<string, unknown> = {};
  const given = supplied ?? {};
  if (!opts.ignoreUndeclared) {
    for (const name of Object.keys(given)) {
      if (!Object.prototype.hasOwnProperty.call(declarations, name)) {
        issues.push({
          code: 'undeclared',
          parameter: name,
          message: `Parameter "${name}" is not defined in the document.`,
        });
      }
    }
  }
  for (const [name, decl] of Object.entries(declarations)) {
    const has = Object.prototype.hasOwnProperty.call(given, name) && given[name] !== undefined;
    let raw: unknown = has ? given[name] : decl.default;
    if (raw === undefined) {
      issues.push({
        code: 'required',
        parameter: name,
        message: `Parameter "${name}" is required but was not provided.`,
      });
      continue;
    }
    if (opts.resolveSsm) {
      try {
        raw = interpolate(raw, { resolveSsm: opts.resolveSsm });
      } catch (err) {
        if (err instanceof InvalidParametersError) issues.push(...err.issues);
        else throw err;
        continue;
      }
    }
    const typed = toType(name, decl, raw, issues);
    if (typed === undefined) continue;
    checkConstraints(name, decl, typed, issues);
    values[name] = typed;
  }
  if (issues.length) throw new InvalidParametersError(issues);
  return values;
}

function toType(name: string, decl: ParameterDeclaration, raw: unknown, issues: ParameterIssue[]): unknown {
  const bad = () => {
    issues.push({
      code: 'type',
      parameter: name,
      message: `Parameter "${name}" has value ${display(raw)}, which is not of type ${decl.type}.`,
    });
    return undefined;
  };
  const single = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  switch (decl.type) {
    case 'String':
      return typeof single === 'string' ? single : bad();
    case 'StringList':
      if (typeof raw === 'string') return raw === '' ? [] : raw.split(',');
      return Array.isArray(raw) && raw.every((x) => typeof x === 'string') ? raw : bad();
    case 'Integer': {
      if (typeof single === 'number' && Number.isInteger(single)) return single;
      return typeof single === 'string' && /^-?\d+$/.test(single.trim()) ? Number(single) : bad();
    }
    case 'Boolean':
      if (typeof single === 'boolean') return single;
      return single === 'true' ? true : single === 'false' ? false : bad();
    case 'StringMap': {
      const v = typeof single === 'string' ? parseJson(single) : single;
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : bad();
    }
    case 'MapList': {
      let v: unknown = raw;
      if (typeof raw === 'string') v = parseJson(raw);
      else if (
        Array.isArray(raw) &&
        raw.length === 1 &&
        typeof raw[0] === 'string' &&
        raw[0].trim().startsWith('[')
      )
        v = parseJson(raw[0]);
      else if (Array.isArray(raw)) v = raw.map((x) => (typeof x === 'string' ? parseJson(x) : x));
      return Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))
        ? v
        : bad();
    }
  }
}

function checkConstraints(name: string, d: ParameterDeclaration, v: unknown, issues: ParameterIssue[]): void {
  const items = Array.isArray(v) ? v : [v];
  if (d.allowedValues) {
    const allowed = d.allowedValues.map((a) => String(a));
    for (const item of items) {
      if (typeof item !== 'object' && !allowed.includes(String(item))) {
        issues.push({
          code: 'allowedValues',
          parameter: name,
          message: `Parameter "${name}" has value "${String(item)}", which is not one of the allowed values [${allowed.join(', ')}].`,
        });
      }
    }
  }
  if (d.allowedPattern !== undefined) {
    const re = new RegExp(d.allowedPattern);
    for (const item of items) {
      if (typeof item === 'string' && !fullMatch(re, item)) {
        issues.push({
          code: 'allowedPattern',
          parameter: name,
          message: `Parameter "${name}" has value "${item}", which does not match the allowed pattern ${d.allowedPattern}.`,
        });
      }
    }
  }
  if (Array.isArray(v)) {
    if (d.minItems !== undefined && v.length < d.minItems) {
      issues.push({
        code: 'minItems',
        parameter: name,
        message: `Parameter "${name}" must have at least ${d.minItems} item(s).`,
      });
    }
    if (d.maxItems !== undefined && v.length > d.maxItems) {
      issues.push({
        code: 'maxItems',
        parameter: name,
        message: `Parameter "${name}" must have at most ${d.maxItems} item(s).`,
      });
    }
  }
  for (const item of items) {
    if (typeof item !== 'string') continue;
    if (d.minChars !== undefined && item.length < d.minChars) {
      issues.push({
        code: 'minChars',
        parameter: name,
        message: `Parameter "${name}" must have at least ${d.minChars} character(s).`,
      });
    }
    if (d.maxChars !== undefined && item.length > d.maxChars) {
      issues.push({
        code: 'maxChars',
        parameter: name,
        message: `Parameter "${name}" must have at most ${d.maxChars} character(s).`,
      });
    }
  }
}

/** AWS validates allowedPattern with Java's Matcher.matches(): the whole value must match. */
function fullMatch(re: RegExp, s: string): boolean {
  const m = new RegExp(`^(?:${re.source})$`, re.flags).exec(s);
  return m !== null;
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

function display(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}
