// The one implementation of `{{ ... }}` references: find them (for validation) and substitute them (for
// Run Command, Automation and Session Manager). Parameter Store values come through a resolver callback.
import { InvalidParametersError } from './errors.js';

export type Reference =
  | { kind: 'parameter'; name: string }
  | { kind: 'ssm'; name: string; secure: boolean }
  | { kind: 'global'; name: string }
  | { kind: 'automation'; name: string }
  | { kind: 'variable'; name: string }
  | { kind: 'stepOutput'; name: string; step: string; output: string };

/** Looks a Parameter Store name up (`/a/b`, `a`, optionally `name:version`); undefined when absent. */
export type SsmResolver = (name: string, opts: { secure: boolean }) => string | undefined;

export interface InterpolationContext {
  /** Document parameters with their typed values (as resolveParameters returns them). */
  parameters?: Record<string, unknown>;
  /** Automation values by reference text: `global:DATE_TIME`, `automation:EXECUTION_ID`, `variable:X`, `step.Output`. */
  values?: Record<string, unknown>;
  resolveSsm?: SsmResolver;
  /** What to do with a reference that has no value yet: keep its text (default) or fail. */
  onMissing?: 'keep' | 'throw';
}

const REF = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

export function classify(inner: string): Reference | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^ssm-secure:(.+)$/.exec(inner))) return { kind: 'ssm', name: m[1].trim(), secure: true };
  if ((m = /^ssm:(.+)$/.exec(inner))) return { kind: 'ssm', name: m[1].trim(), secure: false };
  if (/^global:[A-Z_]+$/.test(inner)) return { kind: 'global', name: inner };
  if (/^automation:[A-Z_]+$/.test(inner)) return { kind: 'automation', name: inner };
  if (/^variable:[A-Za-z0-9_]+$/.test(inner)) return { kind: 'variable', name: inner };
  if (/^[A-Za-z0-9_]+$/.test(inner)) return { kind: 'parameter', name: inner };
  if ((m = /^([A-Za-z0-9_]+)\.([A-Za-z0-9_.[\]]+)$/.exec(inner))) {
    return { kind: 'stepOutput', name: inner, step: m[1], output: m[2] };
  }
  return undefined; // e.g. Go templates such as {{.Names}} inside scripts: not ours
}

/** Every reference in a value (strings inside lists and maps included), in document order. */
export function findReferences(value: unknown): Reference[] {
  const out: Reference[] = [];
  walkStrings(value, (s) => {
    for (const m of s.matchAll(REF)) {
      const r = classify(m[1]);
      if (r) out.push(r);
    }
  });
  return out;
}

/**
 * Substitutes references in a value. A string that is exactly one reference takes the referenced value
 * with its type (a StringList stays a list, so `runCommand: "{{ commands }}"` becomes the commands);
 * inside longer text, values are written as text (lists joined with commas).
 */
export function interpolate<T>(value: T, ctx: InterpolationContext): T {
  return mapStrings(value, (s) => {
    const whole = WHOLE.exec(s);
    if (whole) {
      const r = classify(whole[1]);
      if (!r) return s;
      const v = lookup(r, ctx);
      return v === undefined ? missing(r, s, ctx) : v;
    }
    return s.replace(REF, (text, inner: string) => {
      const r = classify(inner);
      if (!r) return text;
      const v = lookup(r, ctx);
      if (v === undefined) return String(missing(r, text, ctx));
      return toText(v);
    });
  }) as T;
}

function lookup(r: Reference, ctx: InterpolationContext): unknown {
  switch (r.kind) {
    case 'parameter':
      return ctx.parameters && Object.prototype.hasOwnProperty.call(ctx.parameters, r.name)
        ? ctx.parameters[r.name]
        : undefined;
    case 'ssm': {
      if (!ctx.resolveSsm) return undefined;
      const v = ctx.resolveSsm(r.name, { secure: r.secure });
      if (v === undefined) {
        throw new InvalidParametersError([
          {
            code: 'unresolved',
            parameter: r.name,
            message: `Parameter Store parameter "${r.name}" does not exist.`,
          },
        ]);
      }
      return v;
    }
    default:
      return ctx.values && Object.prototype.hasOwnProperty.call(ctx.values, r.name)
        ? ctx.values[r.name]
        : undefined;
  }
}

function missing(r: Reference, text: string, ctx: InterpolationContext): unknown {
  if (ctx.onMissing !== 'throw') return text;
  throw new InvalidParametersError([
    { code: 'unresolved', parameter: r.name, message: `Reference "${text}" has no value.` },
  ]);
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(',');
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

function walkStrings(value: unknown, fn: (s: string) => void): void {
  if (typeof value === 'string') fn(value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, fn);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) walkStrings(v, fn);
}

function mapStrings(value: unknown, fn: (s: string) => unknown): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out;
  }
  return value;
}
