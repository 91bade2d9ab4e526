// Reading boto3-style PascalCase parameters as Automation documents write them. Interpolated values may
// arrive as strings ("true", "8"), so scalars are read leniently; a wrong shape is InvalidParameterValue.
import { invalidParameterValue, missingParameter } from './errors.js';

export type Params = Record<string, unknown>;

export interface Filter {
  Name: string;
  Values: string[];
}

export interface Tag {
  Key: string;
  Value: string;
}

const badType = (name: string, v: unknown, expected: string) =>
  invalidParameterValue(
    `Invalid type for parameter ${name}, value: ${JSON.stringify(v)}, expected ${expected}`,
  );

export function str(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badType(name, v, 'a string');
}

export function reqStr(p: Params, name: string): string {
  const v = str(p, name);
  if (v === undefined || v === '') throw missingParameter(name);
  return v;
}

export function strList(p: Params, name: string): string[] | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  // A single id where a list is expected is what a `{{ InstanceId }}` String parameter gives: accept it.
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badType(name, v, 'a list of strings');
  return v as string[];
}

export function bool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw badType(name, v, 'a boolean');
}

export function int(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw badType(name, v, 'an integer');
  return n;
}

export function filters(p: Params): Filter[] {
  const v = p.Filters;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badType('Filters', v, 'a list of {Name, Values}');
  return v.map((f: unknown, i) => {
    const o = f as { Name?: unknown; Values?: unknown };
    if (!o || typeof o !== 'object' || typeof o.Name !== 'string')
      throw badType(`Filters[${i}].Name`, o?.Name, 'a string');
    const values = o.Values === undefined ? [] : o.Values;
    if (!Array.isArray(values)) throw badType(`Filters[${i}].Values`, values, 'a list of strings');
    return { Name: o.Name, Values: values.map(String) };
  });
}

export function tags(p: Params, name: string): Tag[] | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw badType(name, v, 'a list of {Key, Value}');
  return v.map((t: unknown, i) => {
    const o = t as { Key?: unknown; Value?: unknown };
    if (!o || typeof o !== 'object' || typeof o.Key !== 'string')
      throw badType(`${name}[${i}].Key`, o?.Key, 'a string');
    return { Key: o.Key, Value: o.Value === undefined || o.Value === null ? '' : String(o.Value) };
  });
}

/** TagSpecifications: [{ResourceType, Tags}] -> the tags meant for one resource type. */
export function tagSpecifications(p: Params, resourceType: string): Tag[] {
  const v = p.TagSpecifications;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badType('TagSpecifications', v, 'a list of {ResourceType, Tags}');
  const out: Tag[] = [];
  for (const spec of v as { ResourceType?: unknown; Tags?: unknown }[]) {
    if (spec?.ResourceType === resourceType) out.push(...(tags({ Tags: spec.Tags }, 'Tags') ?? []));
  }
  return out;
}

export function tagRecord(list: Tag[]): Record<string, string> {
  return Object.fromEntries(list.map((t) => [t.Key, t.Value]));
}
