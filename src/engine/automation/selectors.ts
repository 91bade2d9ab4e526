// The JSONPath subset Automation selectors use (`$.Reservations[0].Instances[0].State.Name`, `$.Payload.x`,
// `$.Images[*].ImageId`, `$..ImageId`): dot and bracket members, indexes, wildcards and deep scan.
import { ValidationException } from '../../model/generated/errors.js';

type Segment =
  | { kind: 'member'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | {
      kind: 'deep';
      name: string;
    };

export class SelectorError extends ValidationException {}

export function parseSelector(selector: string): Segment[] {
  const s = selector.trim();
  if (!s.startsWith('$')) throw new SelectorError(`Selector ${selector} must start with $`);
  const out: Segment[] = [];
  let i = 1;
  const name = () => {
    const m = /^[^.[\]]+/.exec(s.slice(i));
    if (!m) throw new SelectorError(`Invalid selector ${selector}`);
    i += m[0].length;
    return m[0];
  };
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      out.push({ kind: 'deep', name: name() });
    } else if (s[i] === '.') {
      i += 1;
      if (s[i] === '*') {
        i += 1;
        out.push({ kind: 'all' });
      } else out.push({ kind: 'member', name: name() });
    } else if (s[i] === '[') {
      const end = s.indexOf(']', i);
      if (end < 0) throw new SelectorError(`Invalid selector ${selector}`);
      const inner = s.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') out.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) out.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) out.push({ kind: 'member', name: inner.slice(1, -1) });
      else throw new SelectorError(`Invalid selector ${selector}`);
    } else throw new SelectorError(`Invalid selector ${selector}`);
  }
  return out;
}

/** Every value the selector reaches; `definite` is false when a wildcard or deep scan was used. */
export function select(value: unknown, selector: string): { values: unknown[]; definite: boolean } {
  const segments = parseSelector(selector);
  let current: unknown[] = [value];
  let definite = true;
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const v of current) {
      if (seg.kind === 'member') {
        if (isObject(v) && Object.prototype.hasOwnProperty.call(v, seg.name)) next.push(v[seg.name]);
      } else if (seg.kind === 'index') {
        if (Array.isArray(v)) {
          const idx = seg.index < 0 ? v.length + seg.index : seg.index;
          if (idx >= 0 && idx < v.length) next.push(v[idx]);
        }
      } else if (seg.kind === 'all') {
        definite = false;
        if (Array.isArray(v)) next.push(...v);
        else if (isObject(v)) next.push(...Object.values(v));
      } else {
        definite = false;
        deepCollect(v, seg.name, next);
      }
    }
    current = next;
  }
  return { values: current, definite };
}

/** The selected value: one value for a definite path, the list of matches for a wildcard path. */
export function selectOne(value: unknown, selector: string): unknown {
  const { values, definite } = select(value, selector);
  return definite ? values[0] : values;
}

function deepCollect(v: unknown, name: string, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) deepCollect(x, name, out);
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === name) out.push(x);
      deepCollect(x, name, out);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
