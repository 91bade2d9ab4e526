// Values an execution interpolates besides its parameters (`global:`, `automation:`, step outputs), and the
// conversions between typed values and the API's string lists (AutomationParameterMap).
import { ValidationException } from '../../model/generated/errors.js';

export interface GlobalScope {
  account: string;
  region: string;
  executionId: string;
}

/** Actions reference, "Automation system variables": formats at run time, UTC. */
export function systemVariables(scope: GlobalScope, nowMs: number): Record<string, string> {
  const iso = new Date(nowMs).toISOString(); // 2026-11-26T08:30:00.000Z
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19).replace(/:/g, '.');
  return {
    'global:ACCOUNT_ID': scope.account,
    'global:REGION': scope.region,
    'global:AWS_PARTITION': partitionOf(scope.region),
    'global:DATE': date,
    'global:DATE_TIME': `${date}_${time}`,
    'automation:EXECUTION_ID': scope.executionId,
  };
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** A typed value as the API shows it: a list of strings (objects as JSON). */
export function toStringList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  if (typeof v === 'object') return [JSON.stringify(v)];
  return [String(v)];
}

export function toParameterMap(values: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(values)) out[k] = toStringList(v);
  return out;
}

export class OutputTypeError extends ValidationException {}

/** A step output `Type` (String by default) applied to what its Selector found. */
export function convertOutput(value: unknown, type: string | undefined, name: string): unknown {
  const t = type ?? 'String';
  const fail = () => {
    throw new OutputTypeError(
      `Output ${name} with value ${JSON.stringify(value)} cannot be converted to type ${t}.`,
    );
  };
  switch (t) {
    case 'String':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
    case 'Integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      return typeof n === 'number' && Number.isInteger(n) ? n : fail();
    }
    case 'Boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : fail();
    case 'StringList':
      if (Array.isArray(value)) return value.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      return typeof value === 'string' ? [value] : fail();
    case 'StringMap':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : fail();
    case 'MapList':
      return Array.isArray(value) && value.every((x) => typeof x === 'object' && x !== null) ? value : fail();
    default:
      return fail();
  }
}
